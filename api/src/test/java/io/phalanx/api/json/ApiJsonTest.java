package io.phalanx.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.api.ApiException;
import io.phalanx.api.ChainSpec;
import io.phalanx.api.SyncStatus;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiJsonTest {
  private final ApiTestData data = new ApiTestData(1);

  private static JsonNode json(String text) {
    return ApiJson.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "{\"a\":1", "{\"a\":1,\"a\":2}", "{} {}", "[1,]", "nul"})
  void refusesWhatIsNotExactlyOneJsonValue(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> json(text));
    assertTrue(e.getMessage().startsWith("malformed JSON") || e.getMessage().startsWith("empty body"), e.getMessage());
  }

  @Test
  void validatorInfoRoundTripsInTheBeaconApiForm() {
    ValidatorInfo validator = data.validatorInfo("active_slashed");

    JsonNode json = ApiCodecs.VALIDATOR_INFO.toJson(validator);

    assertEquals(Long.toUnsignedString(validator.index()), json.get("index").textValue());
    assertEquals("active_slashed", json.get("status").textValue());
    assertEquals("18446744073709551615", json.get("validator").get("exit_epoch").textValue());
    assertEquals(validator.slashed(), json.get("validator").get("slashed").booleanValue());
    assertEquals(validator, ApiCodecs.VALIDATOR_INFO.fromJson(json));
  }

  @Test
  void validatorInfoNamesTheFieldThatIsWrong() {
    JsonNode json = ApiCodecs.VALIDATOR_INFO.toJson(data.validatorInfo("active_ongoing"));
    ((ObjectNode) json.get("validator")).put("pubkey", "0x12");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ApiCodecs.VALIDATOR_INFO.fromJson(json));
    assertTrue(e.getMessage().contains("pubkey"), e.getMessage());
  }

  @Test
  void syncStatusRoundTripsAndToleratesOlderBeaconNodes() {
    SyncStatus status = new SyncStatus(-1, 12, true, true, false);
    assertEquals(status, ApiCodecs.SYNC_STATUS.fromJson(ApiCodecs.SYNC_STATUS.toJson(status)));

    assertEquals(new SyncStatus(5, 0, false, false, false),
        ApiCodecs.SYNC_STATUS.fromJson(json("{\"head_slot\":\"5\",\"sync_distance\":\"0\",\"is_syncing\":false}")));
  }

  @Test
  void chainSpecKeepsEveryValue() {
    JsonNode json = json("{\"SECONDS_PER_SLOT\":\"12\",\"SLOTS_PER_EPOCH\":\"32\",\"DOMAIN_AGGREGATE_AND_PROOF\":"
        + "\"0x06000000\",\"BLOB_SCHEDULE\":[{\"EPOCH\":\"1\",\"MAX_BLOBS_PER_BLOCK\":\"6\"}]}");

    ChainSpec spec = ApiCodecs.CHAIN_SPEC.fromJson(json);

    assertEquals(12, spec.secondsPerSlot());
    assertEquals(32, spec.slotsPerEpoch());
    assertEquals("0x06000000", spec.values().get("DOMAIN_AGGREGATE_AND_PROOF"));
    assertEquals("[{\"EPOCH\":\"1\",\"MAX_BLOBS_PER_BLOCK\":\"6\"}]", spec.values().get("BLOB_SCHEDULE"));
    assertEquals(json, ApiCodecs.CHAIN_SPEC.toJson(spec));
  }

  @Test
  void chainSpecTakesSlotDurationInMillisecondsAndNeedsSlotsPerEpoch() {
    assertEquals(6, ApiCodecs.CHAIN_SPEC.fromJson(json("{\"SLOT_DURATION_MS\":\"6000\",\"SLOTS_PER_EPOCH\":\"8\"}"))
        .secondsPerSlot());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ApiCodecs.CHAIN_SPEC.fromJson(json("{\"SECONDS_PER_SLOT\":\"12\"}")));
    assertEquals("missing field SLOTS_PER_EPOCH", e.getMessage());
  }

  @Test
  void listsReportEveryBadElementByIndex() {
    JsonCodec<List<SingleAttestation>> codec = ApiCodecs.SINGLE_ATTESTATIONS;
    JsonNode json = codec.toJson(data.list(3, data::singleAttestation));
    ((ObjectNode) json.get(0)).put("committee_index", "-1");
    ((ObjectNode) json.get(2)).remove("data");

    InvalidElementsException e = assertThrows(InvalidElementsException.class, () -> codec.fromJson(json));

    assertEquals(List.of(0L, 2L), e.failures().stream().map(ErrorBody.Failure::index).toList());
    assertTrue(e.failures().get(0).message().contains("committee_index"), e.getMessage());
    assertTrue(e.failures().get(1).message().contains("data: missing"), e.getMessage());
  }

  @Test
  void envelopeWritesMetadataAndReadsItBack() {
    Bytes root = data.root();
    Envelope envelope = Envelope.of(json("[1]")).withVersion("fulu").withExecutionOptimistic(true)
        .withFinalized(false).withDependentRoot(root);

    JsonNode written = envelope.toJson();

    List<String> names = new ArrayList<>();
    written.fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("version", "execution_optimistic", "finalized", "dependent_root", "data"), names);
    assertEquals(envelope, Envelope.fromJson(written));
  }

  @Test
  void envelopeIgnoresUnknownMetadataButNeedsData() {
    assertEquals(Envelope.of(json("{}")), Envelope.fromJson(json("{\"data\":{},\"meta\":{\"x\":1}}")));
    assertThrows(IllegalArgumentException.class, () -> Envelope.fromJson(json("{\"dat\":{}}")));
    assertThrows(IllegalArgumentException.class, () -> Envelope.fromJson(json("[]")));
    assertThrows(IllegalArgumentException.class, () -> Envelope.fromJson(json("{\"data\":1,\"version\":2}")));
  }

  static Stream<String> unreadableErrorBodies() {
    return Stream.of("", "<html>502</html>", "[]", "{\"code\":500}", "{\"message\":7}");
  }

  @ParameterizedTest
  @MethodSource("unreadableErrorBodies")
  void unreadableErrorBodiesAreEmpty(String body) {
    assertEquals(Optional.empty(), ErrorBody.parse(body.getBytes(StandardCharsets.UTF_8), 500));
  }

  @Test
  void errorBodyRoundTripsWithFailures() {
    ErrorBody body = new ErrorBody(400, "some failures", List.of(new ErrorBody.Failure(3, "bad signature")));

    assertEquals(json("{\"code\":400,\"message\":\"some failures\",\"failures\":[{\"index\":3,"
        + "\"message\":\"bad signature\"}]}"), ApiJson.parse(body.toBytes()));
    assertEquals(Optional.of(body), ErrorBody.parse(body.toBytes(), 400));
    assertEquals(Optional.of(ErrorBody.of(404, "gone")),
        ErrorBody.parse("{\"message\":\"gone\"}".getBytes(StandardCharsets.UTF_8), 404));
  }

  @Test
  void errorBodyOfAnApiExceptionCarriesItsFailures() {
    InvalidElementsException invalid = new InvalidElementsException(List.of(new ErrorBody.Failure(1, "x")));
    ErrorBody body = ErrorBody.of(new ApiException(400, "invalid request body: " + invalid.getMessage(), invalid));

    assertEquals(400, body.code());
    assertEquals("invalid request body: [1] x", body.message());
    assertEquals(invalid.failures(), body.failures());
    assertFalse(body.toJson().has("stacktraces"));
  }

  @Test
  void proxyHeadersDropHopByHopOnesAndThoseConnectionNames() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Connection", List.of("keep-alive, X-Private"));
    headers.put("X-Private", List.of("1"));
    headers.put("Transfer-Encoding", List.of("chunked"));
    headers.put("host", List.of("phalanx:3600"));
    headers.put("Content-Length", List.of("5"));
    headers.put(":status", List.of("200"));
    headers.put("X-Kept", List.of("a", "b"));
    headers.put("Content-Type", List.of("application/json"));

    assertEquals(Map.of("X-Kept", List.of("a", "b"), "Content-Type", List.of("application/json")),
        ProxyHeaders.forwardable(headers));
  }
}
