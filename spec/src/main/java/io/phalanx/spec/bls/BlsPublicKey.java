package io.phalanx.spec.bls;

import io.phalanx.spec.util.Bytes;
import supranational.blst.P1;
import supranational.blst.P1_Affine;

/**
 * A BLS public key: a point of G1 other than the point at infinity (the spec's KeyValidate holds
 * for every instance). Equal keys have equal compressed bytes.
 */
public final class BlsPublicKey {
  private final Bytes compressed;
  // Kept decompressed: decompression and the subgroup check cost more than a verification's
  // share of hashing, and every verification needs the point. blst never mutates an affine point.
  private final P1_Affine point;

  private BlsPublicKey(Bytes compressed, P1_Affine point) {
    this.compressed = compressed;
    this.point = point;
  }

  /**
   * Reads a compressed G1 point.
   *
   * @throws IllegalArgumentException naming the problem: wrong length or flags, not on the curve,
   *     not in the subgroup, or the point at infinity
   */
  public static BlsPublicKey fromBytes(Bytes bytes48) {
    P1_Affine point = Bls12381.decodeG1(bytes48, "public key");
    if (point.is_inf()) {
      throw new IllegalArgumentException("public key is the point at infinity");
    }
    return new BlsPublicKey(bytes48, point);
  }

  /** Wraps a point this package computed, so it is known to be in G1. */
  static BlsPublicKey fromPoint(P1 point) {
    if (point.is_inf()) {
      throw new IllegalArgumentException("public key is the point at infinity");
    }
    P1_Affine affine = point.to_affine();
    return new BlsPublicKey(Bytes.of(affine.compress()), affine);
  }

  P1_Affine point() {
    return point;
  }

  /** The 48-byte compressed encoding. */
  public Bytes toBytes() {
    return compressed;
  }

  public String toHex() {
    return compressed.toHex();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlsPublicKey other && compressed.equals(other.compressed);
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
