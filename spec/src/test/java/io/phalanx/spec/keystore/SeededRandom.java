package io.phalanx.spec.keystore;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Deterministic randomness for test fixtures, so a failing run can be repeated exactly. */
final class SeededRandom {
  private SeededRandom() {}

  /** SHA1PRNG seeded before its first use mixes in no system entropy, so the stream repeats. */
  static SecureRandom of(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA1PRNG", e);
    }
  }

  static byte[] bytes(SecureRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
