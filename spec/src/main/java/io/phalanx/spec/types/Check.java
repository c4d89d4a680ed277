package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Bitfield;
import io.phalanx.spec.util.Bytes;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * Checks the record constructors run, so that a wrong-length key or an over-full list fails where
 * it is made rather than later when it is hashed or sent. Names are the spec's field names.
 */
final class Check {
  private Check() {}

  static Bytes root(Bytes value, String name) {
    return length(value, 32, name);
  }

  static Bytes version(Bytes value, String name) {
    return length(value, 4, name);
  }

  static Bytes address(Bytes value, String name) {
    return length(value, 20, name);
  }

  static Bytes pubkey(Bytes value, String name) {
    return length(value, 48, name);
  }

  static Bytes signature(Bytes value, String name) {
    return length(value, 96, name);
  }

  static Bytes length(Bytes value, int length, String name) {
    requireExactly(Objects.requireNonNull(value, name).size(), length, name, "bytes");
    return value;
  }

  static Bytes atMost(Bytes value, int limit, String name) {
    requireAtMost(Objects.requireNonNull(value, name).size(), limit, name);
    return value;
  }

  /** An immutable copy of {@code value}, which may hold at most {@code limit} elements. */
  static <E> List<E> list(List<E> value, int limit, String name) {
    requireAtMost(Objects.requireNonNull(value, name).size(), limit, name);
    return List.copyOf(value);
  }

  /** An immutable copy of {@code value}, which must hold exactly {@code length} elements. */
  static <E> List<E> vector(List<E> value, int length, String name) {
    requireExactly(Objects.requireNonNull(value, name).size(), length, name, "elements");
    return List.copyOf(value);
  }

  static Bitfield bitvector(Bitfield value, int size, String name) {
    requireExactly(Objects.requireNonNull(value, name).size(), size, name, "bits");
    return value;
  }

  static Bitfield bitlist(Bitfield value, int limit, String name) {
    requireAtMost(Objects.requireNonNull(value, name).size(), limit, name);
    return value;
  }

  static BigInteger uint256(BigInteger value, String name) {
    Objects.requireNonNull(value, name);
    if (value.signum() < 0 || value.bitLength() > 256) {
      throw new IllegalArgumentException(name + " does not fit in a uint256: " + value);
    }
    return value;
  }

  private static void requireExactly(int size, int expected, String name, String units) {
    if (size != expected) {
      throw new IllegalArgumentException(
          name + " must be " + expected + " " + units + ", got " + size);
    }
  }

  private static void requireAtMost(int size, int limit, String name) {
    if (size > limit) {
      throw new IllegalArgumentException(name + " holds at most " + limit + ", got " + size);
    }
  }
}
