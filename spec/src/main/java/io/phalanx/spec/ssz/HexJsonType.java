package io.phalanx.spec.ssz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.phalanx.spec.util.Hex;

/**
 * Types whose beacon-API JSON is the 0x-hex of their SSZ encoding: byte vectors, byte lists,
 * bitvectors and bitlists (a bitlist's hex includes its delimiter bit). Reading JSON therefore goes
 * through the same strict SSZ decoder.
 */
abstract class HexJsonType<T> extends SszType<T> {
  HexJsonType(int fixedSize) {
    super(fixedSize);
  }

  @Override
  public final JsonNode toJson(T value) {
    return TextNode.valueOf(Hex.encode(serialize(value)));
  }

  @Override
  final T readJson(JsonNode json) {
    if (json == null || !json.isTextual() || !json.textValue().startsWith("0x")) {
      throw Problems.problem("expected a 0x-prefixed hex string, got " + Problems.describe(json));
    }
    byte[] bytes = Hex.decode(json.textValue());
    return read(bytes, 0, bytes.length);
  }
}
