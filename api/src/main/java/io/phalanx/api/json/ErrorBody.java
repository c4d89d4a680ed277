package io.phalanx.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The beacon API's error body: {@code {"code": 400, "message": "..."}}, with {@code failures}
 * (IndexedErrorMessage) when some elements of a submitted list were wrong.
 */
public record ErrorBody(int code, String message, List<Failure> failures) {
  /** One element of a submitted list that was refused, by its index in the request. */
  public record Failure(long index, String message) {}

  public ErrorBody {
    Objects.requireNonNull(message, "message");
    failures = List.copyOf(failures);
  }

  public static ErrorBody of(int code, String message) {
    return new ErrorBody(code, message, List.of());
  }

  /** The body a failure becomes: an ApiException's status and message, failures if any. */
  public static ErrorBody of(ApiException e) {
    List<Failure> failures =
        e.getCause() instanceof InvalidElementsException invalid ? invalid.failures() : List.of();
    return new ErrorBody(e.status(), String.valueOf(e.getMessage()), failures);
  }

  public JsonNode toJson() {
    ObjectNode json = ApiJson.object();
    json.put("code", code);
    json.put("message", message);
    if (!failures.isEmpty()) {
      ArrayNode array = json.putArray("failures");
      failures.forEach(f -> array.addObject().put("index", f.index()).put("message", f.message()));
    }
    return json;
  }

  /**
   * The body as an IndexedErrorMessage, whose {@code failures} the beacon API requires even when
   * the request was refused as a whole (then empty): the answer to a refused list submission.
   */
  public JsonNode toIndexedJson() {
    ObjectNode json = (ObjectNode) toJson();
    if (!json.has("failures")) {
      json.putArray("failures");
    }
    return json;
  }

  public byte[] toBytes() {
    return ApiJson.write(toJson());
  }

  /**
   * Reads an error body leniently: servers differ in what else they put there, and an error
   * answer we cannot read must still become an error with the status we got.
   *
   * @return empty if {@code body} is not a JSON object with a textual {@code message}
   */
  public static Optional<ErrorBody> parse(byte[] body, int status) {
    JsonNode json;
    try {
      json = ApiJson.parse(body);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    JsonNode message = json.get("message");
    if (!json.isObject() || message == null || !message.isTextual()) {
      return Optional.empty();
    }
    JsonNode code = json.get("code");
    List<Failure> failures = new ArrayList<>();
    JsonNode list = json.get("failures");
    if (list != null && list.isArray()) {
      for (JsonNode f : list) {
        failures.add(new Failure(f.path("index").asLong(-1), f.path("message").asText("")));
      }
    }
    int c = code != null && code.canConvertToInt() ? code.asInt() : status;
    return Optional.of(new ErrorBody(c, message.textValue(), failures));
  }
}
