package io.phalanx.api.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.api.ApiException;
import io.phalanx.api.json.ApiJson;
import io.phalanx.api.json.JsonCodec;
import io.phalanx.api.json.SszBodies;
import io.phalanx.spec.ssz.SszType;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a request's inputs. Every problem becomes a 400 (or 415) {@link ApiException} naming the
 * parameter, field or header, before anything is asked of the cluster.
 */
final class Params {
  /** Paths whose bodies may be SSZ as well, named in the 415 answer. */
  private static final Set<String> SSZ_TOO =
      Set.of("/eth/v2/beacon/pool/attestations", "/eth/v2/validator/aggregate_and_proofs");
  private static final Pattern UINT64 = Pattern.compile("[0-9]{1,20}");
  private static final Pattern ROOT = Pattern.compile("0x[0-9a-fA-F]{64}");
  private static final Pattern PUBKEY = Pattern.compile("0x[0-9a-fA-F]{96}");
  private static final List<String> NAMED_STATES = List.of("head", "genesis", "finalized", "justified");

  private Params() {}

  static long uint64Path(Request request, String name) {
    return uint64(request.pathParameter(name), "path parameter " + name);
  }

  static long uint64Query(Request request, String name) {
    return uint64(singleQuery(request, name), "query parameter " + name);
  }

  static Bytes rootQuery(Request request, String name) {
    String value = singleQuery(request, name);
    if (!ROOT.matcher(value).matches()) {
      throw ApiException.badRequest(
          "invalid query parameter " + name + ": expected a 0x-prefixed 32-byte hex root, got '"
              + ApiJson.abbreviate(value) + "'");
    }
    return Bytes.fromHex(value);
  }

  /** Every value of a repeatable query parameter, comma-separated lists split, blanks dropped. */
  static List<String> listQuery(Request request, String name) {
    List<String> values = new ArrayList<>();
    for (String value : request.query().getOrDefault(name, List.of())) {
      for (String item : value.split(",")) {
        if (!item.isBlank()) {
          values.add(item.trim());
        }
      }
    }
    return values;
  }

  /** A state id: head, genesis, finalized, justified, a slot, or a 0x-prefixed block root. */
  static String stateId(Request request) {
    String id = request.pathParameter("state_id");
    if (!NAMED_STATES.contains(id) && !isUint64(id) && !ROOT.matcher(id).matches()) {
      throw ApiException.badRequest("invalid state_id: '" + ApiJson.abbreviate(id) + "'");
    }
    return id;
  }

  /** A validator id: an index or a 0x-prefixed 48-byte public key. */
  static String validatorId(String id, String where) {
    if (!isUint64(id) && !PUBKEY.matcher(id).matches()) {
      throw ApiException.badRequest(
          "invalid " + where + ": expected a validator index or a 0x-prefixed 48-byte public key, got '"
              + ApiJson.abbreviate(id) + "'");
    }
    return id;
  }

  /**
   * The fork the Eth-Consensus-Version header names, which v2 submissions must carry. Only forks
   * whose JSON we read are accepted: a phase0-form attestation would be refused field by field.
   */
  static ConsensusVersion consensusVersion(Request request) {
    String value = request.header("Eth-Consensus-Version")
        .orElseThrow(() -> ApiException.badRequest("missing header Eth-Consensus-Version"));
    return ConsensusVersion.fromApiName(value.trim().toLowerCase(Locale.ROOT))
        .orElseThrow(() -> ApiException.badRequest(
            "unsupported Eth-Consensus-Version: '" + ApiJson.abbreviate(value) + "'"));
  }

  /** The JSON body read with {@code codec}. */
  static <T> T body(Request request, JsonCodec<T> codec) {
    return jsonBody(request, codec::fromJson);
  }

  /**
   * The body as SSZ if its Content-Type is {@code application/octet-stream}, else as JSON: for the
   * endpoints where the beacon API takes both.
   */
  static <T> T sszOrJsonBody(Request request, SszType<T> ssz, JsonCodec<T> codec) {
    boolean isSsz = request.header("Content-Type")
        .map(type -> type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
        .filter(SszBodies.OCTET_STREAM::equals)
        .isPresent();
    if (!isSsz) {
      return body(request, codec);
    }
    try {
      return ssz.deserialize(request.body());
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "invalid SSZ request body: " + e.getMessage(), e);
    }
  }

  /**
   * The JSON body read by {@code read}, which names the field of any problem by throwing an
   * IllegalArgumentException.
   */
  static <T> T jsonBody(Request request, Function<JsonNode, T> read) {
    request.header("Content-Type").ifPresent(type -> {
      String mediaType = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      if (!mediaType.equals("application/json")) {
        throw new ApiException(415,
            "unsupported Content-Type '" + ApiJson.abbreviate(type) + "', expected application/json"
            + (SSZ_TOO.contains(request.path()) ? " or application/octet-stream" : ""));
      }
    });
    try {
      return read.apply(ApiJson.parse(request.body()));
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "invalid request body: " + e.getMessage(), e);
    }
  }

  private static String singleQuery(Request request, String name) {
    List<String> values = request.query().getOrDefault(name, List.of());
    if (values.isEmpty()) {
      throw ApiException.badRequest("missing query parameter " + name);
    }
    if (values.size() > 1) {
      throw ApiException.badRequest("query parameter " + name + " given " + values.size() + " times");
    }
    return values.getFirst();
  }

  private static long uint64(String value, String what) {
    if (isUint64(value)) {
      return Long.parseUnsignedLong(value);
    }
    throw ApiException.badRequest(
        "invalid " + what + ": expected a uint64 decimal, got '" + ApiJson.abbreviate(value) + "'");
  }

  private static boolean isUint64(String value) {
    if (!UINT64.matcher(value).matches()) {
      return false;
    }
    try {
      Long.parseUnsignedLong(value);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
