package io.phalanx.spec.bls;

import io.phalanx.spec.util.Bytes;
import supranational.blst.BLST_ERROR;
import supranational.blst.P1_Affine;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

/**
 * A BLS signature: a point of G2. The point at infinity is a valid signature encoding (the spec
 * vectors aggregate and deserialize it) although it verifies against no key. Equal signatures
 * have equal 96-byte compressed encodings ({@link #toBytes()}).
 */
public final class BlsSignature extends CompressedPoint<P2_Affine> {
  private BlsSignature(Bytes compressed, P2_Affine point) {
    super(compressed, point);
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

  /** The spec's Verify under the proof-of-possession ciphersuite. */
  public boolean verify(BlsPublicKey pk, Bytes message) {
    return verify(pk.point(), message);
  }

  /** Verifies against a G1 point the caller computed, e.g. an aggregate that may be infinity. */
  boolean verify(P1_Affine pk, Bytes message) {
    return point().core_verify(pk, true, message.toArray(), Bls12381.POP_DST)
        == BLST_ERROR.BLST_SUCCESS;
  }
}
