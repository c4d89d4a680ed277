package io.phalanx.it.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.api.capture.CapturedExchange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.LinkedHashMap;

/**
 * The checker catches what it must: each broken exchange below yields a violation naming the fault,
 * and the well-formed ones none, so a clean run of the cluster scenario cannot be clean vacuously.
 */
class BeaconApiConformanceTest {
  static final String ROOT = "0x" + "ab".repeat(32);
  static final String SIGNATURE = "0x" + "cd".repeat(96);
  static final String DATA = "{\"slot\":\"9\",\"index\":\"0\",\"beacon_block_root\":\"" + ROOT + "\",\"source\":{\"epoch\":\"1\","
      + "\"root\":\"" + ROOT + "\"},\"target\":{\"epoch\":\"2\",\"root\":\"" + ROOT + "\"}}";
  static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));

  static BeaconApiConformance spec;

  @BeforeAll
  static void load() {
    spec = BeaconApiConformance.fromSharedVectors();
  }

  static CapturedExchange get(String path, Map<String, List<String>> query, int status, String body) {
    return new CapturedExchange("test", "GET", path, query, Map.of(), new byte[0], status,
        body.isEmpty() ? Map.of() : JSON, body.getBytes(StandardCharsets.UTF_8));
  }

  static CapturedExchange post(String path, Map<String, List<String>> headers, String body, int status, String answer) {
    return new CapturedExchange("test", "POST", path, Map.of(), headers, body.getBytes(StandardCharsets.UTF_8), status,
        answer.isEmpty() ? Map.of() : JSON, answer.getBytes(StandardCharsets.UTF_8));
  }

  static final Map<String, List<String>> ATTESTATION_QUERY =
      Map.of("slot", List.of("9"), "committee_index", List.of("0"));

  static CapturedExchange attestationData(int status, String body) {
    return get("/eth/v1/validator/attestation_data", ATTESTATION_QUERY, status, body);
  }

  static String singleAttestation() {
    return "[{\"committee_index\":\"0\",\"attester_index\":\"3\",\"data\":" + DATA + ",\"signature\":\"" + SIGNATURE
        + "\"}]";
  }

  static Map<String, List<String>> headers(String... pairs) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      h.put(pairs[i], List.of(pairs[i + 1]));
    }
    return h;
  }

  @Test
  void wellFormedExchangesConform() {
    assertEquals(List.of(), spec.check(attestationData(200, "{\"data\":" + DATA + "}")));
    assertEquals(List.of(), spec.check(attestationData(503, "{\"code\":503,\"message\":\"not decided\"}")));
    assertEquals(List.of(), spec.check(post("/eth/v2/beacon/pool/attestations",
        headers("Content-Type", "application/json", "Eth-Consensus-Version", "fulu"), singleAttestation(), 200, "")));
    assertEquals(List.of(), spec.check(post("/eth/v2/beacon/pool/attestations",
        headers("Content-Type", "application/octet-stream", "Eth-Consensus-Version", "electra"), "\u0001\u0002", 200,
        "")));
    assertEquals(List.of(), spec.check(get("/eth/v1/node/version", Map.of(), 200,
        "{\"data\":{\"version\":\"Phalanx/0.1.0\"}}")));
  }

  static Stream<Arguments> brokenExchanges() {
    return Stream.of(
        Arguments.of("missing field target", attestationData(200,
            "{\"data\":" + DATA.replaceAll(",\"target\":\\{[^}]*}", "") + "}"), "target"),
        Arguments.of("slot as a number, not a string", attestationData(200,
            "{\"data\":" + DATA.replace("\"slot\":\"9\"", "\"slot\":9") + "}"), "slot"),
        Arguments.of("root too short", attestationData(200, "{\"data\":" + DATA.replaceFirst(ROOT, "0x12") + "}"),
            "pattern"),
        Arguments.of("status the operation does not answer", attestationData(404,
            "{\"code\":404,\"message\":\"no\"}"), "status 404"),
        Arguments.of("error body without message", attestationData(400, "{\"code\":400}"), "message"),
        Arguments.of("error code as a string", attestationData(500, "{\"code\":\"500\",\"message\":\"x\"}"), "code"),
        Arguments.of("no body on a 200 that has one", attestationData(200, ""), "no response body"),
        Arguments.of("missing required query parameter", get("/eth/v1/validator/attestation_data",
            Map.of("slot", List.of("9")), 200, "{\"data\":" + DATA + "}"), "committee_index"),
        Arguments.of("query parameter not a root", get("/eth/v2/validator/aggregate_attestation",
            Map.of("attestation_data_root", List.of("0x12"), "slot", List.of("9"), "committee_index", List.of("0")),
            404, "{\"code\":404,\"message\":\"none\"}"), "attestation_data_root"),
        Arguments.of("route not in the spec", get("/metrics", Map.of(), 200, "{}"), "not a route"),
        Arguments.of("method the route does not have", get("/eth/v2/beacon/pool/attestations_x", Map.of(), 200,
            "{}"), "not a route"),
        Arguments.of("missing Eth-Consensus-Version request header", post("/eth/v2/beacon/pool/attestations",
            headers("Content-Type", "application/json"), singleAttestation(), 200, ""), "Eth-Consensus-Version"),
        Arguments.of("unknown fork in Eth-Consensus-Version", post("/eth/v2/beacon/pool/attestations",
            headers("Content-Type", "application/json", "Eth-Consensus-Version", "gloas-x"), singleAttestation(),
            200, ""), "Eth-Consensus-Version"),
        Arguments.of("request body of the wrong shape", post("/eth/v2/beacon/pool/attestations",
            headers("Content-Type", "application/json", "Eth-Consensus-Version", "fulu"), "{\"a\":1}", 200, ""),
            "request body"),
        Arguments.of("SSZ where the operation takes only JSON", post("/eth/v1/validator/beacon_committee_selections",
            headers("Content-Type", "application/octet-stream"), "\u0001", 200, "{\"data\":[]}"),
            "application/octet-stream"),
        Arguments.of("a body on a 200 that has none", post("/eth/v2/beacon/pool/attestations",
            headers("Content-Type", "application/json", "Eth-Consensus-Version", "fulu"), singleAttestation(), 200,
            "{\"data\":null}"), "response body where"),
        Arguments.of("pool 400 without failures", post("/eth/v2/beacon/pool/attestations",
            headers("Content-Type", "application/json", "Eth-Consensus-Version", "fulu"), singleAttestation(), 400,
            "{\"code\":400,\"message\":\"bad\"}"), "failures"),
        Arguments.of("aggregate without Eth-Consensus-Version answer header", get(
            "/eth/v2/validator/aggregate_attestation", Map.of("attestation_data_root", List.of(ROOT), "slot",
                List.of("9"), "committee_index", List.of("0")), 200,
            "{\"version\":\"fulu\",\"data\":{\"aggregation_bits\":\"0x01\",\"data\":" + DATA + ",\"signature\":\""
                + SIGNATURE + "\",\"committee_bits\":\"0x0100000000000000\"}}"),
            "Eth-Consensus-Version"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenExchanges")
  void aBrokenExchangeIsAViolation(String what, CapturedExchange exchange, String named) {
    List<BeaconApiConformance.Violation> found = spec.check(exchange);
    assertTrue(!found.isEmpty(), what + ": no violation found");
    assertTrue(found.stream().anyMatch(v -> v.toString().contains(named)),
        what + ": no violation names '" + named + "': " + found);
  }

  @Test
  void everyOperationOfTheDocumentIsKnown() {
    assertTrue(spec.operations().size() > 60, "operations: " + spec.operations().size());
    assertEquals("produceAttestationData",
        spec.operationOf("GET", "/eth/v1/validator/attestation_data").orElseThrow().operationId());
    assertEquals("GET /eth/v1/beacon/states/{state_id}/fork",
        spec.operationOf("GET", "/eth/v1/beacon/states/head/fork").orElseThrow().key());
  }
}
