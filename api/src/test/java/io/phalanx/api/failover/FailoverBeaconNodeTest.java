package io.phalanx.api.failover;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconEventSource;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.BeaconNodeHealth.EndpointStatus;
import io.phalanx.api.BeaconNodeUnavailableException;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.ValidatorLiveness;
import io.phalanx.api.failover.FailoverBeaconNode.AttestationDataStrategy;
import io.phalanx.api.json.ApiCodecs;
import io.phalanx.api.json.ApiTestData;
import io.phalanx.api.json.BlockCodecs;
import io.phalanx.api.json.BlockTestData;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.api.ProducedBlock;
import io.phalanx.spec.api.ProposerDuty;
import io.phalanx.spec.api.ProposerPreparation;
import io.phalanx.spec.api.SyncCommitteeDuty;
import io.phalanx.spec.api.SyncCommitteeSelection;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.Checkpoint;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SignedBlindedBeaconBlock;
import io.phalanx.spec.types.SignedBlockContents;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SignedValidatorRegistrationV1;
import io.phalanx.spec.types.SignedVoluntaryExit;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.types.SyncCommitteeContribution;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.types.ValidatorRegistrationV1;
import io.phalanx.spec.types.VoluntaryExit;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The failover client against real HTTP servers on 127.0.0.1: every BeaconNode method through one
 * table (as Teku's FailoverValidatorApiHandlerTest does), then readiness, back-off, strategies and
 * the event stream.
 */
class FailoverBeaconNodeTest {
  private final List<FakeBeaconNodeServer> servers = new ArrayList<>();
  private FailoverBeaconNode failover;

  @AfterEach
  void stop() {
    if (failover != null) {
      failover.close();
    }
    servers.forEach(FakeBeaconNodeServer::close);
  }

  /**
   * One BeaconNode method: the path it asks, the canned answer and what the call must return
   * (null for a publication).
   */
  record Method(Function<BeaconNode, CompletableFuture<?>> call, String path, String answer, Object expected,
      boolean publication) {}

  static Stream<Named<Method>> methods() {
    ApiTestData d = new ApiTestData(31);
    Genesis genesis = d.genesis();
    Fork fork = d.fork();
    List<ValidatorInfo> validators = List.of(d.validatorInfo("active_ongoing"));
    List<AttesterDuty> duties = d.list(2, d::attesterDuty);
    AttesterDuty.Epoch attesterDuties = new AttesterDuty.Epoch(d.root(), duties);
    List<Long> indices = duties.stream().map(AttesterDuty::validatorIndex).toList();
    AttestationData data = d.attestationData();
    Attestation aggregate = d.attestation();
    Bytes aggregateRoot = AttestationData.SSZ.hashTreeRoot(aggregate.data());
    List<SingleAttestation> attestations = d.list(2, d::singleAttestation);
    List<SignedAggregateAndProof> aggregates = d.list(2, d::signedAggregateAndProof);
    List<BeaconCommitteeSelection> partials = d.list(2, d::beaconCommitteeSelection);
    List<BeaconCommitteeSelection> combined = d.list(2, d::beaconCommitteeSelection);
    List<ValidatorLiveness> liveness = indices.stream().map(i -> new ValidatorLiveness(i, i % 2 == 0)).toList();
    SignedVoluntaryExit exit = new SignedVoluntaryExit(
        new VoluntaryExit(d.small(), d.small()), d.signature());
    List<SignedValidatorRegistrationV1> registrations = d.list(2,
        () -> new SignedValidatorRegistrationV1(new ValidatorRegistrationV1(
            d.bytes(20), d.uint64(), d.uint64(), d.pubkey()), d.signature()));
    List<ProposerPreparation> preparations = d.list(2,
        () -> new ProposerPreparation(d.small(), d.bytes(20)));
    byte[] proxied = "{\"data\":{\"peer_id\":\"16Uiu2\"}}".getBytes(StandardCharsets.UTF_8);
    BlockTestData blocks = new BlockTestData(32);
    ProducedBlock full = blocks.full(70);
    ProducedBlock blinded = blocks.blinded(71);
    ProposerDuty.Epoch proposerDuties = new ProposerDuty.Epoch(d.root(),
        List.of(new ProposerDuty(d.pubkey(), 3, 56), new ProposerDuty(d.pubkey(), 9, 57)));
    List<SyncCommitteeDuty> syncDuties = d.list(2, d::syncCommitteeDuty);
    List<Long> syncIndices = syncDuties.stream().map(SyncCommitteeDuty::validatorIndex).toList();
    Bytes headRoot = d.root();
    List<SyncCommitteeMessage> syncMessages = d.list(2, d::syncCommitteeMessage);
    SyncCommitteeContribution contribution = d.syncCommitteeContribution();
    List<SignedContributionAndProof> contributions = d.list(2, d::signedContributionAndProof);
    List<SyncCommitteeSelection> syncPartials = d.list(2, d::syncCommitteeSelection);
    List<SyncCommitteeSelection> syncCombined = d.list(2, d::syncCommitteeSelection);
    return Stream.of(
        Named.of("genesis", new Method(BeaconNode::genesis, "/eth/v1/beacon/genesis",
            data(Genesis.SSZ.toJson(genesis)), genesis, false)),
        Named.of("fork", new Method(n -> n.fork("head"), "/eth/v1/beacon/states/head/fork",
            data(Fork.SSZ.toJson(fork)), fork, false)),
        Named.of("validators", new Method(n -> n.validators("head", List.of("1")),
            "/eth/v1/beacon/states/head/validators", data(ApiCodecs.VALIDATORS.toJson(validators)), validators, false)),
        Named.of("attester duties", new Method(n -> n.attesterDuties(7, indices), "/eth/v1/validator/duties/attester/7",
            "{\"dependent_root\":\"" + attesterDuties.dependentRoot().toHex() + "\",\"execution_optimistic\":false,"
                + "\"data\":" + ApiCodecs.ATTESTER_DUTIES.toJson(duties) + "}", attesterDuties, false)),
        Named.of("attestation data", new Method(n -> n.attestationData(data.slot(), 0),
            "/eth/v1/validator/attestation_data", data(AttestationData.SSZ.toJson(data)), data, false)),
        Named.of("aggregate attestation", new Method(n -> n.aggregateAttestation(aggregate.data().slot(),
            aggregateRoot, 0), "/eth/v2/validator/aggregate_attestation",
            data(Attestation.SSZ.toJson(aggregate)), aggregate, false)),
        Named.of("liveness", new Method(n -> n.liveness(7, indices), "/eth/v1/validator/liveness/7",
            data(ApiCodecs.LIVENESS.toJson(liveness)), liveness, false)),
        Named.of("beacon committee selections", new Method(n -> n.beaconCommitteeSelections(partials),
            "/eth/v1/validator/beacon_committee_selections",
            data(ApiCodecs.BEACON_COMMITTEE_SELECTIONS.toJson(combined)), combined, false)),
        Named.of("proxy", new Method(n -> n.proxy(new BeaconNode.ProxyRequest("GET", "/eth/v1/node/identity",
            Map.of(), new byte[0])).thenApply(r -> new String(r.body(), StandardCharsets.UTF_8)),
            "/eth/v1/node/identity", new String(proxied, StandardCharsets.UTF_8),
            new String(proxied, StandardCharsets.UTF_8), false)),
        Named.of("sync duties", new Method(n -> n.syncDuties(7, syncIndices), "/eth/v1/validator/duties/sync/7",
            data(ApiCodecs.SYNC_DUTIES.toJson(syncDuties)), syncDuties, false)),
        Named.of("block root", new Method(n -> n.blockRoot("head"), "/eth/v1/beacon/blocks/head/root",
            "{\"data\":{\"root\":\"" + headRoot.toHex() + "\"}}", headRoot, false)),
        Named.of("sync committee contribution", new Method(n -> n.syncCommitteeContribution(contribution.slot(),
            contribution.subcommitteeIndex(), contribution.beaconBlockRoot()),
            "/eth/v1/validator/sync_committee_contribution",
            data(SyncCommitteeContribution.SSZ.toJson(contribution)), contribution, false)),
        Named.of("sync committee selections", new Method(n -> n.syncCommitteeSelections(syncPartials),
            "/eth/v1/validator/sync_committee_selections",
            data(ApiCodecs.SYNC_COMMITTEE_SELECTIONS.toJson(syncCombined)), syncCombined, false)),
        Named.of("publish sync committee messages", new Method(n -> n.publishSyncCommitteeMessages(syncMessages),
            "/eth/v1/beacon/pool/sync_committees", "", null, true)),
        Named.of("publish contribution and proofs", new Method(n -> n.publishContributionAndProofs(contributions),
            "/eth/v1/validator/contribution_and_proofs", "", null, true)),
        Named.of("publish attestations", new Method(n -> n.publishAttestations(attestations),
            "/eth/v2/beacon/pool/attestations", "", null, true)),
        Named.of("publish aggregate and proofs", new Method(n -> n.publishAggregateAndProofs(aggregates),
            "/eth/v2/validator/aggregate_and_proofs", "", null, true)),
        Named.of("publish voluntary exit", new Method(n -> n.publishVoluntaryExit(exit),
            "/eth/v1/beacon/pool/voluntary_exits", "", null, true)),
        Named.of("register validators", new Method(n -> n.registerValidators(registrations),
            "/eth/v1/validator/register_validator", "", null, true)),
        Named.of("prepare beacon proposer", new Method(n -> n.prepareBeaconProposer(preparations),
            "/eth/v1/validator/prepare_beacon_proposer", "", null, true)),
        Named.of("proposer duties", new Method(n -> n.proposerDuties(7), "/eth/v1/validator/duties/proposer/7",
            "{\"dependent_root\":\"" + proposerDuties.dependentRoot().toHex() + "\",\"execution_optimistic\":false,"
                + "\"data\":" + BlockCodecs.PROPOSER_DUTIES.toJson(proposerDuties.duties()) + "}",
            proposerDuties, false)),
        Named.of("produce block", new Method(n -> n.produceBlock(full.slot(), d.signature(), d.root(),
            OptionalLong.of(90)), "/eth/v3/validator/blocks/" + full.slot(),
            BlockCodecs.producedBlockJson(full).toString(), full, false)),
        Named.of("publish block", new Method(n -> n.publishBlock(ConsensusVersion.FULU,
            SignedBlockContents.of(full.contents(), d.signature())),
            "/eth/v2/beacon/blocks", "", null, true)),
        Named.of("publish blinded block", new Method(n -> n.publishBlindedBlock(ConsensusVersion.ELECTRA,
            new SignedBlindedBeaconBlock(blinded.blindedBlock(), d.signature())),
            "/eth/v2/beacon/blinded_blocks", "", null, true)));
  }

  private static String data(Object json) {
    return "{\"data\":" + json + "}";
  }

  private FakeBeaconNodeServer server(String name, Method m) throws IOException {
    FakeBeaconNodeServer s = new FakeBeaconNodeServer(name).answer(m.path(), 200, m.answer());
    servers.add(s);
    return s;
  }

  private FakeBeaconNodeServer server(String name) throws IOException {
    FakeBeaconNodeServer s = new FakeBeaconNodeServer(name);
    servers.add(s);
    return s;
  }

  private static FailoverBeaconNode.Config config(List<URI> primaries, List<URI> fallbacks) {
    return new FailoverBeaconNode.Config(primaries, fallbacks, Duration.ofMillis(200), Duration.ofMillis(700),
        Duration.ofMillis(2000), Duration.ofMillis(400), 2, AttestationDataStrategy.FIRST, Duration.ofMillis(150),
        slot -> ConsensusVersion.FULU);
  }

  private FailoverBeaconNode start(FailoverBeaconNode.Config config) {
    failover = new FailoverBeaconNode(config).start();
    await().atMost(Duration.ofSeconds(5)).until(() -> failover.checkRounds() >= 1);
    return failover;
  }

  private static Object join(CompletableFuture<?> f) {
    return f.orTimeout(10, TimeUnit.SECONDS).join();
  }

  private static Throwable failure(CompletableFuture<?> f) {
    try {
      f.orTimeout(10, TimeUnit.SECONDS).join();
    } catch (CompletionException e) {
      return Failures.unwrap(e);
    }
    throw new AssertionError("expected a failure");
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private EndpointStatus status(int i) {
    return failover.endpoints().get(i);
  }

  @ParameterizedTest(name = "{0}: a healthy primary serves it (publications go to both)")
  @MethodSource("methods")
  void healthyPrimaryServes(Method m) throws IOException {
    FakeBeaconNodeServer a = server("a", m);
    FakeBeaconNodeServer b = server("b", m);
    start(config(List.of(a.uri(), b.uri()), List.of()));
    assertEquals(m.expected(), join(m.call().apply(failover)));
    if (m.publication()) {
      // Sent to both at once; the first to answer completes the call.
      await().atMost(Duration.ofSeconds(5)).until(() -> a.count(m.path()) == 1 && b.count(m.path()) == 1);
    } else {
      assertEquals(1, a.count(m.path()));
      assertEquals(0, b.count(m.path()), "the second beacon node must not be asked while the first is ready");
    }
    assertEquals(0, failover.switches() - 1, "one choice at start, no switch since");
  }

  @ParameterizedTest(name = "{0}: the primary is unreachable, the next one answers within the request")
  @MethodSource("methods")
  void unreachablePrimaryFailsOver(Method m) throws IOException {
    FakeBeaconNodeServer b = server("b", m);
    URI dead = URI.create("http://127.0.0.1:" + closedPort());
    failover = new FailoverBeaconNode(config(List.of(dead, b.uri()), List.of()));
    // No readiness check yet: the request itself must find its way to b.
    assertEquals(m.expected(), join(m.call().apply(failover)));
    assertEquals(1, b.count(m.path()));
    // A publication answers with the first success, maybe before the dead one's failure is in.
    await().atMost(Duration.ofSeconds(5)).until(() -> status(0).errors() == 1);
    assertEquals("unreachable", status(0).state());
  }

  @ParameterizedTest(name = "{0}: the primary answers 500, the next one answers within the request")
  @MethodSource("methods")
  void failingPrimaryFailsOver(Method m) throws IOException {
    FakeBeaconNodeServer a = server("a", m);
    FakeBeaconNodeServer b = server("b", m);
    start(config(List.of(a.uri(), b.uri()), List.of()));
    a.answer(m.path(), 500, "{\"code\":500,\"message\":\"database corrupt\"}");
    assertEquals(m.expected(), join(m.call().apply(failover)));
    await().atMost(Duration.ofSeconds(5)).until(() -> a.count(m.path()) == 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> b.count(m.path()) == 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> status(0).errors() == 1);
    assertEquals(m.publication() ? 1 : 0, failover.publishFailures());
  }

  @ParameterizedTest(name = "{0}: a malformed answer counts as a failure of that beacon node")
  @MethodSource("methods")
  void malformedAnswerFailsOver(Method m) throws IOException {
    FakeBeaconNodeServer a = server("a", m);
    FakeBeaconNodeServer b = server("b", m);
    start(config(List.of(a.uri(), b.uri()), List.of()));
    if (m.publication() || m.path().equals("/eth/v1/node/identity")) {
      return; // no answer body is read: nothing to be malformed (the proxy passes bodies unread)
    }
    a.answer(m.path(), 200, "{\"data\": [");
    assertEquals(m.expected(), join(m.call().apply(failover)));
    assertEquals(1, b.count(m.path()));
    assertEquals(1, status(0).errors());
  }

  @ParameterizedTest(name = "{0}: every beacon node down fails with 'beacon node unavailable'")
  @MethodSource("methods")
  void allDown(Method m) throws IOException {
    FakeBeaconNodeServer a = server("a", m);
    FakeBeaconNodeServer b = server("b", m);
    start(config(List.of(a.uri()), List.of(b.uri())));
    a.failing = true;
    b.failing = true;
    Throwable t = failure(m.call().apply(failover));
    assertInstanceOf(BeaconNodeUnavailableException.class, t);
    assertTrue(t.getMessage().startsWith("beacon node unavailable"), t.getMessage());
  }

  @Test
  void aBlindedBlockIsPublishedThroughTheBeaconNodeThatBuiltIt() throws IOException {
    ProducedBlock blinded = new BlockTestData(8).blinded(40);
    String path = "/eth/v3/validator/blocks/40";
    FakeBeaconNodeServer a = server("a").answer(path, 500, "{\"code\":500,\"message\":\"no builder\"}")
        .answer("/eth/v2/beacon/blinded_blocks", 200, "");
    FakeBeaconNodeServer b = server("b").answer(path, 200, BlockCodecs.producedBlockJson(blinded)
        .toString()).answer("/eth/v2/beacon/blinded_blocks", 200, "");
    start(config(List.of(a.uri(), b.uri()), List.of()));
    ApiTestData d = new ApiTestData(9);
    assertEquals(blinded, join(failover.produceBlock(40, d.signature(), d.root(), OptionalLong.empty())));
    join(failover.publishBlindedBlock(blinded.version(),
        new SignedBlindedBeaconBlock(blinded.blindedBlock(), d.signature())));
    assertEquals(1, b.count("/eth/v2/beacon/blinded_blocks"), "b built it");
    assertEquals(0, a.count("/eth/v2/beacon/blinded_blocks"), "a did not, and b took it");

    b.answer("/eth/v2/beacon/blinded_blocks", 500, "{\"code\":500,\"message\":\"builder gone\"}");
    join(failover.publishBlindedBlock(blinded.version(),
        new SignedBlindedBeaconBlock(blinded.blindedBlock(), d.signature())));
    assertEquals(1, a.count("/eth/v2/beacon/blinded_blocks"), "the builder failed: the others get it after");
  }

  @Test
  void wrongSlotAttestationDataIsAFailureOfThatRequest() throws IOException {
    ApiTestData d = new ApiTestData(5);
    AttestationData asked = d.attestationData();
    AttestationData other = new AttestationData(asked.slot() + 1, 0, asked.beaconBlockRoot(), asked.source(),
        asked.target());
    FakeBeaconNodeServer a = server("a").answer("/eth/v1/validator/attestation_data", 200,
        data(AttestationData.SSZ.toJson(other)));
    FakeBeaconNodeServer b = server("b").answer("/eth/v1/validator/attestation_data", 200,
        data(AttestationData.SSZ.toJson(asked)));
    start(config(List.of(a.uri(), b.uri()), List.of()));
    assertEquals(asked, join(failover.attestationData(asked.slot(), 0)));
    assertEquals(1, status(0).errors());
    assertEquals(1, b.count("/eth/v1/validator/attestation_data"));
    assertTrue(failover.switches() >= 2, "the first choice, then the switch away from a");
  }

  @Test
  void syncingOrOptimisticBeaconNodeIsNotUsedForReads() throws IOException {
    AttestationData data = new ApiTestData(6).attestationData();
    String answer = data(AttestationData.SSZ.toJson(data));
    FakeBeaconNodeServer a = server("a").answer("/eth/v1/validator/attestation_data", 200, answer);
    FakeBeaconNodeServer b = server("b").answer("/eth/v1/validator/attestation_data", 200, answer);
    FakeBeaconNodeServer c = server("c").answer("/eth/v1/validator/attestation_data", 200, answer);
    a.syncing = true;
    b.optimistic = true;
    start(config(List.of(a.uri(), b.uri()), List.of(c.uri())));
    for (int i = 0; i < 3; i++) {
      assertEquals(data, join(failover.attestationData(data.slot(), 0)));
    }
    assertEquals(0, a.count("/eth/v1/validator/attestation_data"));
    assertEquals(0, b.count("/eth/v1/validator/attestation_data"));
    assertEquals(3, c.count("/eth/v1/validator/attestation_data"));
    assertEquals(List.of("syncing", "optimistic", "ready"),
        failover.endpoints().stream().map(EndpointStatus::state).toList());
    assertTrue(status(2).fallback());
  }

  @Test
  void fallbackOnlyWhenNoPrimaryIsReady() throws IOException {
    FakeBeaconNodeServer a = server("a").answer("/eth/v1/beacon/genesis", 200,
        data(Genesis.SSZ.toJson(new ApiTestData(7).genesis())));
    FakeBeaconNodeServer fallback = server("fallback").answer("/eth/v1/beacon/genesis", 200,
        data(Genesis.SSZ.toJson(new ApiTestData(7).genesis())));
    start(config(List.of(a.uri()), List.of(fallback.uri())));
    join(failover.genesis());
    assertEquals(0, fallback.count("/eth/v1/beacon/genesis"));
    a.syncing = true;
    await().atMost(Duration.ofSeconds(5)).until(() -> status(1).servingReads());
    join(failover.genesis());
    assertEquals(1, fallback.count("/eth/v1/beacon/genesis"));
  }

  @Test
  void slowBeaconNodeIsDemotedAndPreferredAgainOnceFast() throws IOException {
    FakeBeaconNodeServer a = server("a");
    FakeBeaconNodeServer b = server("b");
    start(config(List.of(a.uri(), b.uri()), List.of()));
    assertTrue(status(0).servingReads());
    a.delayMillis = 550; // above the 400 ms slow threshold, below the 700 ms attempt timeout
    await().atMost(Duration.ofSeconds(5)).until(() -> status(1).servingReads());
    assertEquals("slow", status(0).state());
    a.delayMillis = 0;
    await().atMost(Duration.ofSeconds(5)).until(() -> status(0).servingReads());
    assertTrue(failover.switches() >= 3, "to a at start, to b, back to a: " + failover.switches());
  }

  @Test
  void primaryBackIsPreferredAgainOnceReady() throws IOException {
    FakeBeaconNodeServer a = server("a");
    FakeBeaconNodeServer b = server("b");
    List<FailoverBeaconNode.Switch> seen = new CopyOnWriteArrayList<>();
    failover = new FailoverBeaconNode(config(List.of(a.uri(), b.uri()), List.of()));
    failover.onSwitch(seen::add);
    failover.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> status(0).servingReads());
    a.failing = true;
    await().atMost(Duration.ofSeconds(5)).until(() -> status(1).servingReads());
    a.failing = false;
    await().atMost(Duration.ofSeconds(5)).until(() -> status(0).servingReads());
    assertTrue(seen.size() >= 3, seen.toString());
    assertTrue(seen.stream().anyMatch(s -> s.to().equals(Optional.of(status(1).url()))
        && s.reason().contains("error")), "the switch away from a names its state: " + seen);
    assertTrue(seen.getLast().reason().contains("ready again"), seen.getLast().reason());
  }

  @Test
  void staleHeadIsNotPreferred() throws IOException {
    FakeBeaconNodeServer a = server("a");
    FakeBeaconNodeServer b = server("b");
    start(config(List.of(a.uri(), b.uri()), List.of()));
    a.headSlot = 90; // b is at 100
    await().atMost(Duration.ofSeconds(5)).until(() -> status(1).servingReads());
    assertEquals("stale_head", status(0).state());
  }

  @Test
  void notFoundIsPassedOnWithoutBlamingTheBeaconNode() throws IOException {
    FakeBeaconNodeServer a = server("a");
    FakeBeaconNodeServer b = server("b");
    start(config(List.of(a.uri(), b.uri()), List.of()));
    Throwable t = failure(failover.aggregateAttestation(1, Bytes.zero(32), 0));
    assertEquals(404, assertInstanceOf(ApiException.class, t).status());
    assertEquals(0, status(0).errors());
    assertTrue(status(0).ready());
  }

  @Test
  void notImplementedIsPassedOnWithoutBlamingTheBeaconNode() throws IOException {
    FakeBeaconNodeServer a = server("a").answer("/eth/v1/validator/liveness/3", 501,
        "{\"code\":501,\"message\":\"Not implemented\"}");
    FakeBeaconNodeServer b = server("b").answer("/eth/v1/validator/liveness/3", 501,
        "{\"code\":501,\"message\":\"Not implemented\"}");
    start(config(List.of(a.uri(), b.uri()), List.of()));
    Throwable t = failure(failover.liveness(3, List.of(1L)));
    assertEquals(501, assertInstanceOf(ApiException.class, t).status());
    assertEquals(1, b.count("/eth/v1/validator/liveness/3"), "another beacon node may serve it");
    assertEquals(0, status(0).errors());
    assertTrue(status(0).ready());
  }

  @Test
  void livenessOfValidatorsNotAskedForIsAFailureOfThatBeaconNode() throws IOException {
    FakeBeaconNodeServer a = server("a").answer("/eth/v1/validator/liveness/3", 200,
        data(ApiCodecs.LIVENESS.toJson(List.of(new ValidatorLiveness(9, false)))));
    FakeBeaconNodeServer b = server("b").answer("/eth/v1/validator/liveness/3", 200,
        data(ApiCodecs.LIVENESS.toJson(List.of(new ValidatorLiveness(1, true)))));
    start(config(List.of(a.uri(), b.uri()), List.of()));
    assertEquals(List.of(new ValidatorLiveness(1, true)), join(failover.liveness(3, List.of(1L))));
    assertEquals(1, status(0).errors());
  }

  @Test
  void publicationSucceedsWhenOneBeaconNodeRefusesAndCountsTheFailure() throws IOException {
    FakeBeaconNodeServer a = server("a").answer("/eth/v2/beacon/pool/attestations", 500, "{\"code\":500}");
    FakeBeaconNodeServer b = server("b").answer("/eth/v2/beacon/pool/attestations", 200, "");
    start(config(List.of(a.uri(), b.uri()), List.of()));
    join(failover.publishAttestations(List.of(new ApiTestData(8).singleAttestation())));
    await().atMost(Duration.ofSeconds(5)).until(() -> failover.publishFailures() == 1);
    assertEquals(1, a.count("/eth/v2/beacon/pool/attestations"));
  }

  @Test
  void publicationGoesToTheOthersWhenEveryReadyBeaconNodeFails() throws IOException {
    FakeBeaconNodeServer a = server("a").answer("/eth/v2/beacon/pool/attestations", 503, "{\"code\":503}");
    FakeBeaconNodeServer b = server("b").answer("/eth/v2/beacon/pool/attestations", 200, "");
    b.syncing = true;
    start(config(List.of(a.uri(), b.uri()), List.of()));
    join(failover.publishAttestations(List.of(new ApiTestData(10).singleAttestation())));
    assertEquals(1, a.count("/eth/v2/beacon/pool/attestations"));
    assertEquals(1, b.count("/eth/v2/beacon/pool/attestations"));
    assertEquals(1, failover.publishFailures());
  }

  @Test
  void bestStrategyTakesTheLatestCheckpoints() throws IOException {
    ApiTestData d = new ApiTestData(9);
    Bytes root = d.root();
    AttestationData older = new AttestationData(100, 0, root, new Checkpoint(2, d.root()), new Checkpoint(3, d.root()));
    AttestationData newer = new AttestationData(100, 0, root, new Checkpoint(3, d.root()), new Checkpoint(4, d.root()));
    FakeBeaconNodeServer a = server("a").answer("/eth/v1/validator/attestation_data", 200,
        data(AttestationData.SSZ.toJson(older)));
    FakeBeaconNodeServer b = server("b").answer("/eth/v1/validator/attestation_data", 200,
        data(AttestationData.SSZ.toJson(newer)));
    start(config(List.of(a.uri(), b.uri()), List.of()).withStrategy(AttestationDataStrategy.BEST));
    assertEquals(newer, join(failover.attestationData(100, 0)));
    assertEquals(1, a.count("/eth/v1/validator/attestation_data"));
    assertEquals(1, b.count("/eth/v1/validator/attestation_data"));
  }

  @Test
  void eventStreamFollowsTheBestReadyBeaconNode() throws IOException {
    FakeBeaconNodeServer a = server("a");
    FakeBeaconNodeServer b = server("b");
    start(config(List.of(a.uri(), b.uri()), List.of()));
    List<String> events = new CopyOnWriteArrayList<>();
    try (BeaconEventSource.Subscription s = failover.subscribe("topics=head",
        e -> events.add(new String(e, StandardCharsets.UTF_8)))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> e.contains("\"from\":\"a\"")));
      assertTrue(events.getFirst().startsWith("event: head\ndata: {"), events.getFirst());
      assertTrue(events.getFirst().endsWith("\n\n"));
      a.failing = true;
      await().atMost(Duration.ofSeconds(5)).until(() -> events.getLast().contains("\"from\":\"b\""));
      a.failing = false;
      await().atMost(Duration.ofSeconds(5)).until(() -> events.getLast().contains("\"from\":\"a\""));
    }
    int after = events.size();
    assertArrayEquals(new int[] {after}, new int[] {events.size()});
  }
}
