package io.phalanx.duties;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.api.ApiException;
import io.phalanx.api.ForwardingBeaconNode;
import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.cluster.lock.LockContent;
import io.phalanx.cluster.lock.Operator;
import io.phalanx.consensus.PartialSignature;
import io.phalanx.duties.testing.ClusterKeys;
import io.phalanx.duties.testing.InMemoryConsensus;
import io.phalanx.duties.testing.InMemoryExchange;
import io.phalanx.duties.testing.StubBeaconNode;
import io.phalanx.spec.api.ProposerPreparation;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.bls.ThresholdBls;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.network.Network;
import io.phalanx.spec.signing.DomainType;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.testing.SeededRandom;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.SignedValidatorRegistrationV1;
import io.phalanx.spec.types.SignedVoluntaryExit;
import io.phalanx.spec.types.ValidatorRegistrationV1;
import io.phalanx.spec.types.VoluntaryExit;
import io.phalanx.spec.util.Bytes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Voluntary exits, builder registrations and proposer preparation through four nodes' workflows
 * over in-memory agreement and exchange: three partials combine into the whole key's signature in
 * the right domain; bad input is refused with a 4xx and nothing is combined.
 */
class ExitAndRegistrationDutiesTest {
  static final int N = 4;
  static final int T = 3;
  static final long SLOTS_PER_EPOCH = 4;
  static final Fork FORK = ClusterKeys.FORK;
  static final Bytes GVR = ClusterKeys.GVR;
  static final Bytes GENESIS_VERSION = Bytes.fromHex("0x10000910");
  static final Bytes CAPELLA_VERSION = Bytes.fromHex("0x40000910");
  static final Bytes LOCK_FEE_RECIPIENT = Bytes.fromHex("0x" + "11".repeat(20));

  final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
  final List<DutyWorkflow> nodes = new ArrayList<>();
  final List<BlsSecretKey> keys = new ArrayList<>();
  final List<List<BlsSecretKey>> shares = new ArrayList<>();
  final List<DistributedValidator> validators = new ArrayList<>();
  RecordingChain chain;
  SlotClock clock;

  @BeforeEach
  void start() throws Exception {
    SecureRandom random = SeededRandom.of(11);
    for (int j = 0; j < 3; j++) {
      BlsSecretKey key = BlsSecretKey.random(random);
      List<BlsSecretKey> split = ThresholdBls.split(key, N, T, random);
      keys.add(key);
      shares.add(split);
      validators.add(new DistributedValidator(key.publicKey(), split.stream().map(BlsSecretKey::publicKey).toList(),
          LOCK_FEE_RECIPIENT, Bytes.zero(20)));
    }
    List<NodeIdentity> identities = new ArrayList<>();
    List<Operator> operators = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      NodeIdentity id = NodeIdentity.generate("n" + i, random);
      identities.add(id);
      operators.add(new Operator(id.publicKey(), id.certificateFingerprint(), Optional.empty()));
    }
    ClusterLock lock = ClusterLock.sign(new LockContent(ClusterLock.VERSION, "t", Network.HOODI, T, operators,
        validators, "2026-01-01T00:00:00Z"), identities);
    clock = new SlotClock(Instant.now().minusSeconds(60), Duration.ofMillis(600), SLOTS_PER_EPOCH, Clock.systemUTC());
    SignedMessages messages = new SignedMessages(FORK, GVR, SLOTS_PER_EPOCH, GENESIS_VERSION, CAPELLA_VERSION);
    chain = new RecordingChain(new StubBeaconNode(validators, messages));
    InMemoryConsensus consensus = new InMemoryConsensus(N, messages);
    InMemoryExchange exchange = new InMemoryExchange(N);
    for (int i = 0; i < N; i++) {
      DutyWorkflow node = new DutyWorkflow(new ClusterView(lock, i), consensus.node(i), exchange.node(i), chain, clock,
          messages.forks(), GVR, executor, List.of());
      nodes.add(node);
      // The validator client's look-up teaches the node the indices, as at start.
      node.validatorApi().validators("head", List.of("0", "1", "2")).get(5, TimeUnit.SECONDS);
    }
  }

  @AfterEach
  void stop() {
    nodes.forEach(DutyWorkflow::close);
    executor.shutdownNow();
  }

  /** The SSZ of {@code exit} with an empty signature: what a partial signature carries as its message. */
  static Bytes unsignedExit(VoluntaryExit exit) {
    return Bytes.of(SignedVoluntaryExit.SSZ.serialize(new SignedVoluntaryExit(exit, Bytes.zero(96))));
  }

  Bytes exitRoot(VoluntaryExit exit) {
    return SigningRoots.computeSigningRoot(VoluntaryExit.SSZ, exit, SigningRoots.voluntaryExitDomain(CAPELLA_VERSION, GVR));
  }

  @Test
  void threePartialExitsForAnOldEpochCombineIntoTheWholeKeysExit() throws Exception {
    VoluntaryExit exit = new VoluntaryExit(0, 1);
    for (int i = 0; i < T; i++) {
      nodes.get(i).validatorApi().submitVoluntaryExit(
          new SignedVoluntaryExit(exit, shares.get(1).get(i).sign(exitRoot(exit)).toBytes())).get(5, TimeUnit.SECONDS);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> chain.exits.size() == N);
    // Every node (the fourth from its peers' partials alone) published the same exit: the whole key's.
    assertEquals(1, chain.exits.stream().distinct().count());
    SignedVoluntaryExit published = chain.exits.get(0);
    assertEquals(exit, published.message());
    assertEquals(keys.get(1).sign(exitRoot(exit)).toBytes(), published.signature());
    // The epoch pinned to Capella's version (EIP-7044), not the current fork's.
    assertFalse(BlsSignature.fromBytes(published.signature()).verify(keys.get(1).publicKey(),
        SigningRoots.computeSigningRoot(VoluntaryExit.SSZ, exit, SigningRoots.domainAtEpoch(
            DomainType.VOLUNTARY_EXIT, FORK, 0, GVR))));
  }

  @Test
  void anExitForAValidatorNotInTheClusterIsRefusedAndNothingIsShared() throws Exception {
    VoluntaryExit exit = new VoluntaryExit(0, 7);
    ApiException refused = refusal(nodes.get(0).validatorApi().submitVoluntaryExit(
        new SignedVoluntaryExit(exit, shares.get(1).get(0).sign(exitRoot(exit)).toBytes())));
    assertEquals(404, refused.status());
    assertTrue(refused.getMessage().contains("validator 7 is not one of this cluster's validators"), refused.getMessage());
    assertEquals(0, nodes.get(0).tracker().count(DutyType.VOLUNTARY_EXIT, DutyTracker.Step.VC_SUBMITTED));
  }

  @Test
  void aPartialExitThatDoesNotVerifyAgainstTheShareIsRefused() throws Exception {
    VoluntaryExit exit = new VoluntaryExit(0, 1);
    ApiException refused = refusal(nodes.get(0).validatorApi().submitVoluntaryExit(
        new SignedVoluntaryExit(exit, shares.get(1).get(1).sign(exitRoot(exit)).toBytes())));
    assertEquals(400, refused.status());
    assertTrue(refused.getMessage().contains("does not verify against this node's share"), refused.getMessage());
  }

  @Test
  void registrationsUnderTheShareKeyCombineOverTheGroupKeyAndGoOutInOneBatch() throws Exception {
    long timestamp = clock.slotStart(clock.firstSlotOf(clock.currentEpoch())).getEpochSecond();
    for (int i = 0; i < T; i++) {
      List<SignedValidatorRegistrationV1> partials = new ArrayList<>();
      for (int v = 0; v < 3; v++) {
        ValidatorRegistrationV1 group = new ValidatorRegistrationV1(LOCK_FEE_RECIPIENT, 36_000_000, timestamp,
            keys.get(v).publicKey().toBytes());
        Bytes root = SigningRoots.validatorRegistrationSigningRoot(group, GENESIS_VERSION);
        // The client names its share key, as it knows no other; it signed the group key's registration.
        ValidatorRegistrationV1 named = new ValidatorRegistrationV1(LOCK_FEE_RECIPIENT, 36_000_000, timestamp,
            shares.get(v).get(i).publicKey().toBytes());
        partials.add(new SignedValidatorRegistrationV1(named, shares.get(v).get(i).sign(root).toBytes()));
      }
      nodes.get(i).validatorApi().registerValidators(partials).get(5, TimeUnit.SECONDS);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> chain.registrations.stream().mapToInt(List::size).sum() == 3 * N);
    for (SignedValidatorRegistrationV1 r : chain.registrations.stream().flatMap(List::stream).toList()) {
      int v = indexOf(r.message().pubkey());
      assertTrue(BlsSignature.fromBytes(r.signature()).verify(keys.get(v).publicKey(),
          SigningRoots.validatorRegistrationSigningRoot(r.message(), GENESIS_VERSION)), "registration of " + v);
    }
    assertTrue(chain.registrations.stream().anyMatch(batch -> batch.size() > 1), "sent in batches");
  }

  /**
   * Clients that stamp registrations with their own clock (one second apart here, in one epoch)
   * sign differing messages: nothing combines, and each node says why once per validator.
   */
  @Test
  void registrationsSignedWithDifferingTimestampsDoNotCombineAndAreReported() throws Exception {
    long timestamp = clock.slotStart(clock.firstSlotOf(clock.currentEpoch())).getEpochSecond();
    for (int i = 0; i < N; i++) {
      ValidatorRegistrationV1 group = new ValidatorRegistrationV1(LOCK_FEE_RECIPIENT, 36_000_000, timestamp + i,
          keys.get(1).publicKey().toBytes());
      Bytes root = SigningRoots.validatorRegistrationSigningRoot(group, GENESIS_VERSION);
      nodes.get(i).validatorApi().registerValidators(
          List.of(new SignedValidatorRegistrationV1(group, shares.get(1).get(i).sign(root).toBytes())))
          .get(5, TimeUnit.SECONDS);
    }
    for (int i = 0; i < N; i++) {
      PartialSignatureStore store = nodes.get(i).partialSignatures();
      await().atMost(Duration.ofSeconds(10)).until(() -> store.splitRegistrations() == 1);
    }
    Thread.sleep(300); // what a combination would take, and more
    assertEquals(List.of(), chain.registrations, "nothing combined from differing registrations");
  }

  @Test
  void aRegistrationWithAnotherFeeRecipientIsRefusedNamingBoth() throws Exception {
    Bytes other = Bytes.fromHex("0x" + "22".repeat(20));
    ValidatorRegistrationV1 message = new ValidatorRegistrationV1(other, 36_000_000, 1, keys.get(2).publicKey().toBytes());
    Bytes root = SigningRoots.validatorRegistrationSigningRoot(message, GENESIS_VERSION);
    ApiException refused = refusal(nodes.get(0).validatorApi().registerValidators(
        List.of(new SignedValidatorRegistrationV1(message, shares.get(2).get(0).sign(root).toBytes()))));
    assertEquals(400, refused.status());
    String text = refused.getMessage().toLowerCase(Locale.ROOT);
    assertTrue(text.contains(keys.get(2).publicKey().toHex()) && text.contains("22".repeat(20))
        && text.contains("11".repeat(20)), refused.getMessage());
    assertEquals(0, nodes.get(0).tracker().count(DutyType.BUILDER_REGISTRATION, DutyTracker.Step.VC_SUBMITTED));
  }

  @Test
  void theLocksFeeRecipientsWinInProposerPreparation() throws Exception {
    Bytes asked = Bytes.fromHex("0x" + "33".repeat(20));
    nodes.get(0).validatorApi().prepareBeaconProposer(List.of(new ProposerPreparation(0, asked),
        new ProposerPreparation(1, LOCK_FEE_RECIPIENT), new ProposerPreparation(42, asked))).get(5, TimeUnit.SECONDS);
    assertEquals(List.of(List.of(new ProposerPreparation(0, LOCK_FEE_RECIPIENT),
        new ProposerPreparation(1, LOCK_FEE_RECIPIENT))), chain.preparations);
  }

  @Test
  void exitPartialsAreKeptForTwoPruneRoundsWhateverTheirEpoch() {
    PartialSignatureStore store = nodes.get(0).partialSignatures();
    VoluntaryExit exit = new VoluntaryExit(0, 2);
    DutyKey key = new DutyKey(0, DutyType.VOLUNTARY_EXIT);
    Bytes message = unsignedExit(exit);
    Bytes root = exitRoot(exit);
    store.addOwn(key, List.of(partial(2, 0, message, root)));
    store.pruneBelow(1_000);
    store.pruneBelow(2_000);
    store.addOwn(key, List.of(partial(2, 1, message, root), partial(2, 2, message, root)));
    await().atMost(Duration.ofSeconds(5)).until(() -> store.awaitAggregated(key, keys.get(2).publicKey().toBytes()).isDone());

    VoluntaryExit later = new VoluntaryExit(1, 0);
    DutyKey laterKey = new DutyKey(SLOTS_PER_EPOCH, DutyType.VOLUNTARY_EXIT);
    Bytes laterMessage = unsignedExit(later);
    store.addOwn(laterKey, List.of(partial(0, 0, laterMessage, exitRoot(later))));
    for (int round = 0; round < 3; round++) {
      store.pruneBelow(3_000 + round);
    }
    store.addOwn(laterKey, List.of(partial(0, 1, laterMessage, exitRoot(later)),
        partial(0, 2, laterMessage, exitRoot(later))));
    assertFalse(store.awaitAggregated(laterKey, keys.get(0).publicKey().toBytes()).isDone(),
        "the first partial was forgotten after three rounds: two are too few");
  }

  @Test
  void aPeersRegistrationWithAnotherFeeRecipientOrAnExitUnderAnotherKeyIsDropped() {
    PartialSignatureStore store = nodes.get(0).partialSignatures();
    ValidatorRegistrationV1 wrong = new ValidatorRegistrationV1(Bytes.fromHex("0x" + "44".repeat(20)), 36_000_000, 1,
        keys.get(0).publicKey().toBytes());
    Bytes root = SigningRoots.validatorRegistrationSigningRoot(wrong, GENESIS_VERSION);
    Bytes message = Bytes.of(SignedValidatorRegistrationV1.SSZ.serialize(new SignedValidatorRegistrationV1(wrong,
        Bytes.zero(96))));
    store.addFromPeer(1, new DutyKey(0, DutyType.BUILDER_REGISTRATION), List.of(partial(0, 1, message, root)));
    // An exit naming validator 2, signed with (and filed under) validator 0's key.
    VoluntaryExit exit = new VoluntaryExit(0, 2);
    Bytes exitMessage = unsignedExit(exit);
    store.addFromPeer(2, new DutyKey(0, DutyType.VOLUNTARY_EXIT), List.of(partial(0, 2, exitMessage, exitRoot(exit))));
    assertEquals(Map.of(1, 1L, 2, 1L), store.invalidByPeer());
  }

  /**
   * A peer's partial whose signature is not its share's counts until a combination fails; then it
   * is found, dropped and counted against that peer, and the next valid partial completes the
   * whole signature, which verifies against the group key.
   */
  @Test
  void aPeersInvalidPartialIsFoundWhenItsCombinationFailsAndTheNextValidOneCompletesIt() {
    PartialSignatureStore store = nodes.get(0).partialSignatures();
    VoluntaryExit exit = new VoluntaryExit(0, 1);
    DutyKey key = new DutyKey(0, DutyType.VOLUNTARY_EXIT);
    Bytes message = unsignedExit(exit);
    Bytes root = exitRoot(exit);
    Bytes groupKey = keys.get(1).publicKey().toBytes();
    store.addOwn(key, List.of(partial(1, 0, message, root)));
    // Node 1 sends share 2's partial signed with share 4's key: its checks pass, its signature does not.
    PartialSignature forged = new PartialSignature(groupKey, 2, message, root, shares.get(1).get(3).sign(root));
    store.addFromPeer(1, key, List.of(forged));
    store.addFromPeer(2, key, List.of(partial(1, 2, message, root)));
    await().atMost(Duration.ofSeconds(5)).until(() -> store.invalidByPeer().equals(Map.of(1, 1L)));
    assertFalse(store.awaitAggregated(key, groupKey).isDone(), "two valid partials are too few");

    store.addFromPeer(3, key, List.of(partial(1, 3, message, root)));
    await().atMost(Duration.ofSeconds(5)).until(() -> store.awaitAggregated(key, groupKey).isDone());
    SignedVoluntaryExit whole = SignedVoluntaryExit.SSZ.deserialize(store.awaitAggregated(key, groupKey).join()
        .signedMessage());
    assertTrue(BlsSignature.fromBytes(whole.signature()).verify(keys.get(1).publicKey(), root),
        "the whole exit verifies against the group key");
    assertEquals(Map.of(1, 1L), store.invalidByPeer());
  }

  private PartialSignature partial(int validator, int node, Bytes message, Bytes root) {
    return new PartialSignature(keys.get(validator).publicKey().toBytes(), node + 1, message, root,
        shares.get(validator).get(node).sign(root));
  }

  private int indexOf(Bytes groupKey) {
    for (int v = 0; v < keys.size(); v++) {
      if (keys.get(v).publicKey().toBytes().equals(groupKey)) {
        return v;
      }
    }
    throw new AssertionError("not a validator: " + groupKey);
  }

  private static ApiException refusal(CompletableFuture<Void> request) throws Exception {
    try {
      request.get(5, TimeUnit.SECONDS);
      throw new AssertionError("accepted");
    } catch (ExecutionException e) {
      return assertInstanceOf(ApiException.class, e.getCause());
    }
  }

  /** The stub beacon node, plus what was published of exits, registrations and preparations. */
  static final class RecordingChain extends ForwardingBeaconNode {
    final StubBeaconNode chain;
    final List<SignedVoluntaryExit> exits = new CopyOnWriteArrayList<>();
    final List<List<SignedValidatorRegistrationV1>> registrations = new CopyOnWriteArrayList<>();
    final List<List<ProposerPreparation>> preparations = new CopyOnWriteArrayList<>();

    RecordingChain(StubBeaconNode chain) {
      super(chain);
      this.chain = chain;
    }

    @Override
    public CompletableFuture<Void> publishVoluntaryExit(SignedVoluntaryExit exit) {
      exits.add(exit);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> registerValidators(List<SignedValidatorRegistrationV1> list) {
      registrations.add(List.copyOf(list));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> prepareBeaconProposer(List<ProposerPreparation> list) {
      preparations.add(List.copyOf(list));
      return CompletableFuture.completedFuture(null);
    }

  }
}
