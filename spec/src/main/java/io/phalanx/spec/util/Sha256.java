package io.phalanx.spec.util;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, the hash of SSZ merkleization, deposit roots and keystore checksums. */
public final class Sha256 {
  private Sha256() {}

  public static byte[] hash(byte[]... parts) {
    MessageDigest digest = newDigest();
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
