package io.phalanx.spec.bls;

import io.phalanx.spec.util.Bytes;
import supranational.blst.BLST_ERROR;
import supranational.blst.P1_Affine;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

/**
 * A BLS signature: a point of G2. The point at infinity is a valid signature encoding (the spec
 * vectors aggregate and deserialize it) although it verifies against no key. Equal signatures
 * have equal compressed bytes.
 */
public final class BlsSignature {
  private final Bytes compressed;
  // Kept decompressed for the same reason as BlsPublicKey's point.
  private final P2_Affine point;

  private BlsSignature(Bytes compressed, P2_Affine point) {
    this.compressed = compressed;
    this.point = point;
  }

  /**
   * Reads a compressed G2 point.
   *
   * @throws IllegalArgumentException naming the problem: wrong length or flags, not on the curve,
   *     or not in the subgroup
   */
  public static BlsSignature fromBytes(Bytes bytes96) {
    return new BlsSignature(bytes96, Bls12381.decodeG2(bytes96, "signature"));
  }

  /** Wraps a point this package computed, so it is known to be in G2. */
  static BlsSignature fromPoint(P2 point) {
    P2_Affine affine = point.to_affine();
    return new BlsSignature(Bytes.of(affine.compress()), affine);
  }

  P2_Affine point() {
    return point;
  }

  /** The 96-byte compressed encoding. */
  public Bytes toBytes() {
    return compressed;
  }

  public String toHex() {
    return compressed.toHex();
  }

  /** The spec's Verify under the proof-of-possession ciphersuite. */
  public boolean verify(BlsPublicKey pk, Bytes message) {
    return verify(pk.point(), message);
  }

  /** Verifies against a G1 point the caller computed, e.g. an aggregate that may be infinity. */
  boolean verify(P1_Affine pk, Bytes message) {
    return point.core_verify(pk, true, message.toArray(), Bls12381.POP_DST)
        == BLST_ERROR.BLST_SUCCESS;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlsSignature other && compressed.equals(other.compressed);
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
