package io.phalanx.sim.vc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.phalanx.api.ApiException;
import io.phalanx.api.ChainSpec;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.signing.DomainType;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.testing.ManualClock;
import io.phalanx.spec.types.AggregateAndProof;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Sha256;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

class SimulatedValidatorClientTest {
  static final long GENESIS_TIME = 1_700_000_000L;
  static final long SLOTS_PER_EPOCH = 4;
  static final Duration SLOT = Duration.ofSeconds(12);
  /** 48 members: is_aggregator's modulo is 3, so some validators aggregate and some do not. */
  static final long COMMITTEE_LENGTH = 48;
  static final Bytes GENESIS_VALIDATORS_ROOT = FakeBeaconNode.root("genesis validators");
  static final Fork FORK = new Fork(Bytes.fromHex("0x04000000"), Bytes.fromHex("0x05000000"), 0);

  /** Validators 0-9 are this client's; 10 and 11 belong to the cluster but not to this test. */
  static final List<FakeBeaconNode.Validator> VALIDATORS = LongStream.range(0, 12)
      .mapToObj(i -> new FakeBeaconNode.Validator(i, key("share " + i), key("whole " + i)))
      .toList();
  /** A share the node does not know. */
  static final BlsSecretKey STRANGER = key("stranger");

  /** Simnet starts its clients before genesis. */
  final ManualClock clock = new ManualClock(Instant.ofEpochSecond(GENESIS_TIME).minusSeconds(3));
  final ManualScheduler scheduler = new ManualScheduler(clock);
  final LogCapture logs = new LogCapture();
  FakeBeaconNode node = nodeWith(Map.of());
  SimulatedValidatorClient client;

  @BeforeEach
  void captureLogs() {
    logs.attach();
  }

  @AfterEach
  void stopAndReleaseLogs() {
    if (client != null) {
      client.stop();
    }
    logs.detach();
  }

  @Test
  void findsItsValidatorsByTheirShareKeys() {
    start();

    List<String> asked = node.validatorQueries.get(0);
    Set<String> expected = new HashSet<>();
    ourShares().forEach(share -> expected.add(share.publicKey().toHex()));
    assertEquals(expected, new HashSet<>(asked));
    assertEquals(LongStream.range(0, 10).boxed().toList(), client.validatorIndices());
    assertEquals(new FakeBeaconNode.DutyQuery(0, client.validatorIndices()), node.dutyQueries.get(0));

    // The share the node did not know is asked for again, alone, at the next slot.
    scheduler.advanceTo(slotStart(1));
    assertEquals(List.of(STRANGER.publicKey().toHex()), node.validatorQueries.get(node.validatorQueries.size() - 1));
  }

  @Test
  void validatorsTheNodeRecognisesOnlyLaterStillAttestInThatSlot() {
    node.fail("validators", call -> call == 1, () -> ApiException.unavailable("not ready"));
    start();
    assertEquals(List.of(), client.validatorIndices());
    assertTrue(node.dutyQueries.isEmpty(), "no duties asked for no validators");

    scheduler.advanceTo(timeIn(0, 1, 3));

    assertEquals(LongStream.range(0, 10).boxed().toList(), client.validatorIndices());
    assertEquals(Set.of(0L, 1L, 8L, 9L), attesters(node.attestations));
    assertEquals(Map.of("validators HTTP 503", 1L), client.counters().otherFailures());
  }

  @Test
  void asksForDutiesOfEachEpochAndTheNext() {
    start();
    scheduler.advanceTo(slotStart(2 * SLOTS_PER_EPOCH).plusMillis(1));

    assertEquals(List.of(0L, 1L, 1L, 2L, 2L, 3L), node.dutyQueries.stream().map(FakeBeaconNode.DutyQuery::epoch).toList());
  }

  @Test
  void attestsAtOneThirdOfTheSlotWithPartialSignaturesOfTheShares() {
    start();
    scheduler.advanceTo(timeIn(0, 1, 3).minusMillis(1));
    assertTrue(node.attestations.isEmpty());
    assertTrue(node.dataQueries.isEmpty());

    scheduler.advanceTo(timeIn(0, 1, 3));

    // Slot 0 has validators 0, 8 in committee 0 and 1, 9 in committee 1: data once per committee.
    assertEquals(List.of(new FakeBeaconNode.DataQuery(0, 0), new FakeBeaconNode.DataQuery(0, 1)), node.dataQueries);
    assertEquals(Set.of(0L, 1L, 8L, 9L), attesters(node.attestations));
    for (SingleAttestation attestation : node.attestations) {
      FakeBeaconNode.Validator validator = node.validator(attestation.attesterIndex());
      assertEquals(validator.index() % FakeBeaconNode.COMMITTEES_PER_SLOT, attestation.committeeIndex());
      assertEquals(node.dataAt(0), attestation.data());
      Bytes root = signingRoot(AttestationData.SSZ.hashTreeRoot(attestation.data()), DomainType.BEACON_ATTESTER);
      assertTrue(verifies(attestation.signature(), validator.share().publicKey(), root));
      assertFalse(verifies(attestation.signature(), validator.whole().publicKey(), root), "a share signs, not the whole key");
    }
    assertEquals(new DutyTally(4, Map.of()), client.counters().at(0, DutyType.ATTESTER));
  }

  @Test
  void startedTooLateToAttestItBeginsWithTheNextSlot() {
    clock.set(timeIn(0, 1, 3).plusMillis(1));
    start();
    scheduler.advanceTo(slotStart(2).minusMillis(1));

    assertEquals(Set.of(2L, 3L), attesters(node.attestations));
    assertTrue(node.dataQueries.stream().allMatch(query -> query.slot() == 1));
  }

  @Test
  void sendsPartialSelectionProofsOfTheSharesAtTheSlotStart() {
    start();
    assertTrue(node.partialSelections.isEmpty(), "not before genesis");
    scheduler.advanceTo(slotStart(0));

    assertEquals(Set.of(0L, 1L, 8L, 9L), Set.copyOf(node.partialSelections.stream().map(BeaconCommitteeSelection::validatorIndex).toList()));
    for (BeaconCommitteeSelection partial : node.partialSelections) {
      assertEquals(0, partial.slot());
      Bytes root = signingRoot(Ssz.UINT64.hashTreeRoot(0L), DomainType.SELECTION_PROOF);
      assertTrue(verifies(partial.selectionProof(), node.validator(partial.validatorIndex()).share().publicKey(), root));
    }
    assertEquals(new DutyTally(4, Map.of()), client.counters().at(0, DutyType.SELECTION_PROOF));
  }

  @Test
  void aggregatesExactlyWhenTheCombinedProofSelectsItAndSignsWithTheShare() {
    start();
    scheduler.advanceTo(slotStart(2 * SLOTS_PER_EPOCH).minusMillis(1));

    Map<List<Long>, AttesterDuty> dutyOf = new HashMap<>();
    Set<List<Long>> selected = new HashSet<>();
    for (BeaconCommitteeSelection combined : node.combinedSelections) {
      AttesterDuty duty = node.dutyOf(node.validator(combined.validatorIndex()), combined.slot() / SLOTS_PER_EPOCH);
      dutyOf.put(List.of(combined.slot(), combined.validatorIndex()), duty);
      if (specIsAggregator(duty.committeeLength(), combined.selectionProof())) {
        selected.add(List.of(combined.slot(), combined.validatorIndex()));
      }
    }
    assertEquals(20, node.combinedSelections.size(), "ten validators, two epochs");
    assertFalse(selected.isEmpty(), "some are selected");
    assertTrue(selected.size() < node.combinedSelections.size(), "some are not");

    Set<List<Long>> aggregated = new HashSet<>();
    for (SignedAggregateAndProof signed : node.aggregates) {
      AggregateAndProof message = signed.message();
      long slot = message.aggregate().data().slot();
      FakeBeaconNode.Validator validator = node.validator(message.aggregatorIndex());
      AttesterDuty duty = dutyOf.get(List.of(slot, validator.index()));
      aggregated.add(List.of(slot, validator.index()));
      assertEquals(node.aggregateAt(slot, duty.committeeIndex()), message.aggregate());
      assertEquals(combinedProof(slot, validator.index()), message.selectionProof());
      Bytes root = signingRoot(AggregateAndProof.SSZ.hashTreeRoot(message), DomainType.AGGREGATE_AND_PROOF);
      assertTrue(verifies(signed.signature(), validator.share().publicKey(), root));
    }
    assertEquals(selected, aggregated);
    assertEquals(aggregated.size(), node.aggregates.size(), "each aggregator once");
    for (FakeBeaconNode.AggregateQuery query : node.aggregateQueries) {
      assertEquals(AttestationData.SSZ.hashTreeRoot(node.dataAt(query.slot())), query.dataRoot());
    }
    assertEquals(aggregated.size(), client.counters().total(DutyType.AGGREGATOR).submitted());
  }

  @Test
  void withSelectionsAheadTheEpochsAndTheNextEpochsPartialsGoOutAtItsStartInOneRequest() {
    client = new SimulatedValidatorClient(config().withCallPattern(CallPattern.TEKU));
    client.start();
    scheduler.runDue();
    scheduler.advanceTo(slotStart(0));
    assertEquals(1, node.calls("beacon_committee_selections"));
    assertEquals(Set.of(0L, 1L), Set.copyOf(node.partialSelections.stream().map(p -> p.slot() / SLOTS_PER_EPOCH)
        .toList()), "epochs 0 and 1");
    assertEquals(20, node.partialSelections.size(), "ten validators, two epochs");

    scheduler.advanceTo(slotStart(SLOTS_PER_EPOCH).minusMillis(1));
    assertEquals(1, node.calls("beacon_committee_selections"), "the slots of epoch 0 use the proofs sent ahead");
    scheduler.advanceTo(slotStart(SLOTS_PER_EPOCH));
    assertEquals(2, node.calls("beacon_committee_selections"));
    assertEquals(30, node.partialSelections.size(), "epoch 1 went out already: only epoch 2's are new");

    scheduler.advanceTo(slotStart(2 * SLOTS_PER_EPOCH).minusMillis(1));
    assertEquals(Map.of(), client.counters().total(DutyType.SELECTION_PROOF).failed());
    assertEquals(20, client.counters().total(DutyType.SELECTION_PROOF).submitted());
    assertEquals(expectedAggregators(2), Set.copyOf(node.aggregates.stream()
        .map(a -> List.of(a.message().aggregate().data().slot(), a.message().aggregatorIndex())).toList()));
  }

  @Test
  void withSelectionsAheadTheProofsANodeCouldNotCombineYetAreAskedForInTheirSlot() {
    node.combinesEarliestSlotOnly = true;
    client = new SimulatedValidatorClient(config().withCallPattern(CallPattern.NIMBUS));
    client.start();
    scheduler.runDue();
    scheduler.advanceTo(slotStart(2 * SLOTS_PER_EPOCH).minusMillis(1));

    assertEquals(Map.of(), client.counters().total(DutyType.SELECTION_PROOF).failed());
    assertEquals(20, client.counters().total(DutyType.SELECTION_PROOF).submitted());
    assertEquals(expectedAggregators(2), Set.copyOf(node.aggregates.stream()
        .map(a -> List.of(a.message().aggregate().data().slot(), a.message().aggregatorIndex())).toList()));
  }

  @Test
  void perValidatorAggregationSendsOneRequestPerAggregator() {
    client = new SimulatedValidatorClient(config().withCallPattern(CallPattern.PRYSM));
    client.start();
    scheduler.runDue();
    scheduler.advanceTo(slotStart(2 * SLOTS_PER_EPOCH).minusMillis(1));

    assertEquals(expectedAggregators(2), Set.copyOf(node.aggregates.stream()
        .map(a -> List.of(a.message().aggregate().data().slot(), a.message().aggregatorIndex())).toList()));
    assertEquals(node.aggregates.size(), node.calls("publish_aggregate_and_proofs"), "one request each");
  }

  /** (slot, validator) of every aggregator of our ten validators in the first {@code epochs} epochs. */
  Set<List<Long>> expectedAggregators(long epochs) {
    Set<List<Long>> expected = new HashSet<>();
    for (long epoch = 0; epoch < epochs; epoch++) {
      for (long index = 0; index < 10; index++) {
        AttesterDuty duty = node.dutyOf(node.validator(index), epoch);
        if (specIsAggregator(COMMITTEE_LENGTH, combinedProof(duty.slot(), index))) {
          expected.add(List.of(duty.slot(), index));
        }
      }
    }
    return expected;
  }

  @Test
  void aggregatesAtTwoThirdsOfTheSlot() {
    start();
    long slot = firstSlotWithAnAggregator();
    scheduler.advanceTo(timeIn(slot, 2, 3).minusMillis(1));
    assertTrue(node.aggregates.stream().noneMatch(a -> a.message().aggregate().data().slot() == slot));

    scheduler.advanceTo(timeIn(slot, 2, 3));
    assertTrue(node.aggregates.stream().anyMatch(a -> a.message().aggregate().data().slot() == slot));
  }

  static Stream<Arguments> nodeFailures() {
    return Stream.of(
        Arguments.of("unreachable", (Supplier<Throwable>) () -> new ConnectException("Connection refused"),
            "attestation_data node unreachable"),
        Arguments.of("5xx", (Supplier<Throwable>) () -> ApiException.unavailable("syncing"), "attestation_data HTTP 503"),
        Arguments.of("HTTP time-out", (Supplier<Throwable>) () -> new HttpTimeoutException("request timed out"),
            "attestation_data timed out"),
        Arguments.of("no answer", null, "attestation_data timed out"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nodeFailures")
  void aFailingRequestIsCountedAndLoggedOnceAndTheNextSlotGoesOn(String name, Supplier<Throwable> error, String reason) {
    if (error == null) {
      node.hang("attestation_data", slot -> slot == 0);
    } else {
      node.fail("attestation_data", slot -> slot == 0, error);
    }
    start();
    scheduler.advanceTo(slotStart(2).minusMillis(1));

    assertEquals(new DutyTally(0, Map.of(reason, 4L)), client.counters().at(0, DutyType.ATTESTER));
    assertEquals(1, logs.warnings(reason), logs.toString());
    // Aggregators of slot 0 had nothing to aggregate; slot 1 attested as usual.
    assertTrue(client.counters().at(0, DutyType.AGGREGATOR).failed().keySet().stream()
        .allMatch("no attestation data"::equals));
    assertEquals(new DutyTally(2, Map.of()), client.counters().at(1, DutyType.ATTESTER));
    assertEquals(Set.of(2L, 3L), attesters(node.attestations));
  }

  @Test
  void failedSelectionsCostTheAggregatesButNotTheAttestations() {
    node.fail("beacon_committee_selections", slot -> true, () -> ApiException.unavailable("no threshold"));
    start();
    scheduler.advanceTo(slotStart(SLOTS_PER_EPOCH).minusMillis(1));

    assertEquals(new DutyTally(0, Map.of("beacon_committee_selections HTTP 503", 10L)),
        client.counters().total(DutyType.SELECTION_PROOF));
    assertEquals(10, client.counters().total(DutyType.ATTESTER).submitted());
    assertTrue(node.aggregates.isEmpty());
    assertTrue(node.aggregateQueries.isEmpty());
  }

  @Test
  void startTriesAgainUntilTheNodeAnswers() {
    node.fail("genesis", call -> call <= 2, () -> new ConnectException("Connection refused"));
    client = new SimulatedValidatorClient(config());
    CompletableFuture<Void> started = client.start();
    scheduler.runDue();
    assertFalse(started.isDone());
    scheduler.advance(Duration.ofSeconds(5));
    assertFalse(started.isDone());
    scheduler.advance(Duration.ofSeconds(5));

    assertTrue(started.isDone() && !started.isCompletedExceptionally());
    assertEquals(Map.of("genesis node unreachable", 2L), client.counters().otherFailures());
    assertEquals(2, logs.warnings("genesis node unreachable"));
  }

  @Test
  void aSpecItCannotReadIsCountedAndAskedForAgain() {
    node = nodeWith(Map.of(ChainSpec.SLOT_DURATION_MS, "fast"));
    client = new SimulatedValidatorClient(config());
    CompletableFuture<Void> started = client.start();
    scheduler.advance(Duration.ofSeconds(12));

    assertFalse(started.isDone());
    String reason = "spec has a SLOT_DURATION_MS that is not a number";
    assertEquals(Map.of(reason, 3L), client.counters().otherFailures());
    assertEquals(3, logs.warnings(reason));
    assertEquals(3, node.calls("spec"));
  }

  @Test
  void failedDutiesAtAnEpochStartKeepTheLookAhead() {
    start();
    node.fail("attester_duties", epoch -> true, () -> ApiException.unavailable("down"));
    scheduler.advanceTo(timeIn(SLOTS_PER_EPOCH, 1, 3));

    // Epoch 1's duties came as the look-ahead in epoch 0; asking again failed, the duties stand.
    assertEquals(Set.of(0L, 1L, 8L, 9L),
        attesters(node.attestations.stream().filter(a -> a.data().slot() == SLOTS_PER_EPOCH).toList()));
    assertEquals(2L, client.counters().otherFailures().get("attester_duties HTTP 503"));
  }

  @Test
  void stopLeavesNoScheduledTaskAndSendsNothingMore() {
    node.hang("publish_attestations", slot -> true);
    start();
    scheduler.advanceTo(timeIn(2, 1, 2));
    assertTrue(scheduler.pending() > 0);

    client.stop();

    assertEquals(0, scheduler.pending());
    long callsAtStop = node.totalCalls();
    int logLinesAtStop = logs.records.size();
    scheduler.advanceTo(slotStart(3 * SLOTS_PER_EPOCH));
    assertEquals(callsAtStop, node.totalCalls());
    assertEquals(logLinesAtStop, logs.records.size(), logs.toString());
  }

  @Test
  void subSecondSlotsComeFromTheSpec() {
    node = nodeWith(Map.of(ChainSpec.SLOT_DURATION_MS, "600"));
    start();
    assertEquals(Duration.ofMillis(600), client.slotClock().orElseThrow().slotDuration());

    scheduler.advanceTo(Instant.ofEpochSecond(GENESIS_TIME).plusMillis(199));
    assertTrue(node.attestations.isEmpty());
    scheduler.advanceTo(Instant.ofEpochSecond(GENESIS_TIME).plusMillis(200));
    assertEquals(Set.of(0L, 1L, 8L, 9L), attesters(node.attestations));
  }

  @Test
  void keyMaterialNeverReachesTheLog() {
    node.fail("attestation_data", slot -> slot % 2 == 0, () -> new ConnectException("Connection refused"));
    node.fail("validators", call -> call == 1, () -> ApiException.unavailable("down"));
    start();
    scheduler.advanceTo(slotStart(2 * SLOTS_PER_EPOCH));

    assertFalse(logs.records.isEmpty());
    String everything = logs.toString() + client.counters() + config();
    for (BlsSecretKey share : ourShares()) {
      String secret = share.toBytes().toHex();
      assertFalse(everything.contains(secret.substring(2)), "a share's secret reached the log");
    }
  }

  @Test
  void runsOnARealExecutorAndTheSystemClock() throws Exception {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2);
    executor.setRemoveOnCancelPolicy(true);
    try {
      long genesisTime = Instant.now().getEpochSecond() - 1;
      FakeBeaconNode realNode = new FakeBeaconNode(
          new Genesis(genesisTime, GENESIS_VALIDATORS_ROOT, FORK.previousVersion()),
          new ChainSpec(1, SLOTS_PER_EPOCH, withForks(Map.of(ChainSpec.SLOT_DURATION_MS, "100"))),
          FORK, VALIDATORS, COMMITTEE_LENGTH);
      client = new SimulatedValidatorClient(SimulatedValidatorClient.Config.of(
          "vc-real", ourShares(), realNode, TaskScheduler.of(executor), Clock.systemUTC()));
      client.start().get(10, TimeUnit.SECONDS);

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (client.counters().total(DutyType.ATTESTER).submitted() < 20 && System.nanoTime() < deadline) {
        executor.schedule(() -> {}, 50, TimeUnit.MILLISECONDS).get(); // wait a beat, on the executor's clock
      }
      client.stop();

      assertTrue(client.counters().total(DutyType.ATTESTER).submitted() >= 20, client.counters().toString());
      assertTrue(client.counters().total(DutyType.AGGREGATOR).submitted() > 0, client.counters().toString());
      assertEquals(0, executor.getQueue().size(), "nothing left scheduled");
    } finally {
      executor.shutdownNow();
    }
  }

  // ---- fixtures

  void start() {
    client = new SimulatedValidatorClient(config());
    CompletableFuture<Void> started = client.start();
    scheduler.runDue();
    assertTrue(started.isDone(), "started");
  }

  SimulatedValidatorClient.Config config() {
    return SimulatedValidatorClient.Config.of("vc-test", ourShares(), node, scheduler, clock);
  }

  static List<BlsSecretKey> ourShares() {
    List<BlsSecretKey> shares = new ArrayList<>();
    VALIDATORS.subList(0, 10).forEach(v -> shares.add(v.share()));
    shares.add(STRANGER);
    return shares;
  }

  /** The spec values a beacon node serves for FORK: Deneb at genesis, Electra (FORK's current version) at 0. */
  static Map<String, String> withForks(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>(extra);
    values.put("SLOTS_PER_EPOCH", Long.toString(SLOTS_PER_EPOCH));
    values.put("GENESIS_FORK_VERSION", FORK.previousVersion().toHex());
    values.put("ELECTRA_FORK_VERSION", FORK.currentVersion().toHex());
    values.put("ELECTRA_FORK_EPOCH", Long.toString(FORK.epoch()));
    return values;
  }

  static FakeBeaconNode nodeWith(Map<String, String> extraSpec) {
    ChainSpec spec = new ChainSpec(SLOT.toSeconds(), SLOTS_PER_EPOCH, withForks(extraSpec));
    Genesis genesis = new Genesis(GENESIS_TIME, GENESIS_VALIDATORS_ROOT, FORK.previousVersion());
    return new FakeBeaconNode(genesis, spec, FORK, VALIDATORS, COMMITTEE_LENGTH);
  }

  long firstSlotWithAnAggregator() {
    for (long slot = 0; slot < SLOTS_PER_EPOCH; slot++) {
      for (long index = 0; index < 10; index++) {
        AttesterDuty duty = node.dutyOf(node.validator(index), 0);
        if (duty.slot() == slot && specIsAggregator(COMMITTEE_LENGTH, combinedProof(slot, index))) {
          return slot;
        }
      }
    }
    throw new AssertionError("no aggregator in epoch 0; choose other keys");
  }

  Bytes combinedProof(long slot, long validatorIndex) {
    Bytes root = signingRoot(Ssz.UINT64.hashTreeRoot(slot), DomainType.SELECTION_PROOF);
    return node.validator(validatorIndex).whole().sign(root).toBytes();
  }

  /** compute_signing_root with the domain of FORK's current version: every epoch here is past its epoch. */
  static Bytes signingRoot(Bytes objectRoot, DomainType type) {
    return SigningRoots.computeSigningRoot(
        objectRoot, SigningRoots.computeDomain(type, FORK.currentVersion(), GENESIS_VALIDATORS_ROOT));
  }

  static boolean verifies(Bytes signature, BlsPublicKey publicKey, Bytes message) {
    return BlsSignature.fromBytes(signature).verify(publicKey, message);
  }

  /** is_aggregator written out again from validator.md, to check the client's. */
  static boolean specIsAggregator(long committeeLength, Bytes proof) {
    long modulo = Math.max(1, committeeLength / 16);
    byte[] hash = Sha256.hash(proof.toArray());
    BigInteger value = BigInteger.ZERO;
    for (int i = 7; i >= 0; i--) {
      value = value.shiftLeft(8).or(BigInteger.valueOf(hash[i] & 0xff));
    }
    return value.mod(BigInteger.valueOf(modulo)).signum() == 0;
  }

  Instant slotStart(long slot) {
    return Instant.ofEpochSecond(GENESIS_TIME).plus(SLOT.multipliedBy(slot));
  }

  Instant timeIn(long slot, int numerator, int denominator) {
    return slotStart(slot).plus(SLOT.multipliedBy(numerator).dividedBy(denominator));
  }

  static Set<Long> attesters(List<SingleAttestation> attestations) {
    return Set.copyOf(attestations.stream().map(SingleAttestation::attesterIndex).toList());
  }

  /** Deterministic keys; the top bits cleared keep the scalar below the curve order. */
  static BlsSecretKey key(String label) {
    byte[] bytes = Sha256.hash(label.getBytes(StandardCharsets.UTF_8));
    bytes[0] &= 0x3f;
    return BlsSecretKey.fromBytes(Bytes.of(bytes));
  }

  /** What the client logs, through SLF4J to Logback, this module's logging back end in tests. */
  static final class LogCapture extends AppenderBase<ILoggingEvent> {
    final List<ILoggingEvent> records = Collections.synchronizedList(new ArrayList<>());
    private final Logger logger = (Logger) LoggerFactory.getLogger(SimulatedValidatorClient.class);
    private Level previousLevel;

    void attach() {
      previousLevel = logger.getLevel();
      logger.setLevel(Level.ALL);
      logger.setAdditive(false);
      setContext(logger.getLoggerContext());
      start();
      logger.addAppender(this);
    }

    void detach() {
      logger.detachAppender(this);
      stop();
      logger.setAdditive(true);
      logger.setLevel(previousLevel);
    }

    long warnings(String containing) {
      return records.stream()
          .filter(r -> r.getLevel().isGreaterOrEqual(Level.WARN) && r.getFormattedMessage().contains(containing))
          .count();
    }

    @Override
    protected void append(ILoggingEvent event) {
      records.add(event);
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder();
      synchronized (records) {
        records.forEach(r -> out.append(r.getLevel()).append(' ').append(r.getFormattedMessage()).append('\n'));
      }
      return out.toString();
    }
  }
}
