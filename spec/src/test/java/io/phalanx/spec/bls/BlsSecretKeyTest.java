package io.phalanx.spec.bls;

import io.phalanx.spec.testing.SeededRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Hex;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlsSecretKeyTest {
  private static final BigInteger R = Bls12381.ORDER;

  @Test
  void toStringRevealsOnlyThePublicKey() {
    BlsSecretKey key = BlsSecretKey.random(SeededRandom.of(1));
    String bare = Hex.encodeBare(key.toBytes().toArray());
    String text = key.toString();
    assertFalse(text.toLowerCase(Locale.ROOT).contains(bare), text);
    // A 16-digit window of the key would already be a leak worth catching.
    for (int i = 0; i + 16 <= bare.length(); i++) {
      assertFalse(text.toLowerCase(Locale.ROOT).contains(bare.substring(i, i + 16)), text);
    }
    assertTrue(text.contains(key.publicKey().toHex()), text);
    assertFalse(String.valueOf(key.hashCode()).isEmpty());
  }

  @Test
  void bytesRoundTrip() {
    BlsSecretKey key = BlsSecretKey.random(SeededRandom.of(2));
    Bytes bytes = key.toBytes();
    assertEquals(32, bytes.size());
    BlsSecretKey again = BlsSecretKey.fromBytes(bytes);
    assertEquals(key, again);
    assertEquals(key.hashCode(), again.hashCode());
    assertEquals(key.publicKey(), again.publicKey());
    assertEquals(key.sign(bytes), again.sign(bytes));
  }

  @Test
  void theSmallestAndLargestValidKeysAreAccepted() {
    for (BigInteger value : new BigInteger[] {BigInteger.ONE, R.subtract(BigInteger.ONE)}) {
      Bytes bytes = scalarBytes(value);
      BlsSecretKey key = BlsSecretKey.fromBytes(bytes);
      assertEquals(bytes, key.toBytes());
      assertTrue(key.sign(bytes).verify(key.publicKey(), bytes));
    }
    // 1 and r - 1 = -1 give the generator and its negation: keys that cancel out when summed.
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Bls.aggregatePublicKeys(
                List.of(
                    BlsSecretKey.fromBytes(scalarBytes(BigInteger.ONE)).publicKey(),
                    BlsSecretKey.fromBytes(scalarBytes(R.subtract(BigInteger.ONE))).publicKey())));
  }

  /** blst would take any of these without complaint and sign with a different key. */
  @Test
  void zeroAndValuesFromTheOrderUpAreRefused() {
    BigInteger[] invalid = {
      BigInteger.ZERO,
      R,
      R.add(BigInteger.ONE),
      BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)
    };
    for (BigInteger value : invalid) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> BlsSecretKey.fromBytes(scalarBytes(value)));
      assertFalse(e.getMessage().contains(value.toString(16)), e.getMessage());
    }
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 31, 33, 48})
  void wrongLengthsAreRefused(int length) {
    Bytes bytes = Bytes.of(new byte[length]);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BlsSecretKey.fromBytes(bytes));
    assertTrue(e.getMessage().contains("32"), e.getMessage());
  }

  @Test
  void randomKeysAreDistinctAndSeedable() {
    SecureRandom rnd = SeededRandom.of(3);
    Set<BlsSecretKey> keys = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      keys.add(BlsSecretKey.random(rnd));
    }
    assertEquals(20, keys.size());
    assertEquals(BlsSecretKey.random(SeededRandom.of(4)), BlsSecretKey.random(SeededRandom.of(4)));
    assertTrue(BlsSecretKey.random(new SecureRandom()).toBytes().size() == 32);
  }

  private static Bytes scalarBytes(BigInteger value) {
    return Bytes.of(Bls12381.scalarToBytes(value));
  }
}
