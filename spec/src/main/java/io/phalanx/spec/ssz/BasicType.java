package io.phalanx.spec.ssz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.util.Arrays;

/** booleans and little-endian uints: fixed size, their own chunk when alone, packed in lists. */
abstract class BasicType<T> extends SszType<T> {
  private final String name;
  private final int size;

  BasicType(String name, int size) {
    super(size);
    this.name = name;
    this.size = size;
  }

  abstract void encode(T value, byte[] out, int offset);

  abstract T decode(byte[] in, int offset);

  @Override
  final boolean isBasic() {
    return true;
  }

  @Override
  final int serializedSize(T value) {
    return size;
  }

  @Override
  final int write(T value, byte[] out, int offset) {
    encode(value, out, offset);
    return offset + size;
  }

  @Override
  final T read(byte[] in, int from, int to) {
    Problems.requireLength(to - from, size, this);
    return decode(in, from);
  }

  @Override
  final void hashTreeRoot(T value, Merkle merkle, byte[] out, int offset) {
    encode(value, out, offset);
    Arrays.fill(out, offset + size, offset + Merkle.CHUNK, (byte) 0);
  }

  @Override
  public final String toString() {
    return name;
  }

  static final class Bool extends BasicType<Boolean> {
    Bool() {
      super("boolean", 1);
    }

    @Override
    void encode(Boolean value, byte[] out, int offset) {
      out[offset] = (byte) (value ? 1 : 0);
    }

    @Override
    Boolean decode(byte[] in, int offset) {
      return switch (in[offset]) {
        case 0 -> false;
        case 1 -> true;
        default -> throw Problems.problem("boolean must be 0x00 or 0x01, got " + in[offset]);
      };
    }

    @Override
    public JsonNode toJson(Boolean value) {
      return BooleanNode.valueOf(value);
    }

    @Override
    Boolean readJson(JsonNode json) {
      if (json == null || !json.isBoolean()) {
        throw Problems.problem("expected a JSON boolean, got " + json);
      }
      return json.booleanValue();
    }
  }

  static final class Uint8 extends BasicType<Integer> {
    Uint8() {
      super("uint8", 1);
    }

    @Override
    void encode(Integer value, byte[] out, int offset) {
      if (value < 0 || value > 0xff) {
        throw Problems.problem(value + " does not fit in a uint8");
      }
      out[offset] = (byte) (int) value;
    }

    @Override
    Integer decode(byte[] in, int offset) {
      return in[offset] & 0xff;
    }

    @Override
    public JsonNode toJson(Integer value) {
      return TextNode.valueOf(value.toString());
    }

    @Override
    Integer readJson(JsonNode json) {
      return Uints.fromJson(json, 8).intValue();
    }
  }

  /** uint64 as a Java long read as unsigned: 2^64 - 1 is -1L. */
  static final class Uint64 extends BasicType<Long> {
    Uint64() {
      super("uint64", 8);
    }

    @Override
    void encode(Long value, byte[] out, int offset) {
      Uints.putLong(out, offset, value);
    }

    @Override
    Long decode(byte[] in, int offset) {
      return Uints.getLong(in, offset);
    }

    @Override
    public JsonNode toJson(Long value) {
      return TextNode.valueOf(Long.toUnsignedString(value));
    }

    @Override
    Long readJson(JsonNode json) {
      return Uints.fromJson(json, 64).longValue();
    }
  }

  static final class Uint256 extends BasicType<BigInteger> {
    Uint256() {
      super("uint256", 32);
    }

    @Override
    void encode(BigInteger value, byte[] out, int offset) {
      if (value.signum() < 0 || value.bitLength() > 256) {
        throw Problems.problem(value + " does not fit in a uint256");
      }
      byte[] bigEndian = value.toByteArray(); // may carry a leading sign byte; skipped below
      Arrays.fill(out, offset, offset + 32, (byte) 0);
      for (int i = 0; i < Math.min(32, bigEndian.length); i++) {
        out[offset + i] = bigEndian[bigEndian.length - 1 - i];
      }
    }

    @Override
    BigInteger decode(byte[] in, int offset) {
      byte[] bigEndian = new byte[32];
      for (int i = 0; i < 32; i++) {
        bigEndian[i] = in[offset + 31 - i];
      }
      return new BigInteger(1, bigEndian);
    }

    @Override
    public JsonNode toJson(BigInteger value) {
      return TextNode.valueOf(value.toString());
    }

    @Override
    BigInteger readJson(JsonNode json) {
      return Uints.fromJson(json, 256);
    }
  }
}
