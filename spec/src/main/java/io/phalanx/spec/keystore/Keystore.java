package io.phalanx.spec.keystore;

import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An EIP-2335 keystore as it stands in its JSON file: the encrypted secret and what is needed
 * to decrypt it. It holds no plaintext; {@link Keystores} encrypts and decrypts.
 *
 * <p>Only the functions EIP-2335 defines can be represented (scrypt or PBKDF2, SHA-256,
 * AES-128-CTR), so a keystore that parsed is one this code can decrypt.
 *
 * @param path the EIP-2334 derivation path, {@code ""} when unknown
 * @param version always {@value #VERSION}
 */
public record Keystore(
    Crypto crypto,
    Optional<String> description,
    Optional<Bytes> pubkey,
    String path,
    UUID uuid,
    int version) {

  public static final int VERSION = 4;

  public Keystore {
    Objects.requireNonNull(crypto, "crypto");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(pubkey, "pubkey");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(uuid, "uuid");
    if (version != VERSION) {
      throw new KeystoreException(
          "keystore version must be " + VERSION + " (EIP-2335), got " + version);
    }
  }

  /** The three modules of {@code crypto}. */
  public record Crypto(Kdf kdf, Checksum checksum, Cipher cipher) {
    public Crypto {
      Objects.requireNonNull(kdf, "kdf");
      Objects.requireNonNull(checksum, "checksum");
      Objects.requireNonNull(cipher, "cipher");
    }
  }

  /**
   * The {@code kdf} module. Its {@code message} is always empty; the salt stands among the
   * params in JSON but is kept apart here because {@link KdfParams} are chosen once and reused,
   * while a salt never is.
   */
  public record Kdf(KdfParams params, Bytes salt) {
    public Kdf {
      Objects.requireNonNull(params, "params");
      Objects.requireNonNull(salt, "salt");
    }

    public String function() {
      return params.function();
    }

    public Bytes message() {
      return Bytes.EMPTY;
    }
  }

  /** The {@code checksum} module: SHA-256 over the second half of the key and the ciphertext. */
  public record Checksum(Bytes message) {
    public static final String FUNCTION = "sha256";
    public static final int LENGTH = 32;

    public Checksum {
      Objects.requireNonNull(message, "message");
      if (message.size() != LENGTH) {
        throw new IllegalArgumentException(
            "checksum message must be " + LENGTH + " bytes, got " + message.size());
      }
    }

    public String function() {
      return FUNCTION;
    }
  }

  /** The {@code cipher} module: AES-128-CTR; its message is the encrypted secret. */
  public record Cipher(Bytes iv, Bytes message) {
    public static final String FUNCTION = "aes-128-ctr";
    public static final int IV_LENGTH = 16;

    public Cipher {
      Objects.requireNonNull(iv, "iv");
      Objects.requireNonNull(message, "message");
      if (iv.size() != IV_LENGTH) {
        throw new IllegalArgumentException(
            "cipher iv must be " + IV_LENGTH + " bytes, got " + iv.size());
      }
      if (message.size() == 0) {
        throw new IllegalArgumentException("cipher message is empty: there is no secret");
      }
    }

    public String function() {
      return FUNCTION;
    }
  }

  /**
   * Parses keystore JSON, strictly: every field EIP-2335 requires must be there with the right
   * type, the version must be 4, and functions other than the EIP's are refused.
   *
   * @throws KeystoreException naming the field that is missing or wrong
   */
  public static Keystore parse(String json) {
    return KeystoreJson.parse(json);
  }

  /**
   * Reads and parses a keystore file.
   *
   * @throws KeystoreException when the content is not a valid keystore, naming the file
   * @throws UncheckedIOException when the file cannot be read, naming the file
   */
  public static Keystore read(Path file) {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read keystore " + file + ": " + e, e);
    }
    try {
      return parse(json);
    } catch (KeystoreException e) {
      throw new KeystoreException(file + ": " + e.getMessage(), e);
    }
  }

  /** Pretty JSON laid out as in EIP-2335, hex without {@code 0x}. */
  public String toJson() {
    return KeystoreJson.write(this);
  }
}
