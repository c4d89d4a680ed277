package io.phalanx.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.spec.api.ProducedBlock;
import io.phalanx.spec.api.ProposerDuty;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.SignedBlindedBeaconBlock;
import io.phalanx.spec.types.SignedBlockContents;
import io.phalanx.spec.util.Bytes;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The beacon API's forms of block proposals: proposer duties, the v3 produce-block answer (JSON
 * envelope or SSZ body with its Eth-* headers) and signed blocks, full or blinded, JSON or SSZ.
 */
public final class BlockCodecs {
  public static final JsonCodec<List<ProposerDuty>> PROPOSER_DUTIES = JsonCodec.of(ProposerDuty.SSZ).list();

  public static final String CONSENSUS_VERSION = "Eth-Consensus-Version";
  public static final String PAYLOAD_BLINDED = "Eth-Execution-Payload-Blinded";
  public static final String PAYLOAD_VALUE = "Eth-Execution-Payload-Value";
  public static final String BLOCK_VALUE = "Eth-Consensus-Block-Value";

  private BlockCodecs() {}

  /** The v3 answer's JSON: version, blinded flag, both values (decimal Wei) and the block. */
  public static ObjectNode producedBlockJson(ProducedBlock block) {
    ObjectNode json = ApiJson.object();
    json.put("version", block.version().apiName());
    json.put("execution_payload_blinded", block.blinded());
    json.put("execution_payload_value", block.executionPayloadValue().toString());
    json.put("consensus_block_value", block.consensusBlockValue().toString());
    json.set("data", block.blinded()
        ? block.version().blindedBeaconBlockSchema().toJson(block.blindedBlock())
        : block.version().blockContentsSchema().toJson(block.contents()));
    return json;
  }

  /** The headers a v3 answer carries, whichever its body's form. */
  public static Map<String, String> producedBlockHeaders(ProducedBlock block) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(CONSENSUS_VERSION, block.version().apiName());
    headers.put(PAYLOAD_BLINDED, Boolean.toString(block.blinded()));
    headers.put(PAYLOAD_VALUE, block.executionPayloadValue().toString());
    headers.put(BLOCK_VALUE, block.consensusBlockValue().toString());
    return headers;
  }

  /**
   * Reads a v3 JSON answer.
   *
   * @throws IllegalArgumentException naming what is missing or wrong
   */
  public static ProducedBlock producedBlockFromJson(JsonNode json) {
    ConsensusVersion version = version(text(json, "version"));
    JsonNode blindedNode = ApiJson.member(json, "execution_payload_blinded");
    if (!blindedNode.isBoolean()) {
      throw new IllegalArgumentException("execution_payload_blinded: expected a boolean, got "
          + ApiJson.describe(blindedNode));
    }
    boolean blinded = blindedNode.booleanValue();
    BigInteger payloadValue = wei(text(json, "execution_payload_value"), "execution_payload_value");
    BigInteger blockValue = wei(text(json, "consensus_block_value"), "consensus_block_value");
    JsonNode data = ApiJson.member(json, "data");
    try {
      return blinded
          ? ProducedBlock.blinded(version, version.blindedBeaconBlockSchema().fromJson(data), payloadValue, blockValue)
          : ProducedBlock.full(version, version.blockContentsSchema().fromJson(data), payloadValue, blockValue);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("data: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a v3 SSZ answer, its metadata from the headers ({@code header} looks one up by name).
   *
   * @throws IllegalArgumentException naming what is missing or wrong
   */
  public static ProducedBlock producedBlockFromSsz(byte[] body, Function<String, Optional<String>> header) {
    ConsensusVersion version = version(required(header, CONSENSUS_VERSION));
    boolean blinded = Boolean.parseBoolean(required(header, PAYLOAD_BLINDED).trim());
    BigInteger payloadValue = wei(required(header, PAYLOAD_VALUE), PAYLOAD_VALUE);
    BigInteger blockValue = wei(required(header, BLOCK_VALUE), BLOCK_VALUE);
    return new ProducedBlock(version, blinded, payloadValue, blockValue, Bytes.of(body));
  }

  public static JsonNode signedBlockJson(ConsensusVersion version, SignedBlockContents block) {
    return version.signedBlockContentsSchema().toJson(block);
  }

  public static JsonNode signedBlindedBlockJson(ConsensusVersion version, SignedBlindedBeaconBlock block) {
    return version.signedBlindedBeaconBlockSchema().toJson(block);
  }

  public static ConsensusVersion version(String name) {
    return ConsensusVersion.fromApiName(name.trim().toLowerCase(Locale.ROOT))
        .orElseThrow(() -> new IllegalArgumentException("unsupported consensus version '"
            + ApiJson.abbreviate(name) + "'"));
  }

  private static String required(Function<String, Optional<String>> header, String name) {
    return header.apply(name).orElseThrow(() -> new IllegalArgumentException("missing header " + name));
  }

  private static String text(JsonNode json, String name) {
    JsonNode value = ApiJson.member(json, name);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(name + ": expected a string, got " + ApiJson.describe(value));
    }
    return value.textValue();
  }

  private static BigInteger wei(String value, String name) {
    try {
      BigInteger wei = new BigInteger(value.trim());
      if (wei.signum() < 0) {
        throw new NumberFormatException();
      }
      return wei;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": expected a decimal amount of Wei, got '"
          + ApiJson.abbreviate(value) + "'");
    }
  }
}
