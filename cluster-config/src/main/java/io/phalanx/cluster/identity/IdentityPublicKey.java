package io.phalanx.cluster.identity;

import io.phalanx.spec.util.Bytes;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECNamedCurveSpec;

/**
 * A node identity's public key as the lock records it: the compressed SEC1 encoding of a P-256
 * point (33 bytes), short enough to paste as one token.
 */
public record IdentityPublicKey(Bytes compressed) {
  static final String SIGNATURE_ALGORITHM = "SHA256withECDSAinP1363Format";
  private static final ECNamedCurveParameterSpec CURVE = ECNamedCurveTable.getParameterSpec("secp256r1");
  private static final ECNamedCurveSpec JCA_CURVE =
      new ECNamedCurveSpec("secp256r1", CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());

  /** @throws IllegalArgumentException if the bytes are not a point on P-256 */
  public IdentityPublicKey {
    if (compressed.size() != 33 || (compressed.get(0) != 2 && compressed.get(0) != 3)) {
      throw new IllegalArgumentException(
          "identity public key must be a 33-byte compressed P-256 point starting 0x02 or 0x03, got "
              + compressed.size() + " bytes");
    }
    try {
      CURVE.getCurve().decodePoint(compressed.toArray());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("identity public key is not a point on P-256: " + compressed, e);
    }
  }

  public static IdentityPublicKey fromHex(String hex) {
    return new IdentityPublicKey(Bytes.fromHex(hex));
  }

  static IdentityPublicKey of(ECPublicKey key) {
    ECPoint w = key.getW();
    byte[] out = new byte[33];
    out[0] = (byte) (w.getAffineY().testBit(0) ? 3 : 2);
    byte[] x = w.getAffineX().toByteArray();
    int len = Math.min(x.length, 32);
    System.arraycopy(x, x.length - len, out, 33 - len, len);
    return new IdentityPublicKey(Bytes.of(out));
  }

  /** The key as the JDK uses it, e.g. to compare with a certificate's key. */
  public ECPublicKey toJavaKey() {
    org.bouncycastle.math.ec.ECPoint point = CURVE.getCurve().decodePoint(compressed.toArray()).normalize();
    ECPoint w =
        new ECPoint(point.getAffineXCoord().toBigInteger(), point.getAffineYCoord().toBigInteger());
    try {
      return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, JCA_CURVE));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 key cannot be rebuilt", e);
    }
  }

  /** Checks a 64-byte r||s ECDSA signature over SHA-256 of {@code message}. */
  public boolean verify(Bytes message, Bytes signature) {
    if (signature.size() != 64) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
      verifier.initVerify(toJavaKey());
      verifier.update(message.toArray());
      return verifier.verify(signature.toArray());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  public String toHex() {
    return compressed.toHex();
  }

  @Override
  public String toString() {
    return toHex();
  }

}
