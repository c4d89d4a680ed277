package io.phalanx.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.util.Bytes;
import java.util.Objects;
import java.util.Optional;

/**
 * The object around a beacon-API answer's {@code data}, with the metadata some endpoints add:
 * {@code version} (v2 endpoints, also sent as the Eth-Consensus-Version header), {@code
 * execution_optimistic}, {@code finalized} and {@code dependent_root}.
 */
public record Envelope(
    JsonNode data,
    Optional<String> version,
    Optional<Boolean> executionOptimistic,
    Optional<Boolean> finalized,
    Optional<Bytes> dependentRoot) {
  public Envelope {
    Objects.requireNonNull(data, "data");
  }

  public static Envelope of(JsonNode data) {
    return new Envelope(data, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  public Envelope withVersion(String v) {
    return new Envelope(data, Optional.of(v), executionOptimistic, finalized, dependentRoot);
  }

  public Envelope withExecutionOptimistic(boolean optimistic) {
    return new Envelope(data, version, Optional.of(optimistic), finalized, dependentRoot);
  }

  public Envelope withFinalized(boolean f) {
    return new Envelope(data, version, executionOptimistic, Optional.of(f), dependentRoot);
  }

  public Envelope withDependentRoot(Bytes root) {
    return new Envelope(data, version, executionOptimistic, finalized, Optional.of(root));
  }

  /** Metadata first, as beacon nodes write it, so a reader sees the version before the data. */
  public ObjectNode toJson() {
    ObjectNode json = ApiJson.object();
    version.ifPresent(v -> json.put("version", v));
    executionOptimistic.ifPresent(o -> json.put("execution_optimistic", o));
    finalized.ifPresent(f -> json.put("finalized", f));
    dependentRoot.ifPresent(r -> json.set("dependent_root", Ssz.BYTES32.toJson(r)));
    json.set("data", data);
    return json;
  }

  public byte[] toBytes() {
    return ApiJson.write(toJson());
  }

  /**
   * Reads an answer's envelope. Members other than these are ignored: beacon nodes add their own
   * metadata, and an answer is no less valid for it.
   *
   * @throws IllegalArgumentException if there is no {@code data} or a member has the wrong type
   */
  public static Envelope fromJson(JsonNode json) {
    JsonNode data = ApiJson.member(json, "data");
    return new Envelope(
        data,
        optional(json, "version").map(v -> text(v, "version")),
        optional(json, "execution_optimistic").map(v -> bool(v, "execution_optimistic")),
        optional(json, "finalized").map(v -> bool(v, "finalized")),
        optional(json, "dependent_root").map(v -> dependentRoot(v)));
  }

  private static Optional<JsonNode> optional(JsonNode json, String name) {
    JsonNode value = json.get(name);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  private static String text(JsonNode value, String name) {
    if (!value.isTextual()) {
      throw new IllegalArgumentException(name + ": expected a string, got " + ApiJson.describe(value));
    }
    return value.textValue();
  }

  private static boolean bool(JsonNode value, String name) {
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(name + ": expected a boolean, got " + ApiJson.describe(value));
    }
    return value.booleanValue();
  }

  private static Bytes dependentRoot(JsonNode value) {
    try {
      return Ssz.BYTES32.fromJson(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("dependent_root: " + e.getMessage(), e);
    }
  }
}
