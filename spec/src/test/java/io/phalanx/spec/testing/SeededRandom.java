package io.phalanx.spec.testing;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Deterministic randomness for test fixtures, so a failing run can be repeated from its seed. */
public final class SeededRandom {
  private SeededRandom() {}

  /** SHA1PRNG seeded before its first use draws only from the seed, unlike the default DRBG. */
  public static SecureRandom of(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA1PRNG", e);
    }
  }

  public static byte[] bytes(SecureRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
