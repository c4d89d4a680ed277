package io.phalanx.spec.bls;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import supranational.blst.P1;
import supranational.blst.P2;

/**
 * Shamir secret sharing of a validator key over the scalar field r, and the Lagrange
 * interpolation that turns any threshold of shares, partial signatures or public-key shares back
 * into the validator's key, signature or public key.
 *
 * <p>Share indices are the x-coordinates, starting at 1: {@link #split} returns the share at x =
 * i + 1 as element i, and node i holds share index i + 1. Index 0 would be the secret itself.
 */
public final class ThresholdBls {
  private ThresholdBls() {}

  /**
   * Splits {@code secret} into {@code n} shares of which any {@code t} recover it: the shares are
   * f(1)..f(n) for a random polynomial f of degree t - 1 with f(0) = secret.
   *
   * @throws IllegalArgumentException unless 1 &lt;= t &lt;= n (n &lt; r holds for every int)
   */
  public static List<BlsSecretKey> split(BlsSecretKey secret, int n, int t, SecureRandom rnd) {
    if (t < 1 || t > n) {
      throw new IllegalArgumentException(
          "threshold must satisfy 1 <= t <= n, got t=" + t + ", n=" + n);
    }
    while (true) {
      BigInteger[] coefficients = new BigInteger[t];
      coefficients[0] = secret.scalar();
      for (int k = 1; k < t; k++) {
        // Non-zero so the polynomial has degree exactly t - 1 and t - 1 shares reveal nothing.
        coefficients[k] = Bls12381.randomNonZeroScalar(rnd);
      }
      List<BlsSecretKey> shares = new ArrayList<>(n);
      for (int x = 1; x <= n; x++) {
        BigInteger y = evaluate(coefficients, x);
        if (y.signum() == 0) {
          break; // a zero share is no key; with chance n/r, draw another polynomial
        }
        shares.add(BlsSecretKey.fromScalar(y));
      }
      if (shares.size() == n) {
        return List.copyOf(shares);
      }
    }
  }

  private static BigInteger evaluate(BigInteger[] coefficients, int x) {
    BigInteger bx = BigInteger.valueOf(x);
    BigInteger y = BigInteger.ZERO;
    for (int k = coefficients.length - 1; k >= 0; k--) {
      y = y.multiply(bx).add(coefficients[k]).mod(Bls12381.ORDER);
    }
    return y;
  }

  /**
   * The group signature from partial signatures over the same message, keyed by share index.
   * Needs at least the threshold of them; with fewer, or with a wrong one, the result is some
   * signature that does not verify against the group public key. Partials are not checked here:
   * verify them first (a batch verification is cheap) or verify the result.
   *
   * @throws IllegalArgumentException if the map is empty or an index is zero or negative
   */
  public static BlsSignature combineSignatures(Map<Integer, BlsSignature> partialsByShareIndex) {
    P2 sum = new P2();
    forEachWeighted(
        partialsByShareIndex,
        (partial, weight) -> sum.add(partial.point().to_jacobian().mult(weight)));
    return BlsSignature.fromPoint(sum);
  }

  /**
   * The shared secret from secret-key shares keyed by share index. Uses non-constant-time
   * BigInteger arithmetic: for key ceremonies and tests, not for a signing hot path.
   *
   * @throws IllegalArgumentException if the map is empty, an index is zero or negative, or the
   *     shares interpolate to zero
   */
  public static BlsSecretKey combineSecretKeys(Map<Integer, BlsSecretKey> sharesByShareIndex) {
    BigInteger[] sum = {BigInteger.ZERO};
    forEachWeighted(
        sharesByShareIndex,
        (share, weight) -> sum[0] = sum[0].add(share.scalar().multiply(weight)));
    return BlsSecretKey.fromScalar(sum[0].mod(Bls12381.ORDER));
  }

  /**
   * The group public key, in G1, from public-key shares keyed by share index.
   *
   * @throws IllegalArgumentException if the map is empty, an index is zero or negative, or the
   *     shares interpolate to the point at infinity
   */
  public static BlsPublicKey combinePublicKeys(
      Map<Integer, BlsPublicKey> publicSharesByShareIndex) {
    P1 sum = new P1();
    forEachWeighted(
        publicSharesByShareIndex,
        (share, weight) -> sum.add(share.point().to_jacobian().mult(weight)));
    return BlsPublicKey.fromPoint(sum);
  }

  private interface WeightedTerm<V> {
    void add(V value, BigInteger lagrangeCoefficient);
  }

  /** Hands each value with its Lagrange coefficient at x = 0 to {@code term}. */
  private static <V> void forEachWeighted(Map<Integer, V> byShareIndex, WeightedTerm<V> term) {
    int[] indices = new int[byShareIndex.size()];
    List<V> values = new ArrayList<>(byShareIndex.size());
    int i = 0;
    for (Map.Entry<Integer, V> entry : byShareIndex.entrySet()) {
      indices[i++] = Objects.requireNonNull(entry.getKey(), "share index");
      values.add(Objects.requireNonNull(entry.getValue(), "share"));
    }
    BigInteger[] coefficients = Lagrange.atZero(indices);
    for (int k = 0; k < indices.length; k++) {
      term.add(values.get(k), coefficients[k]);
    }
  }
}
