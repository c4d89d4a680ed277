package io.phalanx.spec.bls;

import io.phalanx.spec.util.Bytes;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import supranational.blst.P1;
import supranational.blst.SecretKey;

/**
 * A BLS secret key: a scalar in [1, r-1]. Its value never appears in {@link #toString()}, so a
 * key that ends up in a log line or an exception message does not leak.
 */
public final class BlsSecretKey {
  private final SecretKey key;
  private final BlsPublicKey publicKey;

  private BlsSecretKey(SecretKey key) {
    this.key = key;
    this.publicKey = BlsPublicKey.fromPoint(new P1(key));
  }

  /**
   * Reads a 32-byte big-endian scalar.
   *
   * @throws IllegalArgumentException unless the bytes are 32 long and encode 0 &lt; sk &lt; r
   */
  public static BlsSecretKey fromBytes(Bytes bytes32) {
    if (bytes32.size() != Bls12381.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException(
          "secret key must be " + Bls12381.SECRET_KEY_SIZE + " bytes, got " + bytes32.size());
    }
    return fromScalar(new BigInteger(1, bytes32.toArray()));
  }

  /** A uniformly random key. */
  public static BlsSecretKey random(SecureRandom rnd) {
    return fromScalar(Bls12381.randomNonZeroScalar(rnd));
  }

  /**
   * blst's {@code from_bendian} takes any 32 bytes without reducing or checking them, and a key
   * of 0 or of r or more would sign with a different (or no) key than the bytes say; hence the
   * range check lives here.
   */
  static BlsSecretKey fromScalar(BigInteger scalar) {
    if (scalar.signum() <= 0) {
      throw new IllegalArgumentException("secret key must not be zero");
    }
    if (scalar.compareTo(Bls12381.ORDER) >= 0) {
      throw new IllegalArgumentException("secret key must be less than the curve order r");
    }
    byte[] bytes = Bls12381.scalarToBytes(scalar);
    SecretKey key = new SecretKey();
    key.from_bendian(bytes);
    Arrays.fill(bytes, (byte) 0);
    return new BlsSecretKey(key);
  }

  /** The 32-byte big-endian encoding. */
  public Bytes toBytes() {
    byte[] bytes = key.to_bendian();
    try {
      return Bytes.of(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** The scalar, for the share arithmetic of {@link ThresholdBls}. */
  BigInteger scalar() {
    byte[] bytes = key.to_bendian();
    try {
      return new BigInteger(1, bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  public BlsPublicKey publicKey() {
    return publicKey;
  }

  /** Signs under the Eth2 proof-of-possession ciphersuite. */
  public BlsSignature sign(Bytes message) {
    return BlsSignature.fromPoint(Bls12381.hashToG2(message, Bls12381.POP_DST).sign_with(key));
  }

  /** Compares in constant time, so equality checks do not time the key byte by byte. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof BlsSecretKey other)) {
      return false;
    }
    byte[] mine = key.to_bendian();
    byte[] theirs = other.key.to_bendian();
    try {
      return MessageDigest.isEqual(mine, theirs);
    } finally {
      Arrays.fill(mine, (byte) 0);
      Arrays.fill(theirs, (byte) 0);
    }
  }

  /** Derived from the public key, so the hash says nothing the public key does not. */
  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "BlsSecretKey[publicKey=" + publicKey.toHex() + "]";
  }
}
