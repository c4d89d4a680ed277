package io.phalanx.spec.bls;

import io.phalanx.spec.util.Bytes;
import supranational.blst.P1;
import supranational.blst.P1_Affine;

/**
 * A BLS public key: a point of G1 other than the point at infinity (the spec's KeyValidate holds
 * for every instance). Equal keys have equal 48-byte compressed encodings ({@link #toBytes()}).
 */
public final class BlsPublicKey extends CompressedPoint<P1_Affine> {
  private BlsPublicKey(Bytes compressed, P1_Affine point) {
    super(compressed, point);
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
}
