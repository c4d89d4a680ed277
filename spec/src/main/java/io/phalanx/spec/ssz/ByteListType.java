package io.phalanx.spec.ssz;

import io.phalanx.spec.util.Bytes;
import java.util.Arrays;

/** ByteList[N]: transactions, extra data. */
final class ByteListType extends HexJsonType<Bytes> {
  private final long limit;

  ByteListType(long limit) {
    super(VARIABLE_SIZE);
    this.limit = Problems.requireBound(limit, 0, "a byte list's limit");
  }

  @Override
  int serializedSize(Bytes value) {
    return value.size();
  }

  @Override
  int write(Bytes value, byte[] out, int offset) {
    requireWithinLimit(value.size());
    value.copyTo(out, offset);
    return offset + value.size();
  }

  @Override
  Bytes read(byte[] in, int from, int to) {
    requireWithinLimit(to - from);
    return Bytes.of(Arrays.copyOfRange(in, from, to));
  }

  @Override
  void hashTreeRoot(Bytes value, Merkle merkle, byte[] out, int offset) {
    requireWithinLimit(value.size());
    byte[] packed = Merkle.chunkBuffer(value.size());
    value.copyTo(packed, 0);
    merkle.merkleizePacked(packed, Merkle.chunkLimit(limit, 1), out, offset);
    merkle.mixInLength(out, offset, value.size());
  }

  private void requireWithinLimit(int size) {
    Problems.requireAtMost(size, limit, this, "bytes");
  }

  @Override
  public String toString() {
    return "ByteList[" + limit + "]";
  }
}
