package io.phalanx.spec.ssz;

import java.util.Arrays;

/** Bitvector[N]: committee bits, sync committee bits. */
final class BitvectorType extends HexJsonType<Bitfield> {
  private final int length;

  BitvectorType(int length) {
    super(Bitfield.byteCount((int) Problems.requireBound(length, 1, "a bitvector's length")));
    this.length = length;
  }

  @Override
  int serializedSize(Bitfield value) {
    return fixedSize();
  }

  @Override
  int write(Bitfield value, byte[] out, int offset) {
    requireLength(value);
    value.copyTo(out, offset);
    return offset + fixedSize();
  }

  @Override
  Bitfield read(byte[] in, int from, int to) {
    Problems.requireLength(to - from, fixedSize(), this);
    return Bitfield.wrap(Arrays.copyOfRange(in, from, to), length);
  }

  @Override
  void hashTreeRoot(Bitfield value, Merkle merkle, byte[] out, int offset) {
    requireLength(value);
    byte[] packed = Merkle.chunkBuffer(fixedSize());
    value.copyTo(packed, 0);
    merkle.merkleizePacked(packed, Merkle.chunkCount(fixedSize()), out, offset);
  }

  private void requireLength(Bitfield value) {
    Problems.requireExactly(value.size(), length, this, "bits");
  }

  @Override
  public String toString() {
    return "Bitvector[" + length + "]";
  }
}
