package io.phalanx.spec.bls;

import io.phalanx.spec.util.Bytes;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.function.Function;
import supranational.blst.P1_Affine;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

/** The curve facts and point encodings shared by the BLS types; kept out of the public API. */
final class Bls12381 {
  /** The order r of G1, G2 and of the scalar field the secret keys live in. */
  static final BigInteger ORDER =
      new BigInteger("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 16);

  /** Eth2 signs with the proof-of-possession scheme, whose hash-to-curve tag is this. */
  static final String POP_DST = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

  static final int SECRET_KEY_SIZE = 32;
  static final int G1_COMPRESSED_SIZE = 48;
  static final int G2_COMPRESSED_SIZE = 96;

  private static final int COMPRESSION_FLAG = 0x80;

  /**
   * Wider than r by 128 bits so that reducing it modulo r leaves a bias below 2^-128, the same
   * trick hash-to-field uses; rejection sampling would need a retry loop for no gain.
   */
  private static final int RANDOM_SCALAR_SOURCE_BYTES = 48;

  private Bls12381() {}

  /**
   * Decodes a compressed G1 point and checks it lies in the subgroup. The point at infinity is
   * returned, not refused: whether it is acceptable depends on what the point stands for.
   */
  static P1_Affine decodeG1(Bytes bytes, String what) {
    P1_Affine point = decodeCompressed(bytes, G1_COMPRESSED_SIZE, what, P1_Affine::new);
    if (!point.in_group()) {
      throw new IllegalArgumentException(what + " is on the curve but not in the G1 subgroup");
    }
    return point;
  }

  /** As {@link #decodeG1} for G2. */
  static P2_Affine decodeG2(Bytes bytes, String what) {
    P2_Affine point = decodeCompressed(bytes, G2_COMPRESSED_SIZE, what, P2_Affine::new);
    if (!point.in_group()) {
      throw new IllegalArgumentException(what + " is on the curve but not in the G2 subgroup");
    }
    return point;
  }

  /**
   * blst also accepts the uncompressed form, which is twice as long and would make it read past
   * a short input; only the compressed form is valid on the wire, so length and flag are checked
   * here before blst sees the bytes. blst checks the other flags, the field bounds and the curve
   * equation but not the subgroup.
   */
  private static <T> T decodeCompressed(
      Bytes bytes, int size, String what, Function<byte[], T> decoder) {
    if (bytes.size() != size) {
      throw new IllegalArgumentException(
          what + " must be " + size + " bytes (compressed), got " + bytes.size());
    }
    if ((bytes.get(0) & COMPRESSION_FLAG) == 0) {
      throw new IllegalArgumentException(what + " is not in compressed form (flag bit unset)");
    }
    try {
      return decoder.apply(bytes.toArray());
    } catch (RuntimeException e) {
      // blst reports "BLST_ERROR: bad point encoding" or "... point is not on curve".
      throw new IllegalArgumentException(what + " is invalid: " + e.getMessage(), e);
    }
  }

  /** Hash-to-curve (RFC 9380, random oracle variant) into G2 under the given tag. */
  static P2 hashToG2(Bytes message, String dst) {
    return new P2().hash_to(message.toArray(), dst);
  }

  /** A uniformly random scalar in [1, r-1]. */
  static BigInteger randomNonZeroScalar(SecureRandom rnd) {
    byte[] wide = new byte[RANDOM_SCALAR_SOURCE_BYTES];
    rnd.nextBytes(wide);
    return new BigInteger(1, wide).mod(ORDER.subtract(BigInteger.ONE)).add(BigInteger.ONE);
  }

  /** The 32-byte big-endian encoding of a scalar in [0, r). */
  static byte[] scalarToBytes(BigInteger scalar) {
    byte[] minimal = scalar.toByteArray();
    byte[] out = new byte[SECRET_KEY_SIZE];
    int length = Math.min(minimal.length, SECRET_KEY_SIZE); // drops toByteArray's sign byte
    System.arraycopy(minimal, minimal.length - length, out, SECRET_KEY_SIZE - length, length);
    return out;
  }
}
