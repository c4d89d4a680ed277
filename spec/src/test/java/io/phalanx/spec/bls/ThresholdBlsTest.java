package io.phalanx.spec.bls;

import io.phalanx.spec.testing.SeededRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.spec.util.Bytes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdBlsTest {
  private static final Bytes MESSAGE =
      Bytes.of("signing root of some duty".getBytes(StandardCharsets.US_ASCII));

  /** One cluster: a validator key, its shares and every node's partial signature on MESSAGE. */
  private record Cluster(
      BlsSecretKey secret, List<BlsSecretKey> shares, List<BlsSignature> partials) {
    static Cluster create(BlsSecretKey secret, int n, int t, SecureRandom rnd) {
      List<BlsSecretKey> shares = ThresholdBls.split(secret, n, t, rnd);
      return new Cluster(secret, shares, shares.stream().map(s -> s.sign(MESSAGE)).toList());
    }

    static Cluster create(int n, int t, long seed) {
      SecureRandom rnd = SeededRandom.of(seed);
      return create(BlsSecretKey.random(rnd), n, t, rnd);
    }

    /** Values of the chosen nodes keyed by their share index (node i holds index i + 1). */
    <V> Map<Integer, V> byShareIndex(List<Integer> nodes, IntFunction<V> value) {
      Map<Integer, V> out = new TreeMap<>();
      nodes.forEach(node -> out.put(node + 1, value.apply(node)));
      return out;
    }

    BlsSignature combinedSignature(List<Integer> nodes) {
      return ThresholdBls.combineSignatures(byShareIndex(nodes, partials::get));
    }

    BlsPublicKey combinedPublicKey(List<Integer> nodes) {
      return ThresholdBls.combinePublicKeys(byShareIndex(nodes, i -> shares.get(i).publicKey()));
    }

    BlsSecretKey combinedSecret(List<Integer> nodes) {
      return ThresholdBls.combineSecretKeys(byShareIndex(nodes, shares::get));
    }
  }

  @ParameterizedTest(name = "n={0}, t={1}")
  @CsvSource({"1,1", "3,1", "3,2", "4,3", "4,4", "5,3", "7,5"})
  void everyThresholdSubsetRecoversTheGroupKeyAndSignature(int n, int t) {
    Cluster cluster = Cluster.create(n, t, 1000L * n + t);
    List<List<Integer>> subsets = subsets(n, t);
    assertEquals(binomial(n, t), subsets.size());
    subsets.forEach(nodes -> assertRecovery(cluster, nodes, true));
  }

  @ParameterizedTest(name = "n={0}, t={1}")
  @CsvSource({"3,2", "4,3", "4,4", "5,3", "7,5"})
  void noSubsetBelowTheThresholdRecoversTheGroupSignature(int n, int t) {
    Cluster cluster = Cluster.create(n, t, 2000L * n + t);
    subsets(n, t - 1).forEach(nodes -> assertRecovery(cluster, nodes, false));
  }

  /** Whether the nodes' shares give back the group signature, public key and secret key. */
  private static void assertRecovery(Cluster cluster, List<Integer> nodes, boolean expected) {
    String which = "nodes " + nodes;
    BlsPublicKey groupKey = cluster.secret().publicKey();
    BlsSignature combined = cluster.combinedSignature(nodes);
    assertEquals(expected, combined.equals(cluster.secret().sign(MESSAGE)), which);
    assertEquals(expected, combined.verify(groupKey, MESSAGE), which);
    assertEquals(expected, cluster.combinedPublicKey(nodes).equals(groupKey), which);
    assertEquals(expected, cluster.combinedSecret(nodes).equals(cluster.secret()), which);
  }

  @ParameterizedTest(name = "n={0}, t={1}")
  @CsvSource({"3,2", "4,3", "5,3", "7,5"})
  void aShareFromAnotherClusterSpoilsTheCombination(int n, int t) {
    SecureRandom rnd = SeededRandom.of(3000L * n + t);
    BlsSecretKey secret = BlsSecretKey.random(rnd);
    Cluster ours = Cluster.create(secret, n, t, rnd);
    // Another split of the same key, as after a reshare, and a split of another key.
    Cluster resplit = Cluster.create(secret, n, t, rnd);
    Cluster stranger = Cluster.create(BlsSecretKey.random(rnd), n, t, rnd);
    for (Cluster other : List.of(resplit, stranger)) {
      for (int foreignNode = 0; foreignNode < n; foreignNode++) {
        Map<Integer, BlsSignature> partials = new TreeMap<>();
        partials.put(foreignNode + 1, other.partials().get(foreignNode));
        for (int node = 0; partials.size() < t; node++) {
          if (node != foreignNode) {
            partials.put(node + 1, ours.partials().get(node));
          }
        }
        BlsSignature combined = ThresholdBls.combineSignatures(partials);
        assertFalse(combined.verify(secret.publicKey(), MESSAGE), "partials " + partials.keySet());
        assertFalse(combined.verify(other.secret().publicKey(), MESSAGE));
      }
    }
  }

  @Test
  void sharesSitAtOneBasedIndicesAndMatchTheirPublicKeys() {
    Cluster cluster = Cluster.create(4, 2, 7);
    // With t = 2, shares at x = 1 and x = 2 give f(0) = 2 f(1) - f(2).
    BigInteger r = Bls12381.ORDER;
    BigInteger f1 = cluster.shares().get(0).scalar();
    BigInteger f2 = cluster.shares().get(1).scalar();
    assertEquals(cluster.secret().scalar(), f1.shiftLeft(1).subtract(f2).mod(r));
    for (BlsSecretKey share : cluster.shares()) {
      assertNotEquals(cluster.secret(), share);
    }
  }

  @Test
  void aThresholdOfOneHandsEveryNodeTheKey() {
    Cluster cluster = Cluster.create(3, 1, 8);
    cluster.shares().forEach(share -> assertEquals(cluster.secret(), share));
  }

  @Test
  void theSameSeedGivesTheSameShares() {
    BlsSecretKey secret = BlsSecretKey.random(SeededRandom.of(9));
    assertEquals(
        ThresholdBls.split(secret, 5, 3, SeededRandom.of(10)),
        ThresholdBls.split(secret, 5, 3, SeededRandom.of(10)));
    assertNotEquals(
        ThresholdBls.split(secret, 5, 3, SeededRandom.of(10)),
        ThresholdBls.split(secret, 5, 3, SeededRandom.of(11)));
  }

  @ParameterizedTest(name = "n={0}, t={1}")
  @CsvSource({"3,0", "3,4", "0,0", "1,2", "-1,1", "3,-2"})
  void splitRefusesImpossibleThresholds(int n, int t) {
    BlsSecretKey secret = BlsSecretKey.random(SeededRandom.of(12));
    assertThrows(
        IllegalArgumentException.class,
        () -> ThresholdBls.split(secret, n, t, SeededRandom.of(13)));
  }

  @ParameterizedTest(name = "index {0}")
  @CsvSource({"0", "-1", "-2147483648"})
  void combineRefusesIndicesBelowOne(int badIndex) {
    Cluster cluster = Cluster.create(3, 2, 14);
    Map<Integer, BlsSignature> partials = new HashMap<>();
    partials.put(1, cluster.partials().get(0));
    partials.put(badIndex, cluster.partials().get(1));
    assertThrows(IllegalArgumentException.class, () -> ThresholdBls.combineSignatures(partials));
    Map<Integer, BlsPublicKey> keys = new HashMap<>();
    keys.put(1, cluster.shares().get(0).publicKey());
    keys.put(badIndex, cluster.shares().get(1).publicKey());
    assertThrows(IllegalArgumentException.class, () -> ThresholdBls.combinePublicKeys(keys));
    Map<Integer, BlsSecretKey> shares = new HashMap<>();
    shares.put(1, cluster.shares().get(0));
    shares.put(badIndex, cluster.shares().get(1));
    assertThrows(IllegalArgumentException.class, () -> ThresholdBls.combineSecretKeys(shares));
  }

  @Test
  void combineRefusesNothingToCombine() {
    assertThrows(IllegalArgumentException.class, () -> ThresholdBls.combineSignatures(Map.of()));
    assertThrows(IllegalArgumentException.class, () -> ThresholdBls.combinePublicKeys(Map.of()));
    assertThrows(IllegalArgumentException.class, () -> ThresholdBls.combineSecretKeys(Map.of()));
  }

  /** A Map cannot hold a duplicate, but the interpolation underneath must refuse one anyway. */
  @Test
  void interpolationRefusesDuplicateIndices() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Lagrange.atZero(new int[] {2, 5, 2}));
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
  }

  /** Interpolating the constant polynomial 1 gives 1, so the coefficients must sum to 1. */
  @Test
  void lagrangeCoefficientsSumToOne() {
    List<int[]> indexSets =
        List.of(new int[] {1}, new int[] {1, 2, 3}, new int[] {7, 3, 100, 2_000_000_000});
    for (int[] xs : indexSets) {
      BigInteger sum = BigInteger.ZERO;
      for (BigInteger l : Lagrange.atZero(xs)) {
        sum = sum.add(l);
      }
      assertEquals(BigInteger.ONE, sum.mod(Bls12381.ORDER));
    }
  }

  /** Far-apart and huge x still interpolate: differences and products must not overflow. */
  @Test
  void interpolationRecoversAPolynomialFromLargeSparseIndices() {
    BigInteger r = Bls12381.ORDER;
    SecureRandom rnd = SeededRandom.of(15);
    BigInteger[] f = new BigInteger[4];
    for (int k = 0; k < f.length; k++) {
      f[k] = Bls12381.randomNonZeroScalar(rnd);
    }
    int[] xs = {Integer.MAX_VALUE, 1, Integer.MAX_VALUE - 1, 65_537};
    BigInteger[] l = Lagrange.atZero(xs);
    BigInteger atZero = BigInteger.ZERO;
    for (int i = 0; i < xs.length; i++) {
      BigInteger y = BigInteger.ZERO;
      for (int k = f.length - 1; k >= 0; k--) {
        y = y.multiply(BigInteger.valueOf(xs[i])).add(f[k]).mod(r);
      }
      atZero = atZero.add(l[i].multiply(y));
    }
    assertEquals(f[0], atZero.mod(r));
  }

  private static List<List<Integer>> subsets(int n, int k) {
    List<List<Integer>> out = new ArrayList<>();
    for (int mask = 0; mask < 1 << n; mask++) {
      if (Integer.bitCount(mask) == k) {
        List<Integer> subset = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if ((mask & (1 << i)) != 0) {
            subset.add(i);
          }
        }
        out.add(subset);
      }
    }
    return out;
  }

  private static long binomial(int n, int k) {
    long b = 1;
    for (int i = 1; i <= k; i++) {
      b = b * (n - i + 1) / i;
    }
    return b;
  }
}
