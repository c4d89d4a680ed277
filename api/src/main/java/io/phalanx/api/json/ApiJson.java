package io.phalanx.api.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Iterator;

/**
 * The beacon API's JSON as both the server and the client read and write it: one Jackson
 * configuration, strict parsing (duplicate keys and trailing content are errors, since either
 * means the sender and we could read different values), and errors that name what is wrong.
 */
public final class ApiJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private ApiJson() {}

  /**
   * Parses a whole body as one JSON value.
   *
   * @throws IllegalArgumentException if the body is empty or not JSON, saying where
   */
  public static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw new IllegalArgumentException("empty body, expected JSON");
    }
    try {
      JsonNode json = MAPPER.readTree(body);
      if (json == null || json.isMissingNode()) {
        throw new IllegalArgumentException("empty body, expected JSON");
      }
      return json;
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new IllegalArgumentException("malformed JSON" + where + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a byte array does no I/O
    }
  }

  /** The compact UTF-8 form of {@code json}. */
  public static byte[] write(JsonNode json) {
    try {
      return MAPPER.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /**
   * The member {@code name} of {@code object}.
   *
   * @throws IllegalArgumentException if {@code object} is not an object or lacks the member
   */
  public static JsonNode member(JsonNode object, String name) {
    requireObject(object, "");
    JsonNode value = object.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing field " + name);
    }
    return value;
  }

  /** @throws IllegalArgumentException if {@code json} is not an object, naming {@code what} */
  public static void requireObject(JsonNode json, String what) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException(
          (what.isEmpty() ? "" : what + ": ") + "expected a JSON object, got " + describe(json));
    }
  }

  /**
   * For request bodies whose type is strict: a field we would ignore is more likely a client bug
   * or a newer schema than something safe to drop.
   *
   * @throws IllegalArgumentException naming the first field not in {@code known}
   */
  public static void requireOnly(JsonNode object, Collection<String> known) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown field " + name);
      }
    }
  }

  /** A JSON value short enough for an error message. */
  public static String describe(JsonNode json) {
    return abbreviate(String.valueOf(json));
  }

  /** Text from a request, cut short enough for an error message. */
  public static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
