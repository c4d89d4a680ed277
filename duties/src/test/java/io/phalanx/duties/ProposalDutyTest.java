package io.phalanx.duties;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.ChainSpec;
import io.phalanx.api.SyncStatus;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.ValidatorLiveness;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.duties.testing.UnsupportedBeaconNode;
import io.phalanx.duties.testing.ClusterKeys;
import io.phalanx.duties.testing.InMemoryConsensus;
import io.phalanx.duties.testing.InMemoryExchange;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.api.ProducedBlock;
import io.phalanx.spec.api.ProposerDuty;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.testing.SeededRandom;
import io.phalanx.spec.testing.TestBlocks;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.BeaconBlock;
import io.phalanx.spec.types.BeaconBlockBody;
import io.phalanx.spec.types.BlindedBeaconBlock;
import io.phalanx.spec.types.BlockContents;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SignedBeaconBlock;
import io.phalanx.spec.types.SignedBlindedBeaconBlock;
import io.phalanx.spec.types.SignedBlockContents;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Block proposals through four nodes' duty workflows over in-memory agreement (first wins, with the
 * real block rules), exchange and beacon node: the RANDAO reveal is combined from three partials,
 * every validator client is served the same decided block, the combined block signature verifies
 * against the group key and is published, full or blinded; a partial over another block is refused.
 */
class ProposalDutyTest {
  static final int N = 4;
  static final int T = 3;
  static final long SLOTS_PER_EPOCH = 4;
  static final Fork FORK = ClusterKeys.FORK;
  static final Bytes GVR = ClusterKeys.GVR;

  final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
  final List<DutyWorkflow> nodes = new ArrayList<>();
  final SignedMessages messages = new SignedMessages(FORK, GVR, SLOTS_PER_EPOCH);
  List<BlsSecretKey> keys;
  List<List<BlsSecretKey>> shares;
  ProposingChain chain;
  SlotClock clock;

  @AfterEach
  void stop() {
    nodes.forEach(DutyWorkflow::close);
    executor.shutdownNow();
  }

  private void cluster(boolean blinded) throws Exception {
    ClusterKeys cluster = ClusterKeys.generate(2, SeededRandom.of(9));
    keys = cluster.keys();
    shares = cluster.shares();
    List<DistributedValidator> validators = cluster.validators();
    ClusterLock lock = cluster.lock();
    clock = new SlotClock(Instant.now().minusMillis(100), Duration.ofSeconds(3), SLOTS_PER_EPOCH, Clock.systemUTC());
    chain = new ProposingChain(validators, messages, blinded);
    InMemoryConsensus consensus = new InMemoryConsensus(N, messages);
    InMemoryExchange exchange = new InMemoryExchange(N);
    for (int i = 0; i < N; i++) {
      DutyWorkflow node = new DutyWorkflow(new ClusterView(lock, i), consensus.node(i), exchange.node(i), chain, clock,
          FORK, GVR, executor);
      node.proposals().configure(new ProposalDuty.Config(Optional.of(ProposalDuty.Config.graffitiOf("phalanx")),
          OptionalLong.of(blinded ? 100 : 0)));
      nodes.add(node);
      node.start();
    }
  }

  @ParameterizedTest(name = "blinded={0}")
  @ValueSource(booleans = {false, true})
  void everyValidatorClientGetsTheDecidedBlockAndTheCombinedSignatureIsPublished(boolean blinded) throws Exception {
    cluster(blinded);
    long slot = 1; // validator 1 proposes at slot 1 (index = slot mod 2)
    long epoch = slot / SLOTS_PER_EPOCH;
    Bytes randaoRoot = messages.randaoRoot(epoch);

    ProposerDuty.Epoch duties = nodes.get(2).validatorApi().proposerDuties(epoch).get(5, TimeUnit.SECONDS);
    assertEquals(chain.dependentRoot, duties.dependentRoot());
    assertEquals(shares.get(1).get(2).publicKey().toBytes(),
        duties.duties().stream().filter(d -> d.slot() == slot).findFirst().orElseThrow().pubkey(),
        "node 2's duties name its share of the proposer");

    List<CompletableFuture<ProducedBlock>> served = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      Bytes partial = shares.get(1).get(i).sign(randaoRoot).toBytes();
      served.add(nodes.get(i).validatorApi().produceBlock(slot, partial, Optional.empty(), OptionalLong.of(100)));
    }
    ProducedBlock block = served.get(0).get(10, TimeUnit.SECONDS);
    for (CompletableFuture<ProducedBlock> f : served) {
      assertEquals(block, f.get(10, TimeUnit.SECONDS), "every node serves the decided block");
    }
    assertEquals(blinded, block.blinded());
    assertEquals(keys.get(1).sign(randaoRoot).toBytes(), block.blindedBlock().body().randaoReveal(),
        "the block carries the validator's whole RANDAO reveal");
    assertEquals(ProposalDuty.Config.graffitiOf("phalanx"), block.blindedBlock().body().graffiti());
    assertTrue(chain.produced.size() <= N, "each node fetches at most once; the first proposal decided");

    // A block the cluster did not decide: refused, nothing published.
    BeaconBlock other = new TestBlocks(4).block(slot, 1);
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> nodes.get(3).validatorApi().submitBlock(ConsensusVersion.FULU, new SignedBlockContents(
            new SignedBeaconBlock(other, shares.get(1).get(3).sign(
                messages.blockSigningRoot(slot, BeaconBlock.SSZ.hashTreeRoot(other))).toBytes()), List.of(),
            List.of())).get(5, TimeUnit.SECONDS));
    ApiException api = assertInstanceOf(ApiException.class, refused.getCause());
    assertEquals(400, api.status());
    assertTrue(api.getMessage().contains("not the block the cluster decided"), api.getMessage());

    Bytes signingRoot = messages.blockSigningRoot(slot, block.blockRoot());
    for (int i = 0; i < T; i++) {
      Bytes partial = shares.get(1).get(i).sign(signingRoot).toBytes();
      if (blinded) {
        nodes.get(i).validatorApi().submitBlindedBlock(block.version(),
            new SignedBlindedBeaconBlock(block.blindedBlock(), partial)).get(5, TimeUnit.SECONDS);
      } else {
        nodes.get(i).validatorApi().submitBlock(block.version(), SignedBlockContents.of(block.contents(), partial))
            .get(5, TimeUnit.SECONDS);
      }
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> chain.published.size() >= T);
    assertTrue(chain.invalid.isEmpty(), chain.invalid.toString());
    assertEquals(1, chain.published.stream().distinct().count(), "one block, published by each node");
    assertEquals(keys.get(1).sign(signingRoot).toBytes(), chain.published.getFirst(),
        "the combined signature is the whole key's");
    assertEquals(blinded ? "blinded" : "full", chain.publishedForm);
  }

  @Test
  void aRandaoPartialThatDoesNotVerifyIsRefused() throws Exception {
    cluster(false);
    Bytes wrong = shares.get(1).get(1).sign(messages.randaoRoot(0)).toBytes(); // node 1's share, sent to node 0
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> nodes.get(0).validatorApi().produceBlock(1, wrong, Optional.empty(), OptionalLong.empty())
            .get(5, TimeUnit.SECONDS));
    ApiException api = assertInstanceOf(ApiException.class, e.getCause());
    assertEquals(400, api.status());
    assertTrue(api.getMessage().contains("randao_reveal does not verify"), api.getMessage());
    assertTrue(chain.produced.isEmpty());
  }

  /**
   * A beacon node whose validator (slot mod 2) proposes each slot; it builds a block with the
   * reveal it is given (blinded when asked to be a builder) and verifies what is published.
   */
  static final class ProposingChain extends UnsupportedBeaconNode {
    final List<DistributedValidator> validators;
    final SignedMessages messages;
    final boolean blinded;
    final Bytes dependentRoot = Bytes.fromHex("0x" + "cd".repeat(32));
    final List<Long> produced = new CopyOnWriteArrayList<>();
    final List<Bytes> published = new CopyOnWriteArrayList<>();
    final List<String> invalid = new CopyOnWriteArrayList<>();
    final Map<Long, BeaconBlock> built = new ConcurrentHashMap<>();
    volatile String publishedForm;

    ProposingChain(List<DistributedValidator> validators, SignedMessages messages, boolean blinded) {
      this.validators = validators;
      this.messages = messages;
      this.blinded = blinded;
    }

    @Override
    public CompletableFuture<ProposerDuty.Epoch> proposerDuties(long epoch) {
      List<ProposerDuty> duties = new ArrayList<>();
      for (long s = epoch * SLOTS_PER_EPOCH; s < (epoch + 1) * SLOTS_PER_EPOCH; s++) {
        duties.add(new ProposerDuty(validators.get((int) (s % 2)).groupPublicKey().toBytes(), s % 2, s));
      }
      return CompletableFuture.completedFuture(new ProposerDuty.Epoch(dependentRoot, duties));
    }

    @Override
    public CompletableFuture<ProducedBlock> produceBlock(long slot, Bytes randaoReveal, Bytes graffiti,
        OptionalLong builderBoostFactor) {
      produced.add(slot);
      BeaconBlock template = new TestBlocks(slot).block(slot, slot % 2);
      BeaconBlockBody b = template.body();
      BeaconBlock block = new BeaconBlock(slot, slot % 2, template.parentRoot(), template.stateRoot(),
          new BeaconBlockBody(randaoReveal, b.eth1Data(), graffiti, b.proposerSlashings(), b.attesterSlashings(),
              b.attestations(), b.deposits(), b.voluntaryExits(), b.syncAggregate(), b.executionPayload(),
              b.blsToExecutionChanges(), b.blobKzgCommitments(), b.executionRequests()));
      built.put(slot, block);
      boolean builder = blinded && builderBoostFactor.orElse(100) > 0;
      return CompletableFuture.completedFuture(builder
          ? ProducedBlock.blinded(ConsensusVersion.FULU, BlindedBeaconBlock.of(block), BigInteger.TWO, BigInteger.ONE)
          : ProducedBlock.full(ConsensusVersion.FULU, new BlockContents(block, List.of(), List.of()), BigInteger.ONE,
              BigInteger.ONE));
    }

    private void verify(long slot, long proposer, Bytes root, Bytes signature, String form) {
      if (BlsSignature.fromBytes(signature).verify(validators.get((int) proposer).groupPublicKey(),
          messages.blockSigningRoot(slot, root))) {
        publishedForm = form;
        published.add(signature);
      } else {
        invalid.add(form + " block of slot " + slot);
      }
    }

    @Override
    public CompletableFuture<Void> publishBlock(ConsensusVersion version, SignedBlockContents block) {
      BeaconBlock b = block.signedBlock().message();
      verify(b.slot(), b.proposerIndex(), BeaconBlock.SSZ.hashTreeRoot(b), block.signedBlock().signature(), "full");
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> publishBlindedBlock(ConsensusVersion version, SignedBlindedBeaconBlock block) {
      BlindedBeaconBlock b = block.message();
      BeaconBlock full = b.unblind(built.get(b.slot()).body().executionPayload());
      verify(b.slot(), b.proposerIndex(), BeaconBlock.SSZ.hashTreeRoot(full), block.signature(), "blinded");
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<ValidatorInfo>> validators(String stateId, List<String> ids) {
      List<ValidatorInfo> out = new ArrayList<>();
      for (int i = 0; i < validators.size(); i++) {
        Bytes pk = validators.get(i).groupPublicKey().toBytes();
        out.add(new ValidatorInfo(i, 32_000_000_000L, "active_ongoing", pk, Bytes.zero(32), 32_000_000_000L, false,
            0, 0, -1, -1));
      }
      return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletableFuture<AttesterDuty.Epoch> attesterDuties(long epoch, List<Long> indices) {
      return CompletableFuture.completedFuture(new AttesterDuty.Epoch(Bytes.zero(32), List.of()));
    }

    @Override
    public CompletableFuture<AttestationData> attestationData(long slot, long committeeIndex) {
      return CompletableFuture.failedFuture(new ApiException(503, "not in this test"));
    }

    @Override
    public CompletableFuture<Attestation> aggregateAttestation(long slot, Bytes root, long committeeIndex) {
      return CompletableFuture.failedFuture(new ApiException(503, "not in this test"));
    }

    @Override
    public CompletableFuture<Void> publishAttestations(List<SingleAttestation> attestations) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> publishAggregateAndProofs(List<SignedAggregateAndProof> aggregates) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<ValidatorLiveness>> liveness(long epoch, List<Long> indices) {
      return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletableFuture<List<BeaconCommitteeSelection>> beaconCommitteeSelections(List<BeaconCommitteeSelection> s) {
      return CompletableFuture.failedFuture(new ApiException(501, "not implemented"));
    }

    @Override
    public CompletableFuture<Fork> fork(String stateId) {
      return CompletableFuture.completedFuture(FORK);
    }

  }
}
