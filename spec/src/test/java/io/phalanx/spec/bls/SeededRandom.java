package io.phalanx.spec.bls;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Deterministic SecureRandoms for tests, so a failing case can be replayed from its seed. */
final class SeededRandom {
  private SeededRandom() {}

  /** SHA1PRNG seeded before its first use draws only from the seed, unlike the default DRBG. */
  static SecureRandom of(long seed) {
    try {
      SecureRandom rnd = SecureRandom.getInstance("SHA1PRNG");
      rnd.setSeed(seed);
      return rnd;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA1PRNG", e);
    }
  }
}
