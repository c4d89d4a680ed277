package io.phalanx.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.api.json.ApiJson;
import io.phalanx.api.json.Envelope;
import io.phalanx.api.json.ErrorBody;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An HTTP answer: status, headers (Content-Length is added when it is written) and body. */
record Response(int status, Map<String, List<String>> headers, byte[] body) {
  private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));

  static Response json(int status, JsonNode json) {
    return new Response(status, JSON, ApiJson.write(json));
  }

  static Response ok(Envelope envelope) {
    return json(200, envelope.toJson());
  }

  /** A 200 whose envelope names the fork in both its {@code version} and the header. */
  static Response okVersioned(Envelope envelope) {
    Map<String, List<String>> headers = new LinkedHashMap<>(JSON);
    envelope.version().ifPresent(v -> headers.put("Eth-Consensus-Version", List.of(v)));
    return new Response(200, Map.copyOf(headers), ApiJson.write(envelope.toJson()));
  }

  /** What the beacon API answers to an accepted submission: 200 and no body. */
  static Response accepted() {
    return new Response(200, Map.of(), new byte[0]);
  }

  static Response error(ErrorBody error) {
    return json(error.code(), error.toJson());
  }

  static Response error(int status, String message) {
    return error(ErrorBody.of(status, message));
  }
}
