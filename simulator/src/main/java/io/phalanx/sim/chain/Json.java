package io.phalanx.sim.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON plumbing this package shares: one mapper, and field access that names what is missing. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /**
   * @throws IllegalArgumentException if {@code json} is not an object with field {@code name}
   */
  static JsonNode field(JsonNode json, String name) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("expected a JSON object with field " + name);
    }
    JsonNode value = json.get(name);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("missing field " + name);
    }
    return value;
  }

  /**
   * @throws IllegalArgumentException if the field is missing or not a string
   */
  static String text(JsonNode json, String name) {
    JsonNode value = field(json, name);
    if (!value.isTextual()) {
      throw new IllegalArgumentException("field " + name + " must be a string");
    }
    return value.asText();
  }
}
