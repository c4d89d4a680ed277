package io.phalanx.spec.bls;

import io.phalanx.spec.testing.SeededRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.spec.util.Bytes;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BlsTest {
  private static final Bytes INFINITY_SIGNATURE = Bytes.fromHex("c0" + "00".repeat(95));
  private static final Bytes INFINITY_PUBLIC_KEY = Bytes.fromHex("c0" + "00".repeat(47));

  private static List<BlsSecretKey> keys(int count, long seed) {
    SecureRandom rnd = SeededRandom.of(seed);
    List<BlsSecretKey> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(BlsSecretKey.random(rnd));
    }
    return keys;
  }

  private static Bytes message(int i) {
    byte[] root = new byte[32];
    root[0] = (byte) i;
    root[31] = (byte) (i >> 8);
    return Bytes.of(root);
  }

  /** Checks by distinct keys; {@code distinctMessages} of them cycle over the keys. */
  private static List<SignatureCheck> validChecks(int count, int distinctMessages, long seed) {
    List<SignatureCheck> checks = new ArrayList<>();
    List<BlsSecretKey> keys = keys(count, seed);
    for (int i = 0; i < count; i++) {
      Bytes message = message(i % distinctMessages);
      checks.add(new SignatureCheck(keys.get(i).publicKey(), message, keys.get(i).sign(message)));
    }
    return checks;
  }

  @Test
  void aSignatureVerifiesOnlyForItsKeyAndMessage() {
    List<BlsSecretKey> keys = keys(2, 1);
    BlsSignature signature = keys.get(0).sign(message(1));
    assertTrue(signature.verify(keys.get(0).publicKey(), message(1)));
    assertFalse(signature.verify(keys.get(1).publicKey(), message(1)));
    assertFalse(signature.verify(keys.get(0).publicKey(), message(2)));
    BlsSignature infinity = BlsSignature.fromBytes(INFINITY_SIGNATURE);
    assertFalse(infinity.verify(keys.get(0).publicKey(), message(1)));
  }

  @Test
  void keysAndSignaturesRoundTripWithValueEquality() {
    BlsSecretKey key = keys(1, 2).get(0);
    BlsPublicKey pk = BlsPublicKey.fromBytes(key.publicKey().toBytes());
    assertEquals(key.publicKey(), pk);
    assertEquals(key.publicKey().hashCode(), pk.hashCode());
    assertEquals(48, pk.toBytes().size());
    assertEquals(pk.toBytes().toHex(), pk.toHex());
    BlsSignature sig = key.sign(message(3));
    BlsSignature again = BlsSignature.fromBytes(sig.toBytes());
    assertEquals(sig, again);
    assertEquals(sig.hashCode(), again.hashCode());
    assertEquals(96, sig.toBytes().size());
    assertEquals(sig.toBytes().toHex(), sig.toHex());
  }

  /**
   * Code in other packages reaches these methods by reflection (Jackson, for one) only if the
   * public classes declare them, not just their package-private base.
   */
  @Test
  void publicMethodsAreDeclaredOnThePublicClasses() throws NoSuchMethodException {
    for (Class<?> type : List.of(BlsPublicKey.class, BlsSignature.class)) {
      for (String name : List.of("toBytes", "toHex", "hashCode", "toString")) {
        assertEquals(type, type.getMethod(name).getDeclaringClass(), type + "." + name);
      }
      assertEquals(type, type.getMethod("equals", Object.class).getDeclaringClass());
    }
  }

  @Test
  void publicKeyErrorsNameTheProblem() {
    Bytes valid = keys(1, 3).get(0).publicKey().toBytes();
    assertRefused("48 bytes", () -> BlsPublicKey.fromBytes(valid.slice(0, 47)));
    byte[] uncompressed = valid.toArray();
    uncompressed[0] &= 0x7f;
    assertRefused("compressed", () -> BlsPublicKey.fromBytes(Bytes.of(uncompressed)));
    assertRefused("infinity", () -> BlsPublicKey.fromBytes(INFINITY_PUBLIC_KEY));
    assertRefused(
        "subgroup",
        () ->
            BlsPublicKey.fromBytes(
                Bytes.fromHex(
                    "8123456789abcdef0123456789abcdef0123456789abcdef"
                        + "0123456789abcdef0123456789abcdef0123456789abcdef")));
    assertRefused(
        "curve",
        () ->
            BlsPublicKey.fromBytes(
                Bytes.fromHex(
                    "8123456789abcdef0123456789abcdef0123456789abcdef"
                        + "0123456789abcdef0123456789abcdef0123456789abcde0")));
  }

  @Test
  void signatureErrorsNameTheProblem() {
    Bytes valid = keys(1, 4).get(0).sign(message(0)).toBytes();
    assertRefused("96 bytes", () -> BlsSignature.fromBytes(valid.concat(Bytes.zero(1))));
    assertRefused("compressed", () -> BlsSignature.fromBytes(Bytes.zero(96)));
  }

  private static void assertRefused(String mention, Executable parse) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, parse);
    assertTrue(e.getMessage().contains(mention), e.getMessage());
  }

  @Test
  void aggregatesVerifyAgainstTheirKeys() {
    List<BlsSecretKey> keys = keys(5, 5);
    List<BlsPublicKey> pks = keys.stream().map(BlsSecretKey::publicKey).toList();
    BlsSignature sameMessage = Bls.aggregate(keys.stream().map(k -> k.sign(message(7))).toList());
    assertTrue(Bls.fastAggregateVerify(pks, message(7), sameMessage));
    assertFalse(Bls.fastAggregateVerify(pks.subList(1, 5), message(7), sameMessage));
    assertFalse(Bls.fastAggregateVerify(pks, message(8), sameMessage));
    assertTrue(Bls.aggregatePublicKeys(pks).equals(Bls.aggregatePublicKeys(pks.reversed())));
    assertTrue(sameMessage.verify(Bls.aggregatePublicKeys(pks), message(7)));

    List<Bytes> messages = List.of(message(1), message(2), message(3), message(3), message(1));
    List<BlsSignature> signatures = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      signatures.add(keys.get(i).sign(messages.get(i)));
    }
    BlsSignature distinct = Bls.aggregate(signatures);
    assertTrue(Bls.aggregateVerify(pks, messages, distinct));
    assertFalse(Bls.aggregateVerify(pks, messages.reversed(), distinct));
    assertFalse(Bls.aggregateVerify(pks, messages.subList(0, 4), distinct));
    assertFalse(Bls.aggregateVerify(List.of(), List.of(), distinct));
  }

  /**
   * Keys that sum to infinity would let the infinite signature pass fast aggregate verification
   * for any message, since both pairings are then 1.
   */
  @Test
  void keysThatCancelOutVerifyNothing() {
    BigInteger r = Bls12381.ORDER;
    BlsSecretKey one = BlsSecretKey.fromScalar(BigInteger.ONE);
    BlsSecretKey minusOne = BlsSecretKey.fromScalar(r.subtract(BigInteger.ONE));
    List<BlsPublicKey> cancelling = List.of(one.publicKey(), minusOne.publicKey());
    BlsSignature infinity = BlsSignature.fromBytes(INFINITY_SIGNATURE);
    assertEquals(infinity, Bls.aggregate(List.of(one.sign(message(4)), minusOne.sign(message(4)))));
    assertFalse(Bls.fastAggregateVerify(cancelling, message(4), infinity));
    assertThrows(IllegalArgumentException.class, () -> Bls.aggregatePublicKeys(cancelling));
  }

  @Test
  void nothingToAggregateIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Bls.aggregate(List.of()));
    assertThrows(IllegalArgumentException.class, () -> Bls.aggregatePublicKeys(List.of()));
    assertFalse(
        Bls.fastAggregateVerify(List.of(), message(0), BlsSignature.fromBytes(INFINITY_SIGNATURE)));
  }

  @Test
  void batchVerifyAcceptsAHundredValidSignatures() {
    assertTrue(Bls.batchVerify(validChecks(100, 100, 6)));
    // Partial signatures of a cluster: many keys over a few signing roots.
    assertTrue(Bls.batchVerify(validChecks(100, 3, 7)));
  }

  /**
   * Swapping two signatures leaves their sum, and so an unweighted batch check, unchanged; only
   * the random weights catch it.
   */
  @Test
  void batchVerifyRejectsTwoSwappedSignatures() {
    for (int distinctMessages : new int[] {100, 1}) {
      List<SignatureCheck> checks = new ArrayList<>(validChecks(100, distinctMessages, 8));
      SignatureCheck a = checks.get(17);
      SignatureCheck b = checks.get(63);
      checks.set(17, new SignatureCheck(a.publicKey(), a.message(), b.signature()));
      checks.set(63, new SignatureCheck(b.publicKey(), b.message(), a.signature()));
      assertFalse(Bls.batchVerify(checks), distinctMessages + " messages");
      assertTrue(
          Bls.aggregate(checks.stream().map(SignatureCheck::signature).toList())
              .equals(
                  Bls.aggregate(
                      validChecks(100, distinctMessages, 8).stream()
                          .map(SignatureCheck::signature)
                          .toList())));
    }
  }

  @Test
  void batchVerifyRejectsOneSignatureOverAnotherMessage() {
    List<SignatureCheck> checks = new ArrayList<>(validChecks(100, 100, 9));
    SignatureCheck victim = checks.get(42);
    checks.set(
        42,
        new SignatureCheck(
            victim.publicKey(),
            victim.message(),
            keys(100, 9).get(42).sign(message(99_999))));
    assertFalse(Bls.batchVerify(checks));
    Collections.swap(checks, 0, 42);
    assertFalse(Bls.batchVerify(checks));
  }

  @Test
  void batchVerifyRejectsTheEmptyBatchAndAnInfiniteSignature() {
    assertFalse(Bls.batchVerify(List.of()));
    List<SignatureCheck> checks = new ArrayList<>(validChecks(3, 3, 10));
    SignatureCheck first = checks.get(0);
    checks.set(
        0,
        new SignatureCheck(
            first.publicKey(), first.message(), BlsSignature.fromBytes(INFINITY_SIGNATURE)));
    assertFalse(Bls.batchVerify(checks));
    assertFalse(Bls.batchVerify(checks.subList(0, 1)));
  }

  @Test
  void batchVerifyOfOneIsVerify() {
    List<SignatureCheck> one = validChecks(1, 1, 11);
    assertTrue(Bls.batchVerify(one));
    SignatureCheck check = one.get(0);
    assertNotEquals(check.message(), message(5));
    assertFalse(
        Bls.batchVerify(
            List.of(new SignatureCheck(check.publicKey(), message(5), check.signature()))));
  }
}
