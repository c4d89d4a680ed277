package io.phalanx.spec.bls;

import java.math.BigInteger;
import java.util.Arrays;

/** Lagrange coefficients over the scalar field r, for interpolating a shared secret at x = 0. */
final class Lagrange {
  private static final BigInteger R = Bls12381.ORDER;

  /** Products of small differences are reduced only once they outgrow this, not at every step. */
  private static final int REDUCE_ABOVE_BITS = 1024;

  private Lagrange() {}

  /**
   * The coefficients l_i with f(0) = sum of l_i f(x_i) for every polynomial f of degree below
   * {@code xs.length}, in the order of {@code xs}.
   *
   * <p>l_i = prod_{j != i} x_j / (x_j - x_i) = X / d_i with X = prod_j x_j and d_i = x_i prod_{j
   * != i} (x_j - x_i). The d_i are inverted together with Montgomery's trick, one modular
   * inversion for all of them.
   *
   * @throws IllegalArgumentException if an x is zero or negative, or two are equal
   */
  static BigInteger[] atZero(int[] xs) {
    if (xs.length == 0) {
      throw new IllegalArgumentException("need at least one share to interpolate");
    }
    int[] sorted = xs.clone();
    Arrays.sort(sorted);
    if (sorted[0] <= 0) {
      throw new IllegalArgumentException("share indices start at 1, got " + sorted[0]);
    }
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] == sorted[i - 1]) {
        throw new IllegalArgumentException("share index " + sorted[i] + " appears twice");
      }
    }
    BigInteger allXs = BigInteger.ONE;
    BigInteger[] denominators = new BigInteger[xs.length];
    for (int i = 0; i < xs.length; i++) {
      allXs = reduceIfLarge(allXs.multiply(BigInteger.valueOf(xs[i])));
      BigInteger d = BigInteger.valueOf(xs[i]);
      for (int j = 0; j < xs.length; j++) {
        if (j != i) {
          d = reduceIfLarge(d.multiply(BigInteger.valueOf((long) xs[j] - xs[i])));
        }
      }
      denominators[i] = d.mod(R);
    }
    BigInteger[] inverses = invertAll(denominators);
    BigInteger x = allXs.mod(R);
    BigInteger[] coefficients = new BigInteger[xs.length];
    for (int i = 0; i < xs.length; i++) {
      coefficients[i] = x.multiply(inverses[i]).mod(R);
    }
    return coefficients;
  }

  /** Montgomery's batch inversion; every value must be non-zero modulo r. */
  private static BigInteger[] invertAll(BigInteger[] values) {
    BigInteger[] prefix = new BigInteger[values.length];
    BigInteger running = BigInteger.ONE;
    for (int i = 0; i < values.length; i++) {
      prefix[i] = running;
      running = running.multiply(values[i]).mod(R);
    }
    BigInteger inverse = running.modInverse(R);
    BigInteger[] inverses = new BigInteger[values.length];
    for (int i = values.length - 1; i >= 0; i--) {
      inverses[i] = inverse.multiply(prefix[i]).mod(R);
      inverse = inverse.multiply(values[i]).mod(R);
    }
    return inverses;
  }

  private static BigInteger reduceIfLarge(BigInteger value) {
    return value.bitLength() > REDUCE_ABOVE_BITS ? value.mod(R) : value;
  }
}
