package io.phalanx.spec.ssz;

import io.phalanx.spec.util.Hex;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * An immutable sequence of bits with value equality: the value of an SSZ Bitvector (whose schema
 * fixes the size) or Bitlist (whose size is part of the value), e.g. aggregation bits.
 *
 * <p>Bit {@code i} is bit {@code i % 8} of byte {@code i / 8}, the order SSZ packs them; bits past
 * {@link #size()} are always zero, so equal sequences have equal bytes.
 */
public final class Bitfield {
  private final int size;
  private final byte[] bytes;

  private Bitfield(int size, byte[] bytes) {
    this.size = size;
    this.bytes = bytes;
  }

  /** {@code size} bits, all clear. */
  public static Bitfield zeros(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("a bitfield size cannot be negative: " + size);
    }
    return new Bitfield(size, new byte[byteCount(size)]);
  }

  /** {@code size} bits with the bits at {@code setIndices} set. */
  public static Bitfield of(int size, int... setIndices) {
    Bitfield bits = zeros(size);
    for (int index : setIndices) {
      bits.checkIndex(index);
      bits.bytes[index / 8] |= (byte) (1 << (index % 8));
    }
    return bits;
  }

  /**
   * {@code size} bits packed as SSZ packs a bitvector: least significant bit first, no delimiter.
   *
   * @throws IllegalArgumentException if {@code packed} has the wrong length or bits past size set
   */
  public static Bitfield fromBytes(byte[] packed, int size) {
    return wrap(packed.clone(), size);
  }

  /** Takes ownership of {@code packed}, after checking it. */
  static Bitfield wrap(byte[] packed, int size) {
    if (size < 0 || packed.length != byteCount(size)) {
      throw Problems.problem(
          size + " bits take " + byteCount(size) + " bytes, got " + packed.length);
    }
    int usedInLast = size % 8;
    if (usedInLast != 0 && (packed[packed.length - 1] & 0xff) >>> usedInLast != 0) {
      throw Problems.problem(
          "bits past the end of a " + size + "-bit field are set: " + Hex.encode(packed));
    }
    return new Bitfield(size, packed);
  }

  static int byteCount(int bits) {
    return (bits + 7) / 8;
  }

  public int size() {
    return size;
  }

  public boolean get(int index) {
    checkIndex(index);
    return (bytes[index / 8] & (1 << (index % 8))) != 0;
  }

  /** A copy with bit {@code index} set. */
  public Bitfield set(int index) {
    checkIndex(index);
    byte[] copy = bytes.clone();
    copy[index / 8] |= (byte) (1 << (index % 8));
    return new Bitfield(size, copy);
  }

  /** The union with a field of the same size: how aggregates combine their participants. */
  public Bitfield or(Bitfield other) {
    if (other.size != size) {
      throw new IllegalArgumentException(
          "cannot combine bitfields of " + size + " and " + other.size + " bits");
    }
    byte[] union = bytes.clone();
    for (int i = 0; i < union.length; i++) {
      union[i] |= other.bytes[i];
    }
    return new Bitfield(size, union);
  }

  /** How many bits are set. */
  public int cardinality() {
    int count = 0;
    for (byte b : bytes) {
      count += Integer.bitCount(b & 0xff);
    }
    return count;
  }

  /** The indices of the set bits, ascending. */
  public IntStream setBits() {
    return IntStream.range(0, size).filter(this::get);
  }

  /** The bits packed least significant first, without a delimiter. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  void copyTo(byte[] out, int offset) {
    System.arraycopy(bytes, 0, out, offset, bytes.length);
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("bit " + index + " of a " + size + "-bit field");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bitfield other && size == other.size && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return 31 * size + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Bitfield[" + size + " bits, " + Hex.encode(bytes) + "]";
  }
}
