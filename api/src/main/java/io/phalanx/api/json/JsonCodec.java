package io.phalanx.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.phalanx.spec.ssz.SszType;
import java.util.ArrayList;
import java.util.List;

/**
 * The beacon-API JSON form of one Java type. Consensus types get theirs from their SSZ schema
 * ({@link #of(SszType)}); the few API-only types have theirs in {@link ApiCodecs}.
 */
public interface JsonCodec<T> {
  JsonNode toJson(T value);

  /** @throws IllegalArgumentException naming the field that is wrong and how */
  T fromJson(JsonNode json);

  /** The JSON form an SSZ schema defines: uint64 as decimal strings, bytes as 0x-hex. */
  static <T> JsonCodec<T> of(SszType<T> type) {
    return new JsonCodec<>() {
      @Override
      public JsonNode toJson(T value) {
        return type.toJson(value);
      }

      @Override
      public T fromJson(JsonNode json) {
        return type.fromJson(json);
      }
    };
  }

  /**
   * A JSON array of this type. Reading checks every element before it answers, so a caller is
   * told about all bad elements at once and never acts on part of a list.
   *
   * @throws InvalidElementsException from {@code fromJson} if any element is wrong
   */
  default JsonCodec<List<T>> list() {
    JsonCodec<T> element = this;
    return new JsonCodec<>() {
      @Override
      public JsonNode toJson(List<T> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(values.size());
        values.forEach(v -> array.add(element.toJson(v)));
        return array;
      }

      @Override
      public List<T> fromJson(JsonNode json) {
        if (json == null || !json.isArray()) {
          throw new IllegalArgumentException("expected a JSON array, got " + ApiJson.describe(json));
        }
        List<T> values = new ArrayList<>(json.size());
        List<ErrorBody.Failure> failures = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
          try {
            values.add(element.fromJson(json.get(i)));
          } catch (IllegalArgumentException e) {
            failures.add(new ErrorBody.Failure(i, e.getMessage()));
          }
        }
        if (!failures.isEmpty()) {
          throw new InvalidElementsException(failures);
        }
        return List.copyOf(values);
      }
    };
  }
}
