package io.phalanx.sim.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.api.ApiException;
import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.spec.api.ProducedBlock;
import io.phalanx.spec.api.ProposerDuty;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.signing.DomainType;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.types.BeaconBlock;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.SignedBeaconBlock;
import io.phalanx.spec.types.SignedBlindedBeaconBlock;
import io.phalanx.spec.types.SignedBlockContents;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated chain's proposals through two simulated beacon nodes over one chain, asked over
 * HTTP by the real beacon-node client: proposers, full and blinded (builder) blocks, verification
 * of signed blocks, double proposals.
 */
class BlocksTest {
  private final TestChain test = new TestChain(8, 4, Duration.ofSeconds(4), 21);
  private SimulatedChain chain;
  private SimulatedBeaconNode builderNode;
  private SimulatedBeaconNode otherNode;
  private HttpBeaconNode builder;
  private HttpBeaconNode other;

  @BeforeEach
  void start() throws IOException {
    chain = new SimulatedChain(test.config());
    builderNode = new SimulatedBeaconNode(chain).start(0);
    otherNode = new SimulatedBeaconNode(chain).start(0);
    builder = new HttpBeaconNode(HttpBeaconNode.Config.of(builderNode.url()));
    other = new HttpBeaconNode(HttpBeaconNode.Config.of(otherNode.url()));
  }

  @AfterEach
  void stop() {
    builder.close();
    other.close();
    builderNode.close();
    otherNode.close();
  }

  private Bytes domain(DomainType type) {
    return SigningRoots.computeDomain(type, TestChain.FORK_VERSION, TestChain.GENESIS_VALIDATORS_ROOT);
  }

  private BlsSecretKey proposerKey(long slot) {
    return test.keys.get(Math.toIntExact(chain.proposer(slot)));
  }

  private Bytes randao(long slot) {
    return proposerKey(slot).sign(SigningRoots.randaoSigningRoot(slot / 4, domain(DomainType.RANDAO))).toBytes();
  }

  private Bytes sign(long slot, Bytes blockRoot) {
    return proposerKey(slot).sign(SigningRoots.computeSigningRoot(blockRoot, domain(DomainType.BEACON_PROPOSER)))
        .toBytes();
  }

  private static <T> T join(CompletableFuture<T> f) {
    return f.orTimeout(10, TimeUnit.SECONDS).join();
  }

  private static ApiException refusal(CompletableFuture<?> f) {
    try {
      join(f);
    } catch (CompletionException e) {
      return assertInstanceOf(ApiException.class, e.getCause());
    }
    throw new AssertionError("expected a refusal");
  }

  @Test
  void everySlotHasOneProposerAmongTheValidatorsTheSameForEveryone() {
    ProposerDuty.Epoch duties = join(other.proposerDuties(1));
    assertEquals(4, duties.duties().size());
    for (ProposerDuty d : duties.duties()) {
      assertEquals(chain.proposer(d.slot()), d.validatorIndex());
      assertEquals(test.publicKey(d.validatorIndex()).toBytes(), d.pubkey());
    }
    assertEquals(duties, join(builder.proposerDuties(1)));
    assertTrue(duties.duties().stream().map(ProposerDuty::validatorIndex).distinct().count() > 1,
        "proposals go round the validators");
  }

  @Test
  void aFullBlockSignedByItsProposerIsTakenOnceAndASecondBlockIsADoubleProposal() {
    long slot = 5;
    test.at(slot, 0);
    ProducedBlock block = join(other.produceBlock(slot, randao(slot), Bytes.zero(32), OptionalLong.of(0)));
    assertFalse(block.blinded(), "boost 0: never the builder's");
    SignedBlockContents signed = SignedBlockContents.of(block.contents(), sign(slot, block.blockRoot()));
    join(other.publishBlock(ConsensusVersion.FULU, signed));
    join(builder.publishBlock(ConsensusVersion.FULU, signed)); // the same block again: fine
    assertEquals(1, chain.summary(1).proposer().succeeded());
    assertEquals(Map.of("blinded", 0L, "full", 1L), chain.blockForms());
    assertEquals(1, test.recorded.stream().filter(r -> r.type().equals(RecordedMessage.BLOCK)).count());

    ProducedBlock second = join(other.produceBlock(slot, randao(slot), Bytes.zero(32), OptionalLong.of(0)));
    ApiException e = refusal(other.publishBlock(ConsensusVersion.FULU,
        SignedBlockContents.of(second.contents(), sign(slot, second.blockRoot()))));
    assertTrue(e.getMessage().contains("double proposal"), e.getMessage());
    assertEquals(1, chain.doubleProposals());
    assertEquals(1, chain.summary(1).doubleProposals());
  }

  @Test
  void wrongSignaturesAndRevealsAreRefusedWithTheirReason() {
    long slot = 6;
    test.at(slot, 0);
    Bytes wrongReveal = randao(3); // epoch 0's reveal, not epoch 1's
    ApiException badReveal = refusal(other.produceBlock(slot, wrongReveal, Bytes.zero(32), OptionalLong.empty()));
    assertEquals(400, badReveal.status());
    assertTrue(badReveal.getMessage().contains("randao_reveal does not verify"), badReveal.getMessage());

    ProducedBlock block = join(other.produceBlock(slot, randao(slot), Bytes.zero(32), OptionalLong.of(0)));
    Bytes otherKeysSignature = test.keys.get(Math.toIntExact((chain.proposer(slot) + 1) % 8))
        .sign(SigningRoots.computeSigningRoot(block.blockRoot(), domain(DomainType.BEACON_PROPOSER))).toBytes();
    ApiException badSignature = refusal(other.publishBlock(ConsensusVersion.FULU,
        SignedBlockContents.of(block.contents(), otherKeysSignature)));
    assertTrue(badSignature.getMessage().contains("invalid signature"), badSignature.getMessage());
    assertEquals(0, chain.summary(1).proposer().succeeded());
  }

  @Test
  void theBuilderWinsWhenItsBoostedBidIsHigherAndOnlyTheBeaconNodeThatBuiltABlindedBlockUnblindsIt() {
    long slot = 4; // even: the builder bids 1.5 times the local payload
    test.at(slot, 0);
    assertFalse(join(builder.produceBlock(slot, randao(slot), Bytes.zero(32), OptionalLong.of(50))).blinded(),
        "1.5 x 50% < 100%: the local payload");
    ProducedBlock block = join(builder.produceBlock(slot, randao(slot), Bytes.zero(32), OptionalLong.of(100)));
    assertTrue(block.blinded());
    assertEquals(EndpointsBid.EVEN, block.executionPayloadValue());
    SignedBlindedBeaconBlock signed = new SignedBlindedBeaconBlock(block.blindedBlock(), sign(slot, block.blockRoot()));

    ApiException notBuiltHere = refusal(other.publishBlindedBlock(ConsensusVersion.FULU, signed));
    assertTrue(notBuiltHere.getMessage().contains("did not build"), notBuiltHere.getMessage());
    join(builder.publishBlindedBlock(ConsensusVersion.FULU, signed));
    assertEquals(1, chain.summary(1).proposer().succeeded());
    assertEquals(Map.of("blinded", 1L, "full", 0L), chain.blockForms());

    long odd = 5; // the builder bids half the local payload: only a large boost takes it
    test.at(odd, 0);
    assertFalse(join(builder.produceBlock(odd, randao(odd), Bytes.zero(32), OptionalLong.of(100))).blinded());
    assertTrue(join(builder.produceBlock(odd, randao(odd), Bytes.zero(32), OptionalLong.of(300))).blinded());
  }

  /** The builder's bids the endpoints promise. */
  private static final class EndpointsBid {
    static final BigInteger EVEN = BlockEndpoints.builderBid(4);
  }

  @Test
  void aMissedProposalIsCountedMissingOnceItsDeadlinePassed() {
    test.at(4, 0);
    chain.summary(1);
    test.at(4 + 4 + 4, 0);
    DutyTally proposer = chain.summary(1).proposer();
    assertEquals(4, proposer.expected());
    assertEquals(Map.of("missing", 4L), proposer.failed());
  }

  @Test
  void aBlockNotFromTheSlotsProposerIsRefused() {
    long slot = 5;
    test.at(slot, 0);
    ProducedBlock block = join(other.produceBlock(slot, randao(slot), Bytes.zero(32), OptionalLong.of(0)));
    BeaconBlock b = block.contents().block();
    BeaconBlock byAnother = new BeaconBlock(b.slot(), (b.proposerIndex() + 1) % 8, b.parentRoot(), b.stateRoot(),
        b.body());
    assertTrue(chain.submitBlock(new SignedBeaconBlock(byAnother, sign(slot, BeaconBlock.SSZ.hashTreeRoot(byAnother))))
        .orElseThrow().detail().contains("not the slot's proposer"));
    assertEquals(List.of(), chain.summary(1).proposer().failed().keySet().stream().toList(),
        "a stranger's block fails no duty");
  }
}
