package io.phalanx.spec.bls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.spec.testing.SeededRandom;
import io.phalanx.spec.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeldmanTest {
  private static final Bytes MESSAGE = Bytes.of("deposit message root".getBytes(StandardCharsets.US_ASCII));

  @Test
  void sharesVerifyAgainstTheirDealersCommitments() {
    SecureRandom random = SeededRandom.of(1);
    Feldman.Polynomial f = Feldman.deal(3, 4, random);
    assertEquals(3, f.commitments().size());
    for (int x = 1; x <= 4; x++) {
      assertTrue(Feldman.verifyShare(f.commitments(), x, f.share(x)), "share " + x);
      assertEquals(f.share(x).publicKey(), Feldman.evaluate(f.commitments(), x));
    }
  }

  @Test
  void aShareForAnotherIndexOrFromAnotherPolynomialIsRefused() {
    SecureRandom random = SeededRandom.of(2);
    Feldman.Polynomial f = Feldman.deal(3, 4, random);
    Feldman.Polynomial g = Feldman.deal(3, 4, random);
    assertFalse(Feldman.verifyShare(f.commitments(), 1, f.share(2)));
    assertFalse(Feldman.verifyShare(f.commitments(), 1, g.share(1)));
    assertFalse(Feldman.verifyShare(f.commitments(), 1, BlsSecretKey.random(random)));
  }

  @Test
  void theConstantCommitmentIsTheKeyTheSharesCombineTo() {
    SecureRandom random = SeededRandom.of(3);
    Feldman.Polynomial f = Feldman.deal(3, 5, random);
    Map<Integer, BlsSecretKey> shares = new TreeMap<>(Map.of(2, f.share(2), 4, f.share(4), 5, f.share(5)));
    assertEquals(f.commitments().get(0), ThresholdBls.combineSecretKeys(shares).publicKey());
  }

  /** A whole DKG in memory: every node deals, sums what it got; the sums sign for the group key. */
  @ParameterizedTest(name = "n={0} t={1}")
  @CsvSource({"3, 2", "4, 3", "7, 5"})
  void sumsOfDealtSharesAreSharesOfTheSumOfTheConstantCommitments(int n, int t) {
    SecureRandom random = SeededRandom.of(n * 100L + t);
    List<Feldman.Polynomial> dealers = new ArrayList<>();
    for (int d = 0; d < n; d++) {
      dealers.add(Feldman.deal(t, n, random));
    }
    List<BlsPublicKey> summed = Feldman.sumCommitments(dealers.stream().map(Feldman.Polynomial::commitments).toList());
    BlsPublicKey groupKey = summed.get(0);
    assertEquals(Feldman.sumCommitments(dealers.stream().map(p -> p.commitments().subList(0, 1)).toList()).get(0),
        groupKey);
    Map<Integer, BlsSignature> partials = new TreeMap<>();
    Map<Integer, BlsPublicKey> publicShares = new TreeMap<>();
    for (int x = 1; x <= n; x++) {
      int index = x;
      BlsSecretKey share = Feldman.sumShares(dealers.stream().map(p -> p.share(index)).toList());
      assertEquals(Feldman.evaluate(summed, x), share.publicKey(), "public share " + x);
      publicShares.put(x, share.publicKey());
      if (x <= t) {
        partials.put(x, share.sign(MESSAGE));
      }
    }
    BlsSignature signature = ThresholdBls.combineSignatures(partials);
    assertTrue(signature.verify(groupKey, MESSAGE));
    assertEquals(groupKey, ThresholdBls.combinePublicKeys(publicShares));
  }

  @Test
  void badArgumentsAreRefused() {
    SecureRandom random = SeededRandom.of(4);
    assertThrows(IllegalArgumentException.class, () -> Feldman.deal(0, 3, random));
    assertThrows(IllegalArgumentException.class, () -> Feldman.deal(4, 3, random));
    Feldman.Polynomial f = Feldman.deal(2, 3, random);
    assertThrows(IllegalArgumentException.class, () -> f.share(0));
    assertThrows(IllegalArgumentException.class, () -> Feldman.evaluate(List.of(), 1));
    assertThrows(IllegalArgumentException.class, () -> Feldman.evaluate(f.commitments(), 0));
    assertThrows(IllegalArgumentException.class, () -> Feldman.sumShares(List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> Feldman.sumCommitments(List.of(f.commitments(), f.commitments().subList(0, 1))));
    assertNotEquals(f.toString().indexOf("threshold=2"), -1);
  }

  @Test
  void aPolynomialAndItsNegationCancelToInfinityWhichIsRefused() {
    SecureRandom random = SeededRandom.of(5);
    Feldman.Polynomial f = Feldman.deal(1, 1, random);
    BlsPublicKey c = f.commitments().get(0);
    BlsPublicKey negated = BlsPublicKey.fromPoint(new supranational.blst.P1(c.point()).neg());
    assertThrows(IllegalArgumentException.class, () -> Feldman.sumCommitments(List.of(List.of(c), List.of(negated))));
  }
}
