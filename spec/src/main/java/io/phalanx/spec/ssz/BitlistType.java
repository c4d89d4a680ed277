package io.phalanx.spec.ssz;

import java.util.Arrays;

/**
 * Bitlist[N]: aggregation bits. The encoding ends with a delimiter bit, one above the last bit of
 * the list, because a byte count alone cannot say how many bits a list holds.
 */
final class BitlistType extends HexJsonType<Bitfield> {
  private final long limit;

  BitlistType(long limit) {
    super(VARIABLE_SIZE);
    this.limit = Problems.requireBound(limit, 0, "a bitlist's limit");
  }

  @Override
  int serializedSize(Bitfield value) {
    return value.size() / 8 + 1;
  }

  @Override
  int write(Bitfield value, byte[] out, int offset) {
    requireWithinLimit(value.size());
    value.copyTo(out, offset);
    int delimiter = value.size();
    out[offset + delimiter / 8] |= (byte) (1 << (delimiter % 8));
    return offset + serializedSize(value);
  }

  @Override
  Bitfield read(byte[] in, int from, int to) {
    if (to == from) {
      throw Problems.problem("bitlist is empty: it needs at least the delimiter bit");
    }
    int last = in[to - 1] & 0xff;
    if (last == 0) {
      throw Problems.problem("bitlist has no delimiter bit: its last byte is zero");
    }
    int delimiterInLast = 31 - Integer.numberOfLeadingZeros(last);
    int size = (to - from - 1) * 8 + delimiterInLast;
    requireWithinLimit(size);
    byte[] bits = Arrays.copyOfRange(in, from, from + Bitfield.byteCount(size));
    if (delimiterInLast != 0) {
      bits[bits.length - 1] &= (byte) ~(1 << delimiterInLast);
    }
    return Bitfield.wrap(bits, size);
  }

  @Override
  void hashTreeRoot(Bitfield value, Merkle merkle, byte[] out, int offset) {
    requireWithinLimit(value.size());
    byte[] packed = Merkle.chunkBuffer(Bitfield.byteCount(value.size()));
    value.copyTo(packed, 0);
    merkle.merkleizePacked(packed, Math.ceilDiv(limit, 8L * Merkle.CHUNK), out, offset);
    merkle.mixInLength(out, offset, value.size());
  }

  private void requireWithinLimit(long size) {
    Problems.requireAtMost(size, limit, this, "bits");
  }

  @Override
  public String toString() {
    return "Bitlist[" + limit + "]";
  }
}
