package io.phalanx.spec.ssz;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;

/** Little-endian unsigned integers, as SSZ writes them, and their decimal JSON form. */
final class Uints {
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private Uints() {}

  static void putLong(byte[] out, int offset, long value) {
    LONG_LE.set(out, offset, value);
  }

  static long getLong(byte[] in, int offset) {
    return (long) LONG_LE.get(in, offset);
  }

  static void putOffset(byte[] out, int offset, int value) {
    INT_LE.set(out, offset, value);
  }

  /** An SSZ offset: a uint32, so values of 2^31 and above come back as longs, never negative. */
  static long getOffset(byte[] in, int offset) {
    return Integer.toUnsignedLong((int) INT_LE.get(in, offset));
  }

  /**
   * Reads a uint of {@code bits} bits from JSON. The beacon API writes them as decimal strings
   * (JavaScript loses precision above 2^53), but bare numbers are accepted because some tools and
   * YAML test vectors write them that way.
   */
  static BigInteger fromJson(JsonNode json, int bits) {
    BigInteger value;
    if (json != null && json.isTextual() && json.textValue().matches("[0-9]{1,80}")) {
      value = new BigInteger(json.textValue());
    } else if (json != null && json.isIntegralNumber()) {
      value = json.bigIntegerValue();
    } else {
      throw Problems.problem("expected a decimal string for a uint" + bits + ", got " + json);
    }
    if (value.signum() < 0 || value.bitLength() > bits) {
      throw Problems.problem(value + " does not fit in a uint" + bits);
    }
    return value;
  }
}
