package io.phalanx.spec.keystore;

import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Encrypts secrets into EIP-2335 keystores and decrypts them again.
 *
 * <p>Passwords and secrets never enter an exception message, and the intermediate byte arrays
 * holding them are zeroed after use (a Java {@code String} password cannot be).
 */
public final class Keystores {
  /** Salt length for new keystores, as the deposit CLI and the EIP's vectors use. */
  public static final int SALT_LENGTH = 32;

  private static final int AES_128_KEY_LENGTH = 16;

  private Keystores() {}

  /**
   * Encrypts {@code secret} under {@code password} with a fresh salt, IV and version 4 UUID drawn
   * from {@code rnd}.
   *
   * @param pubkey the public key of the secret, stored in clear so the keystore can be matched
   *     without the password
   * @param path the EIP-2334 derivation path, {@code ""} if unknown
   * @param description a free-text label, or {@code null} for none
   */
  public static Keystore encrypt(
      Bytes secret,
      String password,
      Bytes pubkey,
      KdfParams kdf,
      String path,
      String description,
      SecureRandom rnd) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(pubkey, "pubkey");
    Objects.requireNonNull(kdf, "kdf");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(rnd, "rnd");
    if (secret.size() == 0) {
      throw new IllegalArgumentException("the secret to encrypt is empty");
    }
    // The order salt, IV, UUID is relied on by the test that reproduces the EIP's vectors.
    Bytes salt = Bytes.of(randomBytes(rnd, SALT_LENGTH));
    Bytes iv = Bytes.of(randomBytes(rnd, Keystore.Cipher.IV_LENGTH));
    UUID uuid = randomUuid(rnd);

    byte[] key = decryptionKey(kdf, salt, password);
    byte[] plain = secret.toArray();
    try {
      Bytes cipherMessage = Bytes.of(aes128Ctr(Cipher.ENCRYPT_MODE, key, iv, plain));
      Bytes checksum = Bytes.of(checksum(key, cipherMessage));
      Keystore.Crypto crypto =
          new Keystore.Crypto(
              new Keystore.Kdf(kdf, salt),
              new Keystore.Checksum(checksum),
              new Keystore.Cipher(iv, cipherMessage));
      return new Keystore(
          crypto, Optional.ofNullable(description), Optional.of(pubkey), path, uuid,
          Keystore.VERSION);
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * Decrypts the secret, after checking the password against the keystore's checksum.
   *
   * @throws WrongPasswordException when the checksum does not match: a wrong password, or a
   *     keystore whose checksum or ciphertext was altered
   */
  public static Bytes decrypt(Keystore keystore, String password) throws WrongPasswordException {
    Objects.requireNonNull(keystore, "keystore");
    Objects.requireNonNull(password, "password");
    Keystore.Crypto crypto = keystore.crypto();
    byte[] key = decryptionKey(crypto.kdf().params(), crypto.kdf().salt(), password);
    try {
      byte[] expected = crypto.checksum().message().toArray();
      // Constant time, so the comparison does not tell an attacker how close a guess came.
      if (!MessageDigest.isEqual(checksum(key, crypto.cipher().message()), expected)) {
        throw new WrongPasswordException(keystore);
      }
      byte[] plain =
          aes128Ctr(
              Cipher.DECRYPT_MODE, key, crypto.cipher().iv(), crypto.cipher().message().toArray());
      try {
        return Bytes.of(plain);
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * The password as EIP-2335 hashes it (before UTF-8 encoding): NFKD normalised, then with the
   * C0 (U+0000–U+001F), Delete (U+007F) and C1 (U+0080–U+009F) control codes removed. Space is
   * kept.
   */
  public static String normalizePassword(String password) {
    Objects.requireNonNull(password, "password");
    String decomposed = Normalizer.normalize(password, Normalizer.Form.NFKD);
    StringBuilder kept = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      // All control codes are single UTF-16 units, so surrogate pairs pass through whole.
      if (!isControlCode(c)) {
        kept.append(c);
      }
    }
    return kept.toString();
  }

  private static boolean isControlCode(char c) {
    return c <= 0x1F || (c >= 0x7F && c <= 0x9F);
  }

  private static byte[] decryptionKey(KdfParams kdf, Bytes salt, String password) {
    byte[] passwordBytes = normalizePassword(password).getBytes(StandardCharsets.UTF_8);
    byte[] saltBytes = salt.toArray();
    try {
      return switch (kdf) {
        case KdfParams.Scrypt scrypt ->
            SCrypt.generate(
                passwordBytes, saltBytes, scrypt.n(), scrypt.r(), scrypt.p(), scrypt.dklen());
        case KdfParams.Pbkdf2 pbkdf2 -> {
          // KdfParams.Pbkdf2 admits only hmac-sha256, so the digest is fixed here.
          PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA256Digest());
          generator.init(passwordBytes, saltBytes, pbkdf2.c());
          yield ((KeyParameter) generator.generateDerivedParameters(8 * pbkdf2.dklen())).getKey();
        }
      };
    } finally {
      Arrays.fill(passwordBytes, (byte) 0);
    }
  }

  /** SHA-256 of the second 16 bytes of the decryption key followed by the ciphertext. */
  private static byte[] checksum(byte[] key, Bytes cipherMessage) {
    byte[] keyHalf = Arrays.copyOfRange(key, 16, 32);
    try {
      return Sha256.hash(keyHalf, cipherMessage.toArray());
    } finally {
      Arrays.fill(keyHalf, (byte) 0);
    }
  }

  /** AES-128-CTR keyed with the first 16 bytes of the decryption key. */
  private static byte[] aes128Ctr(int mode, byte[] key, Bytes iv, byte[] input) {
    try {
      Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
      aes.init(
          mode,
          new SecretKeySpec(key, 0, AES_128_KEY_LENGTH, "AES"),
          new IvParameterSpec(iv.toArray()));
      return aes.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK provides AES/CTR/NoPadding", e);
    }
  }

  private static byte[] randomBytes(SecureRandom rnd, int length) {
    byte[] bytes = new byte[length];
    rnd.nextBytes(bytes);
    return bytes;
  }

  /** An RFC 4122 version 4 UUID from {@code rnd}, so a seeded source gives a known keystore. */
  private static UUID randomUuid(SecureRandom rnd) {
    byte[] bytes = randomBytes(rnd, 16);
    bytes[6] = (byte) ((bytes[6] & 0x0F) | 0x40);
    bytes[8] = (byte) ((bytes[8] & 0x3F) | 0x80);
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return new UUID(buffer.getLong(), buffer.getLong());
  }
}
