package io.phalanx.spec.bls;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import supranational.blst.P1;

/**
 * Feldman verifiable secret sharing over BLS12-381, the arithmetic of a distributed key
 * generation: a dealer draws a random polynomial f of degree t - 1, hands the holder of share
 * index x the share f(x) in private, and publishes the commitments C_k = a_k G (a_k the
 * coefficients, G the G1 generator). Anyone can then check a share against the commitments,
 * f(x) G = sum of C_k x^k, without learning f.
 *
 * <p>In a DKG every node deals; a node's key share is the sum of the shares it received, the
 * group key is the sum of the dealers' constant-term commitments, and the public share of index x
 * is the sum of every dealer's commitments evaluated at x. No one ever knows the group secret,
 * the sum of the dealers' f(0). Share indices start at 1, as in {@link ThresholdBls}.
 *
 * <p>Uses non-constant-time BigInteger arithmetic for the polynomial: for key ceremonies, not
 * for a signing hot path.
 */
public final class Feldman {
  private Feldman() {}

  /**
   * A dealer's secret polynomial. Its coefficients never leave it; {@link #toString()} shows only
   * the commitments' count.
   */
  public static final class Polynomial {
    private final BigInteger[] coefficients;
    private final List<BlsPublicKey> commitments;

    private Polynomial(BigInteger[] coefficients) {
      this.coefficients = coefficients;
      List<BlsPublicKey> c = new ArrayList<>(coefficients.length);
      for (BigInteger a : coefficients) {
        c.add(BlsPublicKey.fromPoint(P1.generator().dup().mult(a)));
      }
      this.commitments = List.copyOf(c);
    }

    /** C_0 .. C_{t-1}: each coefficient times the G1 generator, the constant term first. */
    public List<BlsPublicKey> commitments() {
      return commitments;
    }

    public int threshold() {
      return coefficients.length;
    }

    /**
     * The share f(x) for share index {@code x}.
     *
     * @throws IllegalArgumentException if {@code x} is below 1
     */
    public BlsSecretKey share(int x) {
      if (x < 1) {
        throw new IllegalArgumentException("share indices start at 1, got " + x);
      }
      return BlsSecretKey.fromScalar(evaluate(coefficients, x));
    }

    @Override
    public String toString() {
      return "Feldman.Polynomial[threshold=" + coefficients.length + "]";
    }
  }

  /**
   * A random polynomial of degree {@code threshold - 1} whose every coefficient, and whose value
   * at every share index 1..{@code shareCount}, is non-zero, so that each share is a valid key and
   * each commitment a valid public key.
   *
   * @throws IllegalArgumentException unless 1 &lt;= threshold &lt;= shareCount
   */
  public static Polynomial deal(int threshold, int shareCount, SecureRandom random) {
    if (threshold < 1 || threshold > shareCount) {
      throw new IllegalArgumentException(
          "threshold must satisfy 1 <= t <= n, got t=" + threshold + ", n=" + shareCount);
    }
    while (true) {
      BigInteger[] coefficients = new BigInteger[threshold];
      for (int k = 0; k < threshold; k++) {
        coefficients[k] = Bls12381.randomNonZeroScalar(random);
      }
      boolean allNonZero = true;
      for (int x = 1; x <= shareCount && allNonZero; x++) {
        allNonZero = evaluate(coefficients, x).signum() != 0; // fails with chance n/r: draw again
      }
      if (allNonZero) {
        return new Polynomial(coefficients);
      }
    }
  }

  /**
   * The commitments evaluated at {@code x}: sum of C_k x^k, by Horner's rule (multiplications by
   * the small x only). For one dealer's commitments this is the public key its share for x must
   * have; for the coefficient-wise sum of all dealers' commitments it is x's public share.
   *
   * @throws IllegalArgumentException if there are no commitments, x is below 1, or the result is
   *     the point at infinity (no share can have it)
   */
  public static BlsPublicKey evaluate(List<BlsPublicKey> commitments, int x) {
    if (commitments.isEmpty()) {
      throw new IllegalArgumentException("no commitments to evaluate");
    }
    if (x < 1) {
      throw new IllegalArgumentException("share indices start at 1, got " + x);
    }
    BigInteger bx = BigInteger.valueOf(x);
    P1 acc = new P1(commitments.get(commitments.size() - 1).point());
    for (int k = commitments.size() - 2; k >= 0; k--) {
      acc = acc.mult(bx).add(commitments.get(k).point());
    }
    return BlsPublicKey.fromPoint(acc);
  }

  /**
   * Whether {@code share} is the value at {@code x} of the polynomial behind {@code commitments}:
   * share G = sum of C_k x^k.
   */
  public static boolean verifyShare(List<BlsPublicKey> commitments, int x, BlsSecretKey share) {
    Objects.requireNonNull(share, "share");
    try {
      return evaluate(commitments, x).equals(share.publicKey());
    } catch (IllegalArgumentException infinity) {
      return false;
    }
  }

  /**
   * The coefficient-wise sum of several dealers' commitments: the commitments of the sum of their
   * polynomials. Its constant term is the group key.
   *
   * @throws IllegalArgumentException if the lists are empty or of different lengths, or a sum is
   *     the point at infinity
   */
  public static List<BlsPublicKey> sumCommitments(List<List<BlsPublicKey>> byDealer) {
    if (byDealer.isEmpty()) {
      throw new IllegalArgumentException("no dealers' commitments to add");
    }
    int t = byDealer.get(0).size();
    List<BlsPublicKey> sums = new ArrayList<>(t);
    for (int k = 0; k < t; k++) {
      P1 sum = new P1();
      for (List<BlsPublicKey> commitments : byDealer) {
        if (commitments.size() != t) {
          throw new IllegalArgumentException(
              "dealers committed to polynomials of different degrees: " + t + " and " + commitments.size()
                  + " commitments");
        }
        sum = sum.add(commitments.get(k).point());
      }
      sums.add(BlsPublicKey.fromPoint(sum));
    }
    return List.copyOf(sums);
  }

  /**
   * The sum of shares of the same index from several dealers: the key share for that index of the
   * sum of their polynomials.
   *
   * @throws IllegalArgumentException if there are none or they add up to zero
   */
  public static BlsSecretKey sumShares(List<BlsSecretKey> shares) {
    if (shares.isEmpty()) {
      throw new IllegalArgumentException("no shares to add");
    }
    BigInteger sum = BigInteger.ZERO;
    for (BlsSecretKey share : shares) {
      sum = sum.add(share.scalar());
    }
    return BlsSecretKey.fromScalar(sum.mod(Bls12381.ORDER));
  }

  private static BigInteger evaluate(BigInteger[] coefficients, int x) {
    BigInteger bx = BigInteger.valueOf(x);
    BigInteger y = BigInteger.ZERO;
    for (int k = coefficients.length - 1; k >= 0; k--) {
      y = y.multiply(bx).add(coefficients[k]).mod(Bls12381.ORDER);
    }
    return y;
  }
}
