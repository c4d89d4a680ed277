package io.phalanx.api.server;

import static io.phalanx.api.json.ApiCodecs.AGGREGATE_AND_PROOFS;
import static io.phalanx.api.json.ApiCodecs.BEACON_COMMITTEE_SELECTIONS;
import static io.phalanx.api.json.ApiCodecs.SINGLE_ATTESTATIONS;
import static io.phalanx.api.json.ApiCodecs.VALIDATOR_INDICES;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.api.ApiException;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.capture.CapturedExchange;
import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.api.client.StubHttpServer;
import io.phalanx.api.json.ApiCodecs;
import io.phalanx.api.json.ApiJson;
import io.phalanx.api.json.ApiTestData;
import io.phalanx.api.json.ErrorBody;
import io.phalanx.api.json.InvalidElementsException;
import io.phalanx.api.server.FakeValidatorApi.Call;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.SyncCommitteeSelection;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.types.SyncCommitteeContribution;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValidatorApiServerTest {
  static final String NODE_VERSION = "Phalanx/0.1.0-SNAPSHOT (java)";
  static final long FAKE_SEED = 7;


  private final FakeValidatorApi fake = new FakeValidatorApi(FAKE_SEED);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private StubHttpServer beaconNodeStub;
  private HttpBeaconNode beaconNode;
  private ValidatorApiServer server;

  @BeforeEach
  void start() throws IOException {
    beaconNodeStub = new StubHttpServer();
    beaconNode = new HttpBeaconNode(HttpBeaconNode.Config.of(beaconNodeStub.uri()));
    server = new ValidatorApiServer(config(), fake, beaconNode).start();
  }

  @AfterEach
  void stop() {
    server.close();
    beaconNode.close();
    beaconNodeStub.close();
    http.close();
  }

  static ValidatorApiServer.Config config() {
    return ValidatorApiServer.Config.of(NODE_VERSION).withBindAddress(new InetSocketAddress("127.0.0.1", 0));
  }

  // ---- the served endpoints, one table ----

  /** A request to send, as a validator client would. */
  record Exchange(String method, String target, Map<String, String> headers, byte[] body) {
    static Exchange get(String target) {
      return new Exchange("GET", target, Map.of(), new byte[0]);
    }

    static Exchange post(String target, JsonNode body) {
      return post(target, ApiJson.write(body));
    }

    static Exchange post(String target, String body) {
      return post(target, body.getBytes(StandardCharsets.UTF_8));
    }

    static Exchange post(String target, byte[] body) {
      return new Exchange("POST", target, Map.of("Content-Type", "application/json"), body);
    }

    Exchange header(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Exchange(method, target, Map.copyOf(more), body);
    }

    /** The fork the test server's chain is on at every slot. */
    Exchange fulu() {
      return header("Eth-Consensus-Version", "fulu");
    }
  }

  /**
   * @param call what the ValidatorApi must have been asked, decoded exactly from the request
   * @param answer the whole JSON answer expected from the fake's canned values, or null for none
   * @param version the Eth-Consensus-Version header expected on the answer, or null
   */
  record Served(Exchange request, Call call, Function<FakeValidatorApi, JsonNode> answer, String version) {}

  static Stream<Named<Served>> servedEndpoints() {
    ApiTestData d = new ApiTestData(3);
    long epoch = Long.MIN_VALUE; // 2^63: above what a signed long holds
    List<Long> indices = List.of(1L, -1L, 42L);
    List<SingleAttestation> attestations = d.list(3, d::singleAttestation);
    List<SignedAggregateAndProof> aggregates = d.list(2, d::signedAggregateAndProof);
    List<BeaconCommitteeSelection> partials = d.list(2, d::beaconCommitteeSelection);
    long slot = d.uint64();
    long committeeIndex = d.small();
    Bytes root = d.root();
    String pubkey = d.pubkey().toHex();
    List<SyncCommitteeSelection> syncPartials = d.list(2, d::syncCommitteeSelection);
    List<SyncCommitteeMessage> syncMessages = d.list(2, d::syncCommitteeMessage);
    List<SignedContributionAndProof> contributionAndProofs =
        d.list(2, d::signedContributionAndProof);
    return Stream.of(
        Named.of("POST attester duties", new Served(
            Exchange.post("/eth/v1/validator/duties/attester/" + Long.toUnsignedString(epoch), VALIDATOR_INDICES.toJson(indices)),
            Call.of("attesterDuties", epoch, indices),
            fake -> object("dependent_root", fake.duties.dependentRoot().toHex(), "execution_optimistic", false,
                "data", ApiCodecs.ATTESTER_DUTIES.toJson(fake.duties.duties())),
            null)),
        Named.of("GET attestation data", new Served(
            Exchange.get("/eth/v1/validator/attestation_data?slot=" + Long.toUnsignedString(slot)
                + "&committee_index=" + committeeIndex),
            Call.of("attestationData", slot, committeeIndex),
            fake -> object("data", AttestationData.SSZ.toJson(fake.attestationData)),
            null)),
        Named.of("POST pool attestations", new Served(
            Exchange.post("/eth/v2/beacon/pool/attestations", SINGLE_ATTESTATIONS.toJson(attestations)).fulu(),
            Call.of("submitAttestations", attestations), null, null)),
        Named.of("POST beacon committee selections", new Served(
            Exchange.post("/eth/v1/validator/beacon_committee_selections", BEACON_COMMITTEE_SELECTIONS.toJson(partials)),
            Call.of("beaconCommitteeSelections", partials),
            fake -> object("data", BEACON_COMMITTEE_SELECTIONS.toJson(fake.selections)),
            null)),
        Named.of("GET aggregate attestation", new Served(
            Exchange.get("/eth/v2/validator/aggregate_attestation?attestation_data_root=" + root.toHex()
                + "&slot=" + Long.toUnsignedString(slot) + "&committee_index=" + committeeIndex),
            Call.of("aggregateAttestation", slot, root, committeeIndex),
            fake -> object("version", "fulu", "data", Attestation.SSZ.toJson(fake.aggregate)),
            "fulu")),
        Named.of("POST aggregate and proofs", new Served(
            Exchange.post("/eth/v2/validator/aggregate_and_proofs", AGGREGATE_AND_PROOFS.toJson(aggregates))
                .header("Eth-Consensus-Version", "fulu"),
            Call.of("submitAggregateAndProofs", aggregates), null, null)),
        Named.of("GET validators by id", new Served(
            Exchange.get("/eth/v1/beacon/states/head/validators?id=1," + pubkey + "&id=18446744073709551615"),
            Call.of("validators", "head", List.of("1", pubkey, "18446744073709551615")),
            fake -> validatorsAnswer(fake.validators),
            null)),
        Named.of("GET validators by status", new Served(
            Exchange.get("/eth/v1/beacon/states/finalized/validators?status=active"),
            Call.of("validators", "finalized", List.of()),
            fake -> validatorsAnswer(List.of(fake.validators.get(0), fake.validators.get(2))),
            null)),
        Named.of("POST validators", new Served(
            Exchange.post("/eth/v1/beacon/states/" + root.toHex() + "/validators",
                "{\"ids\":[\"" + pubkey + "\",\"7\"],\"statuses\":[\"pending_queued\"]}"),
            Call.of("validators", root.toHex(), List.of(pubkey, "7")),
            fake -> validatorsAnswer(List.of(fake.validators.get(1))),
            null)),
        Named.of("POST validators without a body", new Served(
            new Exchange("POST", "/eth/v1/beacon/states/123/validators", Map.of(), new byte[0]),
            Call.of("validators", "123", List.of()),
            fake -> validatorsAnswer(fake.validators),
            null)),
        Named.of("POST sync duties", new Served(
            Exchange.post("/eth/v1/validator/duties/sync/" + Long.toUnsignedString(epoch),
                VALIDATOR_INDICES.toJson(indices)),
            Call.of("syncCommitteeDuties", epoch, indices),
            fake -> object("execution_optimistic", false, "data", ApiCodecs.SYNC_DUTIES.toJson(fake.syncDuties)),
            null)),
        Named.of("POST pool sync committees", new Served(
            Exchange.post("/eth/v1/beacon/pool/sync_committees", ApiCodecs.SYNC_COMMITTEE_MESSAGES.toJson(syncMessages)),
            Call.of("submitSyncCommitteeMessages", syncMessages), null, null)),
        Named.of("POST sync committee selections", new Served(
            Exchange.post("/eth/v1/validator/sync_committee_selections",
                ApiCodecs.SYNC_COMMITTEE_SELECTIONS.toJson(syncPartials)),
            Call.of("syncCommitteeSelections", syncPartials),
            fake -> object("data", ApiCodecs.SYNC_COMMITTEE_SELECTIONS.toJson(fake.syncSelections)),
            null)),
        Named.of("GET sync committee contribution", new Served(
            Exchange.get("/eth/v1/validator/sync_committee_contribution?slot=" + Long.toUnsignedString(slot)
                + "&subcommittee_index=2&beacon_block_root=" + root.toHex()),
            Call.of("syncCommitteeContribution", slot, 2L, root),
            fake -> object("data", SyncCommitteeContribution.SSZ.toJson(fake.contribution)),
            null)),
        Named.of("POST contribution and proofs", new Served(
            Exchange.post("/eth/v1/validator/contribution_and_proofs", ApiCodecs.CONTRIBUTION_AND_PROOFS.toJson(
                contributionAndProofs)),
            Call.of("submitContributionAndProofs", contributionAndProofs), null, null)),
        Named.of("GET node version", new Served(
            Exchange.get("/eth/v1/node/version"), null,
            fake -> object("data", object("version", NODE_VERSION)),
            null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servedEndpoints")
  void servesEndpointFromValidatorApi(Served served) throws Exception {
    HttpResponse<byte[]> response = send(served.request());

    assertEquals(200, response.statusCode(), () -> text(response));
    assertEquals(served.call() == null ? List.of() : List.of(served.call()), fake.calls());
    if (served.answer() == null) {
      assertEquals(0, response.body().length);
    } else {
      assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
      assertEquals(served.answer().apply(fake), ApiJson.parse(response.body()));
    }
    assertEquals(served.version(), response.headers().firstValue("Eth-Consensus-Version").orElse(null));
  }

  private static JsonNode validatorsAnswer(List<ValidatorInfo> validators) {
    return object("execution_optimistic", false, "finalized", false,
        "data", ApiCodecs.VALIDATORS.toJson(validators));
  }

  // ---- bad input: refused before the ValidatorApi is asked, or its failure passed on ----

  /**
   * @param arrange how the fake behaves (e.g. fails), applied before the request
   * @param reachesApi whether the ValidatorApi is asked at all
   */
  record Refused(Exchange request, int status, String messagePart, boolean reachesApi,
      UnaryOperator<FakeValidatorApi> arrange) {
    static Refused input(Exchange request, int status, String messagePart) {
      return new Refused(request, status, messagePart, false, f -> f);
    }

    static Refused byApi(Exchange request, int status, String messagePart, UnaryOperator<FakeValidatorApi> arrange) {
      return new Refused(request, status, messagePart, true, arrange);
    }
  }

  static Stream<Named<Refused>> refusedRequests() {
    ApiTestData d = new ApiTestData(5);
    String duties = "/eth/v1/validator/duties/attester/3";
    String pool = "/eth/v2/beacon/pool/attestations";
    ArrayNode attestations = (ArrayNode) SINGLE_ATTESTATIONS.toJson(d.list(3, d::singleAttestation));
    ArrayNode wrongType = attestations.deepCopy();
    ((ObjectNode) wrongType.get(1).get("data")).put("slot", false);
    ArrayNode unknownField = attestations.deepCopy();
    ((ObjectNode) unknownField.get(2)).put("extra", "1");
    ArrayNode aggregates = (ArrayNode) AGGREGATE_AND_PROOFS.toJson(d.list(3, d::signedAggregateAndProof));
    ((ObjectNode) aggregates.get(1)).put("signature", "0x1234");
    String tooMany = IntStream.range(0, 65).mapToObj(Integer::toString).collect(Collectors.joining(","));
    byte[] oversized = new byte[ValidatorApiServer.Config.DEFAULT_MAX_BODY_BYTES + 1];
    Arrays.fill(oversized, (byte) ' ');
    String attestationData = "/eth/v1/validator/attestation_data?slot=1&committee_index=0";
    return Stream.of(
        Named.of("malformed JSON", Refused.input(Exchange.post(duties, "[\"1\","), 400, "malformed JSON")),
        Named.of("empty body", Refused.input(Exchange.post(duties, ""), 400, "empty body")),
        Named.of("object where an array belongs", Refused.input(Exchange.post(duties, "{\"1\":2}"), 400,
            "expected a JSON array")),
        Named.of("index of the wrong type", Refused.input(Exchange.post(duties, "[\"1\",true]"), 400, "[1]")),
        Named.of("attestation field of the wrong type", Refused.input(Exchange.post(pool, wrongType).fulu(), 400,
            "[1] SingleAttestation.data.slot")),
        Named.of("attestation with an unknown field", Refused.input(Exchange.post(pool, unknownField).fulu(), 400,
            "has no field extra")),
        Named.of("one bad aggregate of three", Refused.input(
            Exchange.post("/eth/v2/validator/aggregate_and_proofs", aggregates).fulu(), 400,
            "[1] SignedAggregateAndProof.signature")),
        Named.of("missing Eth-Consensus-Version", Refused.input(Exchange.post(pool, attestations), 400,
            "missing header Eth-Consensus-Version")),
        Named.of("Eth-Consensus-Version of another fork than the slot's", Refused.input(
            Exchange.post(pool, attestations).header("Eth-Consensus-Version", "electra"), 400,
            "which is in fork fulu")),
        Named.of("pre-Electra Eth-Consensus-Version", Refused.input(
            Exchange.post(pool, attestations).header("Eth-Consensus-Version", "deneb"), 400,
            "unsupported Eth-Consensus-Version")),
        Named.of("JSON body labelled SSZ", Refused.input(Exchange.post(pool, attestations).fulu()
            .header("Content-Type", "application/octet-stream"), 400, "invalid SSZ request body")),
        Named.of("SSZ body where only JSON is taken", Refused.input(
            Exchange.post("/eth/v1/validator/beacon_committee_selections", attestations)
            .header("Content-Type", "application/octet-stream"), 415, "Content-Type")),
        Named.of("missing slot", Refused.input(Exchange.get("/eth/v1/validator/attestation_data?committee_index=0"), 400,
            "missing query parameter slot")),
        Named.of("negative committee index", Refused.input(
            Exchange.get("/eth/v1/validator/attestation_data?slot=1&committee_index=-1"), 400,
            "invalid query parameter committee_index")),
        Named.of("slot past uint64", Refused.input(
            Exchange.get("/eth/v1/validator/attestation_data?slot=18446744073709551616&committee_index=0"), 400,
            "invalid query parameter slot")),
        Named.of("repeated slot", Refused.input(Exchange.get(attestationData + "&slot=2"), 400,
            "query parameter slot given 2 times")),
        Named.of("short attestation data root", Refused.input(
            Exchange.get("/eth/v2/validator/aggregate_attestation?attestation_data_root=0x12&slot=1&committee_index=0"),
            400, "invalid query parameter attestation_data_root")),
        Named.of("epoch that is not a number", Refused.input(
            Exchange.post("/eth/v1/validator/duties/attester/next", "[\"1\"]"), 400, "invalid path parameter epoch")),
        Named.of("invalid state id", Refused.input(Exchange.get("/eth/v1/beacon/states/current/validators"), 400,
            "invalid state_id")),
        Named.of("invalid validator id", Refused.input(Exchange.get("/eth/v1/beacon/states/head/validators?id=0x12"),
            400, "invalid id[0]")),
        Named.of("65 validator ids", Refused.input(
            Exchange.get("/eth/v1/beacon/states/head/validators?id=" + tooMany), 414, "too many validator ids")),
        Named.of("unknown validator status", Refused.input(
            Exchange.get("/eth/v1/beacon/states/head/validators?status=asleep"), 400, "unknown validator status")),
        Named.of("unknown field in validators body", Refused.input(
            Exchange.post("/eth/v1/beacon/states/head/validators", "{\"ids\":[\"1\"],\"statuz\":[]}"), 400,
            "unknown field statuz")),
        Named.of("validator id that is not a string", Refused.input(
            Exchange.post("/eth/v1/beacon/states/head/validators", "{\"ids\":[1]}"), 400, "ids[0]")),
        Named.of("body over 32 MiB", Refused.input(Exchange.post(duties, oversized), 413, "larger than")),
        Named.of("unknown validator", Refused.byApi(Exchange.get("/eth/v1/beacon/states/head/validators?id=9"), 404,
            "validator 9 not found", f -> f.failWith(() -> ApiException.notFound("validator 9 not found")))),
        Named.of("cluster not ready", Refused.byApi(Exchange.get(attestationData), 503, "no decided value yet",
            f -> f.failWith(() -> ApiException.unavailable("no decided value yet")))),
        Named.of("ValidatorApi failing", Refused.byApi(Exchange.get(attestationData), 500, "internal error",
            f -> f.failWith(() -> new IllegalStateException("details that stay inside")))),
        Named.of("ValidatorApi throwing", Refused.byApi(Exchange.post(duties, "[\"1\"]"), 500, "internal error",
            f -> f.throwWith(() -> new IllegalStateException("details that stay inside")))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedRequests")
  void refusesWithJsonError(Refused refused) throws Exception {
    refused.arrange().apply(fake);

    HttpResponse<byte[]> response = send(refused.request());

    assertEquals(refused.status(), response.statusCode(), () -> text(response));
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
    JsonNode error = ApiJson.parse(response.body());
    assertEquals(refused.status(), error.get("code").asInt());
    String message = error.get("message").textValue();
    assertTrue(message.contains(refused.messagePart()), message);
    assertFalse(message.contains("details that stay inside"), message);
    List<String> fields = new ArrayList<>();
    error.fieldNames().forEachRemaining(fields::add);
    assertTrue(List.of("code", "message", "failures").containsAll(fields), fields::toString);
    assertEquals(refused.reachesApi(), !fake.calls().isEmpty(), fake.calls()::toString);
  }

  @Test
  void badElementsAreListedAsFailuresByIndex() throws Exception {
    ApiTestData d = new ApiTestData(9);
    ArrayNode attestations = (ArrayNode) SINGLE_ATTESTATIONS.toJson(d.list(4, d::singleAttestation));
    ((ObjectNode) attestations.get(1)).put("attester_index", "x");
    ((ObjectNode) attestations.get(3)).remove("signature");

    HttpResponse<byte[]> response = send(Exchange.post("/eth/v2/beacon/pool/attestations", attestations).fulu());

    assertEquals(400, response.statusCode());
    JsonNode failures = ApiJson.parse(response.body()).get("failures");
    assertEquals(2, failures.size());
    assertEquals(1, failures.get(0).get("index").asInt());
    assertTrue(failures.get(0).get("message").textValue().contains("attester_index"));
    assertEquals(3, failures.get(1).get("index").asInt());
    assertTrue(failures.get(1).get("message").textValue().contains("signature: missing"));
    assertEquals(List.of(), fake.calls());
  }

  /** The beacon API's IndexedErrorMessage: a refused list submission always names its failures. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/eth/v2/beacon/pool/attestations", "/eth/v2/validator/aggregate_and_proofs"})
  void listSubmissionsRefusedByTheClusterNameTheFailingElement(String path) throws Exception {
    ApiTestData d = new ApiTestData(9);
    JsonNode body = path.contains("pool") ? SINGLE_ATTESTATIONS.toJson(d.list(3, d::singleAttestation))
        : ApiCodecs.AGGREGATE_AND_PROOFS.toJson(d.list(3, d::signedAggregateAndProof));
    fake.failWith(() -> new ApiException(400, "element 2 is not what the cluster decided",
        new InvalidElementsException(List.of(
            new ErrorBody.Failure(2, "element 2 is not what the cluster decided")))));

    HttpResponse<byte[]> named = send(Exchange.post(path, body).fulu());
    assertEquals(400, named.statusCode());
    JsonNode failures = ApiJson.parse(named.body()).get("failures");
    assertEquals(1, failures.size(), ApiJson.parse(named.body()).toString());
    assertEquals(2, failures.get(0).get("index").asInt());

    fake.failWith(() -> ApiException.badRequest("refused as a whole"));
    HttpResponse<byte[]> whole = send(Exchange.post(path, body).fulu());
    assertEquals(400, whole.statusCode());
    assertEquals(0, ApiJson.parse(whole.body()).get("failures").size(), "failures present, empty");
  }

  @Test
  void capturedExchangesHoldTheRequestAndTheAnswerAsWritten() throws Exception {
    List<CapturedExchange> captured =
        Collections.synchronizedList(new ArrayList<>());
    send(Exchange.get("/eth/v1/node/version"));
    server.captureExchanges("validator API of node 0", captured::add);
    send(Exchange.get("/eth/v1/validator/attestation_data?slot=5&committee_index=0"));
    ApiTestData d = new ApiTestData(9);
    send(Exchange.post("/eth/v2/beacon/pool/attestations", SINGLE_ATTESTATIONS.toJson(d.list(2, d::singleAttestation)))
        .fulu());
    // The capture is told just before the answer is written, so these are in once the client has read them.
    await().atMost(Duration.ofSeconds(5)).until(() -> captured.size() >= 2);
    server.captureExchanges("validator API of node 0", null);
    send(Exchange.get("/eth/v1/node/version"));
    Thread.sleep(200);
    assertEquals(2, captured.size(), captured::toString);
    CapturedExchange data = captured.get(0);
    assertEquals("validator API of node 0", data.server());
    assertEquals("/eth/v1/validator/attestation_data", data.path());
    assertEquals(List.of("5"), data.query().get("slot"));
    assertEquals(200, data.status());
    assertEquals("application/json", data.responseHeader("Content-Type").orElseThrow());
    assertTrue(ApiJson.parse(data.responseBody()).has("data"));
    CapturedExchange posted = captured.get(1);
    assertEquals("POST", posted.method());
    assertEquals("fulu", posted.requestHeader("eth-consensus-version").orElseThrow());
    assertEquals(2, ApiJson.parse(posted.requestBody()).size());
    assertEquals(200, posted.status());
  }

  @Test
  void theObserverHearsEachAnswerByRouteTemplateNotRawPath() throws Exception {
    List<String> heard = new CopyOnWriteArrayList<>();
    server.observeRequests((method, route, status, elapsed) -> heard.add(method + " " + route + " " + status));
    ApiTestData d = new ApiTestData(7);
    send(Exchange.get("/eth/v1/beacon/states/head/validators?id=" + d.pubkey().toHex()));
    send(Exchange.post("/eth/v1/beacon/states/finalized/validators", "not json"));
    beaconNodeStub.answer(StubHttpServer.Answer.json(503, "{\"code\":503,\"message\":\"syncing\"}"));
    send(Exchange.get("/eth/v1/node/syncing"));
    await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 3);
    assertEquals(List.of("GET /eth/v1/beacon/states/{state_id}/validators 200",
        "POST /eth/v1/beacon/states/{state_id}/validators 400", "GET proxied 503"), heard);
  }

  @Test
  void getTakesTheSpecsSixtyFourPublicKeys() throws Exception {
    ApiTestData d = new ApiTestData(6);
    List<String> pubkeys = d.list(64, () -> d.pubkey().toHex());

    HttpResponse<byte[]> response = send(
        Exchange.get("/eth/v1/beacon/states/head/validators?id=" + String.join(",", pubkeys)));

    assertEquals(200, response.statusCode(), () -> text(response));
    assertEquals(List.of(Call.of("validators", "head", pubkeys)), fake.calls());
  }

  @Test
  void overlongRequestLineIs414() throws Exception {
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.send("GET /eth/v1/node/version?x=" + "a".repeat(ValidatorApiServer.MAX_REQUEST_LINE)
          + " HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Answer answer = raw.read();

      assertEquals(414, answer.status());
      assertEquals(414, ApiJson.parse(answer.body().getBytes(StandardCharsets.UTF_8)).get("code").asInt());
    }
  }

  // ---- everything else goes to the beacon node, unchanged ----

  @Test
  void proxiesOtherRequestsUnchanged() throws Exception {
    byte[] answer = {0, 1, 2, (byte) 0xff, '{'};
    beaconNodeStub.answer(new StubHttpServer.Answer(202,
        Map.of("X-Beacon", List.of("a", "b"), "Content-Type", List.of("application/octet-stream")), answer));

    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri("/eth/v1/config/spec?x=a%20b&y=1"))
        .header("X-Request-Id", "42").header("Accept", "application/json").GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertEquals(202, response.statusCode());
    assertEquals(List.of("a", "b"), response.headers().allValues("X-Beacon"));
    assertEquals("application/octet-stream", response.headers().firstValue("Content-Type").orElseThrow());
    assertArrayEquals(answer, response.body());
    StubHttpServer.Recorded request = beaconNodeStub.last();
    assertEquals("GET", request.method());
    assertEquals("/eth/v1/config/spec?x=a%20b&y=1", request.target());
    assertEquals("42", request.header("X-Request-Id"));
    assertEquals("application/json", request.header("Accept"));
    assertEquals(List.of(), fake.calls());
  }

  @Test
  void headRootIsTheDecidedOneWhileTheClusterHasOne() throws Exception {
    Bytes decided = new ApiTestData(8).root();
    fake.headRoot = Optional.of(decided);

    HttpResponse<byte[]> response = send(Exchange.get("/eth/v1/beacon/blocks/head/root"));

    assertEquals(200, response.statusCode(), () -> text(response));
    assertEquals(object("execution_optimistic", false, "finalized", false, "data", object("root", decided.toHex())),
        ApiJson.parse(response.body()));
    assertEquals(List.of(), beaconNodeStub.requests(), "the beacon node is not asked");
  }

  @Test
  void headRootIsTheBeaconNodesWithoutADecidedOne() throws Exception {
    byte[] answer = "{\"data\":{\"root\":\"0x01\"}}".getBytes(StandardCharsets.UTF_8);
    beaconNodeStub.answer(new StubHttpServer.Answer(200, Map.of("Content-Type", List.of("application/json")), answer));

    HttpResponse<byte[]> response = send(Exchange.get("/eth/v1/beacon/blocks/head/root"));

    assertEquals(200, response.statusCode());
    assertArrayEquals(answer, response.body());
    assertEquals("/eth/v1/beacon/blocks/head/root", beaconNodeStub.last().target());
  }

  @Test
  void proxiesPostBodiesAndErrorAnswersUnchanged() throws Exception {
    String error = "{\"code\":503,\"message\":\"Beacon node is currently syncing\",\"stacktraces\":[]}";
    beaconNodeStub.answer(StubHttpServer.Answer.json(503, error));
    byte[] body = "[{\"validator_index\":\"1\",\"fee_recipient\":\"0xabcd\"}]".getBytes(StandardCharsets.UTF_8);

    // prepare_beacon_proposer is served by Phalanx now (the lock's fee recipients win); committee
    // subscriptions still pass through.
    HttpResponse<byte[]> response = send(Exchange.post("/eth/v1/validator/beacon_committee_subscriptions", body));

    assertEquals(503, response.statusCode());
    assertEquals(error, text(response));
    StubHttpServer.Recorded request = beaconNodeStub.last();
    assertEquals("POST", request.method());
    assertEquals("/eth/v1/validator/beacon_committee_subscriptions", request.target());
    assertEquals("application/json", request.header("Content-Type"));
    assertArrayEquals(body, request.body());
  }

  @Test
  void servedPathsWithOtherMethodsAreProxied() throws Exception {
    beaconNodeStub.answer(StubHttpServer.Answer.json(405, "{\"code\":405,\"message\":\"no\"}"));

    HttpResponse<byte[]> response = send(Exchange.get("/eth/v1/validator/duties/attester/1"));

    assertEquals(405, response.statusCode());
    assertEquals("GET", beaconNodeStub.last().method());
    assertEquals(List.of(), fake.calls());
  }

  @Test
  void dropsHopByHopHeadersBothWays() throws Exception {
    beaconNodeStub.answer(new StubHttpServer.Answer(200,
        Map.of("Keep-Alive", List.of("timeout=5"), "X-Kept", List.of("yes")), "ok".getBytes(StandardCharsets.UTF_8)));
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.send("GET /eth/v1/node/syncing HTTP/1.1\r\nHost: phalanx\r\nConnection: keep-alive, X-Hop\r\n"
          + "X-Hop: for this connection only\r\nX-End: kept\r\nTE: trailers\r\n\r\n");
      RawHttp.Answer answer = raw.read();

      assertEquals(200, answer.status());
      assertEquals("ok", answer.body());
      assertEquals("yes", answer.headers().get("x-kept"));
      assertNull(answer.headers().get("keep-alive"));
    }
    StubHttpServer.Recorded request = beaconNodeStub.last();
    assertEquals("kept", request.header("X-End"));
    assertNull(request.header("X-Hop"));
    assertNull(request.header("TE"));
    assertNotEquals("phalanx", request.header("Host"));
  }

  @Test
  void unknownRouteWithoutReachableBeaconNodeIs502() throws Exception {
    int closedPort = StubHttpServer.closedPort();
    try (HttpBeaconNode unreachable = new HttpBeaconNode(
            HttpBeaconNode.Config.of(URI.create("http://user:secret@127.0.0.1:" + closedPort)));
        ValidatorApiServer alone = new ValidatorApiServer(config(), fake, unreachable).start()) {
      HttpResponse<byte[]> response = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + alone.port() + "/eth/v1/beacon/genesis")).build(),
          HttpResponse.BodyHandlers.ofByteArray());

      assertEquals(502, response.statusCode());
      JsonNode error = ApiJson.parse(response.body());
      assertEquals(502, error.get("code").asInt());
      assertEquals("beacon node unreachable", error.get("message").textValue());
    }
  }

  @Test
  void eventStreamIsRefusedRatherThanBuffered() throws Exception {
    HttpResponse<byte[]> response = send(Exchange.get("/eth/v1/events?topics=head"));

    assertEquals(501, response.statusCode());
    assertEquals(501, ApiJson.parse(response.body()).get("code").asInt());
    assertEquals(List.of(), beaconNodeStub.requests());
  }

  // ---- connections ----

  @Test
  void keepsConnectionsAliveAndAnswersPipelinedRequestsInOrder() throws Exception {
    fake.delay(Duration.ofMillis(300));
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.send("GET /eth/v1/validator/attestation_data?slot=1&committee_index=0 HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /eth/v1/node/version HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Answer slow = raw.read();
      RawHttp.Answer fast = raw.read();
      raw.send("GET /eth/v1/node/version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      RawHttp.Answer last = raw.read();

      assertEquals(object("data", AttestationData.SSZ.toJson(fake.attestationData)),
          ApiJson.parse(slow.body().getBytes(StandardCharsets.UTF_8)));
      assertTrue(fast.body().contains(NODE_VERSION), fast.body());
      assertEquals(200, last.status());
      assertEquals("close", last.headers().get("connection"));
      assertTrue(raw.closedByServer());
    }
  }

  @Test
  void malformedHttpIs400AndClosesTheConnection() throws Exception {
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.send("GET /eth/v1/node/version HTTP/1.1\r\nHost: x\r\nContent-Length: banana\r\n\r\n");
      RawHttp.Answer answer = raw.read();

      assertEquals(400, answer.status());
      assertEquals(400, ApiJson.parse(answer.body().getBytes(StandardCharsets.UTF_8)).get("code").asInt());
      assertTrue(raw.closedByServer());
    }
  }

  @Test
  void bodyLimitIsConfigurable() throws Exception {
    try (ValidatorApiServer small = new ValidatorApiServer(config().withMaxBodyBytes(16), fake, beaconNode).start()) {
      HttpResponse<byte[]> response = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + small.port() + "/eth/v1/validator/duties/attester/1"))
              .POST(HttpRequest.BodyPublishers.ofString("[\"1\",\"2\",\"3\",\"4\"]")).build(),
          HttpResponse.BodyHandlers.ofByteArray());

      assertEquals(413, response.statusCode());
      assertEquals(413, ApiJson.parse(response.body()).get("code").asInt());
    }
    assertEquals(List.of(), fake.calls());
  }

  @Test
  void portZeroPicksAFreePortAndCloseStopsPromptly() throws Exception {
    ValidatorApiServer other = new ValidatorApiServer(config(), fake, beaconNode).start();
    int port = other.port();
    assertNotEquals(0, port);
    assertNotEquals(server.port(), port);
    try (RawHttp idle = new RawHttp(port)) {
      idle.send("GET /eth/v1/node/version HTTP/1.1\r\nHost: x\r\n\r\n");
      assertEquals(200, idle.read().status()); // a kept-alive connection, now idle
      long start = System.nanoTime();
      other.close();
      assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(3)) < 0);
      assertTrue(idle.closedByServer()); // open connections are closed too
    }
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
    other.close(); // twice is harmless
  }

  @Test
  void startFailsOnAnAddressInUse() {
    ValidatorApiServer second = new ValidatorApiServer(
        config().withBindAddress(new InetSocketAddress("127.0.0.1", server.port())), fake, beaconNode);
    IOException e = assertThrows(IOException.class, second::start);
    assertTrue(e.getMessage().contains(String.valueOf(server.port())), e.getMessage());
  }

  @Test
  void defaultsAreLoopbackPort3600And32MiB() {
    ValidatorApiServer.Config defaults = ValidatorApiServer.Config.of(NODE_VERSION);
    assertEquals(new InetSocketAddress("127.0.0.1", 3600), defaults.bindAddress());
    assertEquals(32 * 1024 * 1024, defaults.maxBodyBytes());
    assertEquals("fulu", defaults.consensusVersionAtSlot().apply(0).apiName());
  }

  @Test
  void servedRoutesAreTheAttestationWorkflowAndNodeVersion() {
    assertEquals(List.of(
        "POST /eth/v1/validator/duties/attester/{epoch}",
        "GET /eth/v1/validator/attestation_data",
        "POST /eth/v2/beacon/pool/attestations",
        "POST /eth/v1/validator/beacon_committee_selections",
        "GET /eth/v2/validator/aggregate_attestation",
        "POST /eth/v2/validator/aggregate_and_proofs",
        "GET /eth/v1/beacon/states/{state_id}/validators",
        "POST /eth/v1/beacon/states/{state_id}/validators",
        "GET /eth/v1/node/version",
        "GET /eth/v1/events",
        "GET /eth/v1/validator/duties/proposer/{epoch}",
        "GET /eth/v3/validator/blocks/{slot}",
        "POST /eth/v2/beacon/blocks",
        "POST /eth/v2/beacon/blinded_blocks",
        "POST /eth/v1/beacon/pool/voluntary_exits",
        "POST /eth/v1/validator/register_validator",
        "POST /eth/v1/validator/prepare_beacon_proposer",
        "POST /eth/v1/validator/duties/sync/{epoch}",
        "GET /eth/v1/beacon/blocks/head/root",
        "POST /eth/v1/beacon/pool/sync_committees",
        "POST /eth/v1/validator/sync_committee_selections",
        "GET /eth/v1/validator/sync_committee_contribution",
        "POST /eth/v1/validator/contribution_and_proofs"), server.servedRoutes());
  }

  // ---- helpers ----

  private HttpResponse<byte[]> send(Exchange exchange) throws IOException, InterruptedException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(exchange.target()))
        .method(exchange.method(), exchange.body().length == 0 && exchange.method().equals("GET")
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(exchange.body()));
    exchange.headers().forEach(builder::header);
    return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private URI uri(String target) {
    return URI.create("http://127.0.0.1:" + server.port() + target);
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /** A JSON object from alternating names and values (JsonNode, String or Boolean). */
  static ObjectNode object(Object... namesAndValues) {
    ObjectNode json = ApiJson.object();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String name = (String) namesAndValues[i];
      switch (namesAndValues[i + 1]) {
        case JsonNode node -> json.set(name, node);
        case String s -> json.put(name, s);
        case Boolean b -> json.put(name, b);
        default -> throw new IllegalArgumentException(name);
      }
    }
    return json;
  }
}
