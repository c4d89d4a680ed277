package io.phalanx.spec.keystore;

import io.phalanx.spec.testing.SeededRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Hex;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Encrypting and decrypting with small KDF parameters, so the suite stays fast; the standard
 * parameters are exercised against the official vectors in {@link KeystoreVectorsTest}.
 */
class KeystoresTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final String PATH = "m/12381/3600/0/0/0";

  private final SecureRandom random = SeededRandom.of(2335);
  private final Bytes secret = Bytes.of(SeededRandom.bytes(random, 32));
  private final Bytes pubkey = Bytes.of(SeededRandom.bytes(random, 48));

  static Stream<KdfParams> fastKdfs() {
    return Stream.of(
        new KdfParams.Scrypt(1024, 8, 1, 32),
        new KdfParams.Pbkdf2(1024, 32, KdfParams.Pbkdf2.PRF_HMAC_SHA256));
  }

  private Keystore encrypt(KdfParams kdf, String password) {
    return Keystores.encrypt(secret, password, pubkey, kdf, PATH, "a test key", random);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fastKdfs")
  void roundTripsThroughJson(KdfParams kdf) throws Exception {
    Keystore keystore = encrypt(kdf, PASSWORD);

    Keystore parsed = Keystore.parse(keystore.toJson());

    assertEquals(keystore, parsed);
    assertEquals(secret, Keystores.decrypt(parsed, PASSWORD));
    assertEquals(Optional.of(pubkey), parsed.pubkey());
    assertEquals(PATH, parsed.path());
    assertEquals(Optional.of("a test key"), parsed.description());
    assertEquals(kdf, parsed.crypto().kdf().params());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fastKdfs")
  void drawsSaltIvAndVersion4UuidFreshEachTime(KdfParams kdf) {
    Keystore first = encrypt(kdf, PASSWORD);
    Keystore second = encrypt(kdf, PASSWORD);

    assertEquals(Keystores.SALT_LENGTH, first.crypto().kdf().salt().size());
    assertEquals(Keystore.Cipher.IV_LENGTH, first.crypto().cipher().iv().size());
    assertEquals(4, first.uuid().version());
    assertEquals(2, first.uuid().variant(), "RFC 4122 variant");
    assertNotEquals(first.crypto().kdf().salt(), second.crypto().kdf().salt());
    assertNotEquals(first.crypto().cipher().iv(), second.crypto().cipher().iv());
    assertNotEquals(first.uuid(), second.uuid());
    assertNotEquals(first.crypto().cipher().message(), second.crypto().cipher().message());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fastKdfs")
  void refusesAWrongPasswordWithoutRevealingIt(KdfParams kdf) {
    Keystore keystore = encrypt(kdf, PASSWORD);
    String wrong = "incorrect horse battery staple";

    WrongPasswordException e =
        assertThrows(WrongPasswordException.class, () -> Keystores.decrypt(keystore, wrong));

    assertEquals(
        "wrong password for keystore " + keystore.uuid() + " (pubkey " + pubkey.toHex() + ")",
        e.getMessage());
    assertEquals(keystore.uuid(), e.uuid());
    assertEquals(keystore.pubkey(), e.pubkey());
  }

  @Test
  void namesTheKeystoreByUuidAloneWhenItHasNoPubkey() throws Exception {
    Keystore keystore = encrypt(fastKdfs().findFirst().orElseThrow(), PASSWORD);
    Keystore withoutPubkey =
        new Keystore(
            keystore.crypto(), keystore.description(), Optional.empty(), keystore.path(),
            keystore.uuid(), keystore.version());

    WrongPasswordException e =
        assertThrows(
            WrongPasswordException.class, () -> Keystores.decrypt(withoutPubkey, "wrong"));

    assertEquals("wrong password for keystore " + keystore.uuid(), e.getMessage());
    assertEquals(secret, Keystores.decrypt(withoutPubkey, PASSWORD));
  }

  /** Each part the checksum covers, directly or through the key, altered by one bit. */
  static Stream<Arguments> tamperings() {
    return fastKdfs()
        .flatMap(
            kdf ->
                Stream.of(
                    tampering(
                        kdf,
                        "checksum",
                        c ->
                            new Keystore.Crypto(
                                c.kdf(),
                                new Keystore.Checksum(flipLastBit(c.checksum().message())),
                                c.cipher())),
                    tampering(
                        kdf,
                        "cipher message",
                        c ->
                            new Keystore.Crypto(
                                c.kdf(),
                                c.checksum(),
                                new Keystore.Cipher(
                                    c.cipher().iv(), flipLastBit(c.cipher().message())))),
                    tampering(
                        kdf,
                        "salt",
                        c ->
                            new Keystore.Crypto(
                                new Keystore.Kdf(c.kdf().params(), flipLastBit(c.kdf().salt())),
                                c.checksum(),
                                c.cipher()))));
  }

  private static Arguments tampering(
      KdfParams kdf, String part, UnaryOperator<Keystore.Crypto> tamper) {
    return Arguments.of(kdf, part, tamper);
  }

  @ParameterizedTest(name = "{0}, altered {1}")
  @MethodSource("tamperings")
  void refusesATamperedKeystore(
      KdfParams kdf, String part, UnaryOperator<Keystore.Crypto> tamper) {
    Keystore keystore = encrypt(kdf, PASSWORD);
    Keystore tampered =
        new Keystore(
            tamper.apply(keystore.crypto()), keystore.description(), keystore.pubkey(),
            keystore.path(), keystore.uuid(), keystore.version());

    assertThrows(WrongPasswordException.class, () -> Keystores.decrypt(tampered, PASSWORD));
  }

  @Test
  void normalisesThePasswordWhenEncryptingAndWhenDecrypting() throws Exception {
    // U+00F6 (composed) with a BEL in it, opened with o + U+0308 (decomposed) and a NUL.
    Keystore keystore = encrypt(fastKdfs().findFirst().orElseThrow(), "p\u00f6ss\u0007word");

    assertEquals(secret, Keystores.decrypt(keystore, "po\u0308ss\u0000word"));
  }

  @Test
  void storesNoDescriptionWhenGivenNone() {
    Keystore keystore =
        Keystores.encrypt(
            secret, PASSWORD, pubkey, fastKdfs().findFirst().orElseThrow(), "", null, random);

    assertEquals(Optional.empty(), keystore.description());
    assertFalse(keystore.toJson().contains("description"));
    assertEquals(keystore, Keystore.parse(keystore.toJson()));
  }

  @Test
  void neverShowsTheSecretInToStringOrJson() {
    Keystore keystore = encrypt(fastKdfs().findFirst().orElseThrow(), PASSWORD);
    String secretHex = Hex.encodeBare(secret.toArray());

    assertFalse(keystore.toString().contains(secretHex));
    assertFalse(keystore.toJson().contains(secretHex));
    assertFalse(keystore.toJson().contains(PASSWORD));
  }

  @Test
  void refusesAnEmptySecret() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Keystores.encrypt(
                    Bytes.EMPTY, PASSWORD, pubkey, KdfParams.scryptDefault(), "", null, random));

    assertTrue(e.getMessage().contains("secret"), e.getMessage());
  }

  @Test
  void requiresAPubkey() {
    NullPointerException e =
        assertThrows(
            NullPointerException.class,
            () ->
                Keystores.encrypt(
                    secret, PASSWORD, null, KdfParams.scryptDefault(), "", null, random));

    assertEquals("pubkey", e.getMessage());
  }

  private static Bytes flipLastBit(Bytes bytes) {
    byte[] flipped = bytes.toArray();
    flipped[flipped.length - 1] ^= 1;
    return Bytes.of(flipped);
  }
}
