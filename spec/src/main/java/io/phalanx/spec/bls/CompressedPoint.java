package io.phalanx.spec.bls;

import io.phalanx.spec.util.Bytes;

/**
 * What public keys and signatures share: a curve point known by its compressed encoding, which
 * is its identity. The decompressed point is kept because decompression and the subgroup check
 * cost more than a verification's hashing, and every verification needs it; blst never mutates
 * an affine point, so sharing it between threads is safe.
 *
 * <p>The public methods are deliberately not final: javac then gives the public subclasses
 * bridge methods, without which reflection from other packages (Jackson, for one) cannot call
 * methods declared in this package-private class. The subclasses are final, so nothing
 * overrides them.
 */
abstract sealed class CompressedPoint<P> permits BlsPublicKey, BlsSignature {
  private final Bytes compressed;
  private final P point;

  CompressedPoint(Bytes compressed, P point) {
    this.compressed = compressed;
    this.point = point;
  }

  final P point() {
    return point;
  }

  /** The compressed encoding. */
  public Bytes toBytes() {
    return compressed;
  }

  public String toHex() {
    return compressed.toHex();
  }

  /** Equal when of the same kind with the same encoding; a key never equals a signature. */
  @Override
  public boolean equals(Object o) {
    return o != null
        && o.getClass() == getClass()
        && compressed.equals(((CompressedPoint<?>) o).compressed);
  }

  @Override
  public int hashCode() {
    return compressed.hashCode();
  }

  @Override
  public String toString() {
    return toHex();
  }
}
