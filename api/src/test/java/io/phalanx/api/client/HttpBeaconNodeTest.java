package io.phalanx.api.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.ChainSpec;
import io.phalanx.api.SyncStatus;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.ValidatorLiveness;
import io.phalanx.api.client.StubHttpServer.Answer;
import io.phalanx.api.client.StubHttpServer.Recorded;
import io.phalanx.api.json.ApiCodecs;
import io.phalanx.api.json.ApiJson;
import io.phalanx.api.json.ApiTestData;
import io.phalanx.api.json.JsonCodec;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HttpBeaconNodeTest {
  /** Electra below slot 2^63 (as unsigned), Fulu from there: both header values get exercised. */
  static final LongFunction<ConsensusVersion> FORKS =
      slot -> Long.compareUnsigned(slot, Long.MIN_VALUE) < 0 ? ConsensusVersion.ELECTRA : ConsensusVersion.FULU;

  private StubHttpServer stub;
  private HttpBeaconNode node;

  @BeforeEach
  void start() throws IOException {
    stub = new StubHttpServer();
    node = new HttpBeaconNode(HttpBeaconNode.Config.of(stub.uri()).withConsensusVersionAtSlot(FORKS));
  }

  @AfterEach
  void stop() {
    node.close();
    stub.close();
  }

  /**
   * One BeaconNode method: what it must send and how it must read the canned answer.
   *
   * @param body the JSON body it must send, or null for none
   * @param consensusVersion the Eth-Consensus-Version it must send, or null for none
   */
  record Endpoint(Function<BeaconNode, CompletableFuture<?>> call, String method, String target, JsonNode body,
      String consensusVersion, Answer answer, Object expected) {}

  static Stream<Named<Endpoint>> endpoints() {
    ApiTestData d = new ApiTestData(21);
    Genesis genesis = d.genesis();
    Fork fork = d.fork();
    List<ValidatorInfo> validators = List.of(d.validatorInfo("active_ongoing"), d.validatorInfo("exited_slashed"));
    List<String> ids = List.of("1", d.pubkey().toHex());
    List<AttesterDuty> duties = d.list(2, d::attesterDuty);
    Bytes dependentRoot = d.root();
    List<Long> indices = List.of(5L, -2L);
    long epoch = d.uint64();
    AttestationData data = d.attestationData();
    Attestation aggregate = d.attestation();
    Bytes root = d.root();
    List<SingleAttestation> attestations = d.list(2, d::singleAttestation);
    List<SignedAggregateAndProof> aggregates = d.list(2, d::signedAggregateAndProof);
    List<BeaconCommitteeSelection> partials = d.list(2, d::beaconCommitteeSelection);
    List<BeaconCommitteeSelection> combined = d.list(2, d::beaconCommitteeSelection);
    JsonCodec<List<BeaconCommitteeSelection>> selections = ApiCodecs.BEACON_COMMITTEE_SELECTIONS;
    String spec = "{\"SECONDS_PER_SLOT\":\"12\",\"SLOTS_PER_EPOCH\":\"32\",\"CONFIG_NAME\":\"mainnet\","
        + "\"BLOB_SCHEDULE\":[{\"EPOCH\":\"364032\",\"MAX_BLOBS_PER_BLOCK\":\"9\"}]}";
    return Stream.of(
        Named.of("genesis", new Endpoint(BeaconNode::genesis, "GET", "/eth/v1/beacon/genesis", null, null,
            envelope("data", Genesis.SSZ.toJson(genesis)), genesis)),
        Named.of("spec", new Endpoint(BeaconNode::spec, "GET", "/eth/v1/config/spec", null, null,
            Answer.json(200, "{\"data\":" + spec + "}"),
            new ChainSpec(12, 32, Map.of("SECONDS_PER_SLOT", "12", "SLOTS_PER_EPOCH", "32", "CONFIG_NAME", "mainnet",
                "BLOB_SCHEDULE", "[{\"EPOCH\":\"364032\",\"MAX_BLOBS_PER_BLOCK\":\"9\"}]")))),
        Named.of("fork", new Endpoint(n -> n.fork("head"), "GET", "/eth/v1/beacon/states/head/fork", null, null,
            Answer.json(200, "{\"execution_optimistic\":false,\"finalized\":true,\"data\":"
                + Fork.SSZ.toJson(fork) + "}"), fork)),
        Named.of("syncing", new Endpoint(BeaconNode::syncing, "GET", "/eth/v1/node/syncing", null, null,
            Answer.json(200, "{\"data\":{\"head_slot\":\"18446744073709551615\",\"sync_distance\":\"3\","
                + "\"is_syncing\":true,\"is_optimistic\":false,\"el_offline\":true}}"),
            new SyncStatus(-1, 3, true, false, true))),
        Named.of("validators", new Endpoint(n -> n.validators("finalized", ids), "POST",
            "/eth/v1/beacon/states/finalized/validators",
            ApiJson.parse(("{\"ids\":[\"" + ids.get(0) + "\",\"" + ids.get(1) + "\"]}").getBytes(StandardCharsets.UTF_8)),
            null,
            Answer.json(200, "{\"execution_optimistic\":false,\"finalized\":true,\"data\":"
                + ApiCodecs.VALIDATORS.toJson(validators) + "}"), validators)),
        Named.of("attester duties", new Endpoint(n -> n.attesterDuties(epoch, indices), "POST",
            "/eth/v1/validator/duties/attester/" + Long.toUnsignedString(epoch),
            ApiJson.parse("[\"5\",\"18446744073709551614\"]".getBytes(StandardCharsets.UTF_8)), null,
            Answer.json(200, "{\"dependent_root\":\"" + dependentRoot.toHex() + "\",\"execution_optimistic\":false,\"data\":"
                + ApiCodecs.ATTESTER_DUTIES.toJson(duties) + "}"), new AttesterDuty.Epoch(dependentRoot, duties))),
        Named.of("attestation data", new Endpoint(n -> n.attestationData(data.slot(), 3), "GET",
            "/eth/v1/validator/attestation_data?slot=" + Long.toUnsignedString(data.slot()) + "&committee_index=3",
            null, null, envelope("data", AttestationData.SSZ.toJson(data)), data)),
        Named.of("aggregate attestation", new Endpoint(n -> n.aggregateAttestation(-5L, root, 9), "GET",
            "/eth/v2/validator/aggregate_attestation?attestation_data_root=" + root.toHex()
                + "&slot=18446744073709551611&committee_index=9", null, null,
            Answer.json(200, "{\"version\":\"fulu\",\"data\":" + Attestation.SSZ.toJson(aggregate) + "}"), aggregate)),
        Named.of("publish attestations", new Endpoint(n -> n.publishAttestations(attestations), "POST",
            "/eth/v2/beacon/pool/attestations", ApiCodecs.SINGLE_ATTESTATIONS.toJson(attestations),
            FORKS.apply(attestations.getFirst().data().slot()).apiName(), Answer.empty(200), null)),
        Named.of("publish aggregate and proofs", new Endpoint(n -> n.publishAggregateAndProofs(aggregates), "POST",
            "/eth/v2/validator/aggregate_and_proofs", ApiCodecs.AGGREGATE_AND_PROOFS.toJson(aggregates),
            FORKS.apply(aggregates.getFirst().message().aggregate().data().slot()).apiName(), Answer.empty(200), null)),
        Named.of("liveness", new Endpoint(n -> n.liveness(epoch, indices), "POST",
            "/eth/v1/validator/liveness/" + Long.toUnsignedString(epoch),
            ApiJson.parse("[\"5\",\"18446744073709551614\"]".getBytes(StandardCharsets.UTF_8)), null,
            Answer.json(200, "{\"data\":[{\"index\":\"5\",\"is_live\":true},"
                + "{\"index\":\"18446744073709551614\",\"is_live\":false}]}"),
            List.of(new ValidatorLiveness(5, true), new ValidatorLiveness(-2L, false)))),
        Named.of("beacon committee selections", new Endpoint(n -> n.beaconCommitteeSelections(partials), "POST",
            "/eth/v1/validator/beacon_committee_selections", selections.toJson(partials), null,
            envelope("data", selections.toJson(combined)), combined)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpoints")
  void sendsTheBeaconApiRequestAndReadsTheAnswer(Endpoint endpoint) throws Exception {
    stub.answer(endpoint.answer());

    Object result = endpoint.call().apply(node).get(5, TimeUnit.SECONDS);

    assertEquals(endpoint.expected(), result);
    Recorded request = stub.last();
    assertEquals(1, stub.requests().size());
    assertEquals(endpoint.method(), request.method());
    assertEquals(endpoint.target(), request.target());
    assertEquals("application/json", request.header("Accept"));
    if (endpoint.body() == null) {
      assertEquals(0, request.body().length);
    } else {
      assertEquals("application/json", request.header("Content-Type"));
      assertEquals(endpoint.body(), ApiJson.parse(request.body()));
    }
    assertEquals(endpoint.consensusVersion(), request.header("Eth-Consensus-Version"));
  }

  @Test
  void v2SubmissionsNameTheForkOfTheirSlot() throws Exception {
    ApiTestData d = new ApiTestData(4);
    SingleAttestation early = d.singleAttestation();
    early = new SingleAttestation(early.committeeIndex(), early.attesterIndex(), new AttestationData(1,
        0, early.data().beaconBlockRoot(), early.data().source(), early.data().target()), early.signature());
    stub.answer(Answer.empty(200));

    node.publishAttestations(List.of(early)).get(5, TimeUnit.SECONDS);

    assertEquals("electra", stub.last().header("Eth-Consensus-Version"));
  }

  @Test
  void emptySubmissionsSendNothing() throws Exception {
    node.publishAttestations(List.of()).get(5, TimeUnit.SECONDS);
    node.publishAggregateAndProofs(List.of()).get(5, TimeUnit.SECONDS);

    assertEquals(List.of(), stub.requests());
  }

  // ---- failures ----

  @Test
  void errorAnswerBecomesApiExceptionWithItsMessage() {
    stub.answer(Answer.json(404, "{\"code\":404,\"message\":\"State not found\",\"stacktraces\":[]}"));

    ApiException e = assertInstanceOf(ApiException.class, failure(node.fork("0x" + "ab".repeat(32))));

    assertEquals(404, e.status());
    assertEquals("State not found", e.getMessage());
  }

  @Test
  void indexedErrorAnswerKeepsItsMessage() {
    stub.answer(Answer.json(400, "{\"code\":400,\"message\":\"some failures\",\"failures\":"
        + "[{\"index\":0,\"message\":\"signature invalid\"}]}"));
    ApiTestData d = new ApiTestData(1);

    ApiException e = assertInstanceOf(ApiException.class,
        failure(node.publishAttestations(List.of(d.singleAttestation()))));

    assertEquals(400, e.status());
    assertEquals("some failures", e.getMessage());
  }

  @Test
  void livenessAnswerWithoutABooleanIsLiveIsUnreadable() {
    stub.answer(Answer.json(200, "{\"data\":[{\"index\":\"1\",\"is_live\":\"yes\"}]}"));

    ApiException e = assertInstanceOf(ApiException.class, failure(node.liveness(3, List.of(1L))));

    assertEquals(502, e.status());
    assertTrue(e.getMessage().contains("is_live: expected a boolean"), e.getMessage());
  }

  @Test
  void beaconNodeWithoutLivenessFailsWithItsStatus() {
    stub.answer(Answer.json(501, "{\"code\":501,\"message\":\"Not implemented\"}"));

    assertEquals(501, assertInstanceOf(ApiException.class, failure(node.liveness(3, List.of(1L)))).status());
  }

  @Test
  void errorAnswerWithoutJsonStillCarriesItsStatus() {
    stub.answer(new Answer(500, Map.of(), "<html>oops</html>".getBytes(StandardCharsets.UTF_8)));

    ApiException e = assertInstanceOf(ApiException.class, failure(node.syncing()));

    assertEquals(500, e.status());
    assertEquals("GET " + stub.uri() + "/eth/v1/node/syncing answered 500", e.getMessage());
  }

  @Test
  void unreadableAnswerIs502NamingTheField() {
    stub.answer(Answer.json(200, "{\"data\":{\"genesis_time\":\"soon\",\"genesis_validators_root\":\"0x00\"}}"));
    assertEquals(502, assertInstanceOf(ApiException.class, failure(node.genesis())).status());

    stub.answer(Answer.json(200, "{\"data\":{\"head_slot\":\"1\",\"sync_distance\":\"0\",\"is_syncing\":\"no\"}}"));
    ApiException e = assertInstanceOf(ApiException.class, failure(node.syncing()));
    assertTrue(e.getMessage().contains("unreadable answer: is_syncing"), e.getMessage());

    stub.answer(Answer.json(200, "{\"data\": [}"));
    e = assertInstanceOf(ApiException.class, failure(node.syncing()));
    assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());

    stub.answer(Answer.json(200, "{\"no_data\":1}"));
    e = assertInstanceOf(ApiException.class, failure(node.syncing()));
    assertTrue(e.getMessage().contains("missing field data"), e.getMessage());
  }

  @Test
  void unreachableBeaconNodeFailsWithIoExceptionNamingTheUrlButNoSecret() throws Exception {
    int closedPort = StubHttpServer.closedPort();
    try (HttpBeaconNode unreachable = new HttpBeaconNode(
        HttpBeaconNode.Config.of(URI.create("http://operator:hunter2@127.0.0.1:" + closedPort + "/token-abc")))) {
      IOException e = assertInstanceOf(IOException.class, failure(unreachable.syncing()));

      assertEquals("GET http://127.0.0.1:" + closedPort + "/eth/v1/node/syncing: ConnectException", e.getMessage());
      assertInstanceOf(ConnectException.class, e.getCause());
      assertFalse(unreachable.toString().contains("hunter2"));
    }
  }

  @Test
  void slowBeaconNodeTimesOut() {
    stub.answer(r -> {
      try {
        Thread.sleep(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Answer.empty(200);
    });
    try (HttpBeaconNode impatient = new HttpBeaconNode(
        HttpBeaconNode.Config.of(stub.uri()).withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(200)))) {
      HttpTimeoutException e = assertInstanceOf(HttpTimeoutException.class, failure(impatient.syncing()));

      assertEquals("GET " + stub.uri() + "/eth/v1/node/syncing: no answer within PT0.2S", e.getMessage());
    }
  }

  // ---- URL handling ----

  @Test
  void basePathIsAPrefixAndUserInfoBecomesBasicAuth() throws Exception {
    stub.answer(Answer.json(200, "{\"data\":{\"head_slot\":\"1\",\"sync_distance\":\"0\",\"is_syncing\":false}}"));
    URI base = URI.create("http://operator:p%40ss@127.0.0.1:" + stub.uri().getPort() + "/bn/1/");
    try (HttpBeaconNode behindAuth = new HttpBeaconNode(HttpBeaconNode.Config.of(base))) {
      assertEquals(new SyncStatus(1, 0, false, false, false), behindAuth.syncing().get(5, TimeUnit.SECONDS));
      assertEquals("http://127.0.0.1:" + stub.uri().getPort(), behindAuth.name());
    }
    assertEquals("/bn/1/eth/v1/node/syncing", stub.last().target());
    assertEquals("Basic " + Base64.getEncoder().encodeToString("operator:p@ss".getBytes(StandardCharsets.UTF_8)),
        stub.last().header("Authorization"));
  }

  @Test
  void stateIdsAreEncodedIntoThePath() throws Exception {
    stub.answer(Answer.json(404, "{\"code\":404,\"message\":\"State not found\"}"));

    failure(node.fork("head/../x y"));

    assertEquals("/eth/v1/beacon/states/head%2F..%2Fx%20y/fork", stub.last().target());
  }

  @Test
  void refusesUrlsItCannotUseSafely() {
    assertThrows(IllegalArgumentException.class, () -> HttpBeaconNode.Config.of(URI.create("ftp://127.0.0.1")));
    assertThrows(IllegalArgumentException.class,
        () -> HttpBeaconNode.Config.of(URI.create("http://127.0.0.1:5052/?apikey=x")));
  }

  // ---- proxy ----

  @Test
  void proxyForwardsTheRequestAndReturnsTheAnswerUnchanged() throws Exception {
    byte[] answerBody = {1, 2, 3, 0};
    stub.answer(new Answer(418, Map.of("X-Beacon", List.of("one", "two"), "Content-Type", List.of("text/plain")),
        answerBody));
    byte[] body = "{\"anything\":true}".getBytes(StandardCharsets.UTF_8);

    BeaconNode.ProxyResponse response = node.proxy(new BeaconNode.ProxyRequest("PUT",
        "/eth/v1/some/thing?x=%2F&y=2", Map.of("X-Request-Id", List.of("7"), "Connection", List.of("close"),
        "Host", List.of("phalanx"), "Content-Length", List.of("99"), "Content-Type", List.of("application/json")),
        body)).get(5, TimeUnit.SECONDS);

    assertEquals(418, response.status());
    assertEquals(List.of("one", "two"), values(response.headers(), "X-Beacon"));
    assertEquals(List.of("text/plain"), values(response.headers(), "Content-Type"));
    assertArrayEquals(answerBody, response.body());
    Recorded request = stub.last();
    assertEquals("PUT", request.method());
    assertEquals("/eth/v1/some/thing?x=%2F&y=2", request.target());
    assertEquals("7", request.header("X-Request-Id"));
    assertEquals("application/json", request.header("Content-Type"));
    assertEquals("127.0.0.1:" + stub.uri().getPort(), request.header("Host"));
    assertArrayEquals(body, request.body());
  }

  @Test
  void proxyRefusesTargetsOutsideTheBeaconNode() {
    for (String target : List.of("http://elsewhere/", "//elsewhere/x", "/a b")) {
      ApiException e = assertInstanceOf(ApiException.class,
          failure(node.proxy(new BeaconNode.ProxyRequest("GET", target, Map.of(), new byte[0]))), target);
      assertEquals(400, e.status());
    }
    assertEquals(List.of(), stub.requests());
  }

  @Test
  void proxyOfAnUnreachableBeaconNodeFailsWithIoException() throws Exception {
    int closedPort = StubHttpServer.closedPort();
    try (HttpBeaconNode unreachable = new HttpBeaconNode(
        HttpBeaconNode.Config.of(URI.create("http://127.0.0.1:" + closedPort)))) {
      assertInstanceOf(IOException.class, failure(unreachable.proxy(
          new BeaconNode.ProxyRequest("GET", "/eth/v1/node/health", Map.of(), new byte[0]))));
    }
  }

  // ---- helpers ----

  private static Answer envelope(String name, JsonNode data) {
    return Answer.json(200, "{\"" + name + "\":" + data + "}");
  }

  /** The exception a future failed with, as it failed: not wrapped in a CompletionException. */
  static Throwable failure(CompletableFuture<?> future) {
    Throwable failure = future.handle((value, e) -> e).orTimeout(10, TimeUnit.SECONDS).join();
    assertTrue(failure != null, "expected a failure");
    return failure;
  }

  private static List<String> values(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
        .findFirst().orElse(null);
  }
}
