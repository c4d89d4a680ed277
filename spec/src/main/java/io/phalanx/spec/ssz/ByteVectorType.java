package io.phalanx.spec.ssz;

import io.phalanx.spec.util.Bytes;
import java.util.Arrays;

/** ByteVector[N]: roots, public keys, signatures, addresses. */
final class ByteVectorType extends HexJsonType<Bytes> {
  private final int length;

  ByteVectorType(int length) {
    super((int) Problems.requireBound(length, 1, "a byte vector's length"));
    this.length = length;
  }

  @Override
  int serializedSize(Bytes value) {
    return length;
  }

  @Override
  int write(Bytes value, byte[] out, int offset) {
    Problems.requireLength(value.size(), length, this);
    value.copyTo(out, offset);
    return offset + length;
  }

  @Override
  Bytes read(byte[] in, int from, int to) {
    Problems.requireLength(to - from, length, this);
    return Bytes.of(Arrays.copyOfRange(in, from, to));
  }

  @Override
  void hashTreeRoot(Bytes value, Merkle merkle, byte[] out, int offset) {
    Problems.requireLength(value.size(), length, this);
    if (length <= Merkle.CHUNK) {
      // One chunk is its own root; Bytes32 is most of a block, so skip the buffer.
      value.copyTo(out, offset);
      Arrays.fill(out, offset + length, offset + Merkle.CHUNK, (byte) 0);
      return;
    }
    byte[] packed = Merkle.chunkBuffer(length);
    value.copyTo(packed, 0);
    merkle.merkleizePacked(packed, Merkle.chunkCount(length), out, offset);
  }

  @Override
  public String toString() {
    return "ByteVector[" + length + "]";
  }
}
