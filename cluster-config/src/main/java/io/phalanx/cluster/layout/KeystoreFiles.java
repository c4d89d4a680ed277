package io.phalanx.cluster.layout;

import io.phalanx.cluster.files.SafeFiles;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.keystore.KdfParams;
import io.phalanx.spec.keystore.Keystore;
import io.phalanx.spec.keystore.Keystores;
import io.phalanx.spec.keystore.WrongPasswordException;
import io.phalanx.spec.util.Hex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keystores with their passwords beside them, the way validator clients load them:
 * {@code keystore-<j>.json} and {@code keystore-<j>.txt}. Both files are written 0600.
 */
public final class KeystoreFiles {
  private static final Pattern NUMBER = Pattern.compile("(\\d+)");

  private KeystoreFiles() {}

  public static String keystoreName(int index) {
    return "keystore-" + index + ".json";
  }

  public static String passwordName(int index) {
    return "keystore-" + index + ".txt";
  }

  /** The password file beside a keystore file: same name, {@code .txt} instead of {@code .json}. */
  public static Path passwordFileFor(Path keystoreFile) {
    String name = keystoreFile.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return keystoreFile.resolveSibling(base + ".txt");
  }

  /** A fresh random password: 32 random bytes as 64 hex digits. */
  public static String newPassword(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Hex.encodeBare(bytes);
  }

  /** Encrypts {@code key} under a new random password and writes keystore and password (0600). */
  public static void write(
      Path keystoreFile, BlsSecretKey key, KdfParams kdf, String description, SecureRandom random) {
    String password = newPassword(random);
    Keystore keystore =
        Keystores.encrypt(key.toBytes(), password, key.publicKey().toBytes(), kdf, "", description, random);
    SafeFiles.writeSecretString(keystoreFile, keystore.toJson());
    SafeFiles.writeSecretString(passwordFileFor(keystoreFile), password);
  }

  /**
   * Reads and decrypts a keystore with the password in the {@code .txt} file beside it, checking
   * that the secret matches the public key the keystore names.
   *
   * @throws IllegalArgumentException naming the file and what is wrong
   */
  public static BlsSecretKey read(Path keystoreFile) {
    Keystore keystore = Keystore.read(keystoreFile);
    Path passwordFile = passwordFileFor(keystoreFile);
    String password;
    try {
      password = stripLineEnd(Files.readString(passwordFile, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "no password for " + keystoreFile + ": put it in " + passwordFile);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + passwordFile + ": " + e.getMessage(), e);
    }
    BlsSecretKey key;
    try {
      key = BlsSecretKey.fromBytes(Keystores.decrypt(keystore, password));
    } catch (WrongPasswordException e) {
      throw new IllegalArgumentException(
          "wrong password for " + keystoreFile + " (the password in " + passwordFile
              + " does not decrypt it)", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(keystoreFile + " does not hold a valid BLS secret key: " + e.getMessage(), e);
    }
    keystore.pubkey().ifPresent(pubkey -> {
      if (!pubkey.equals(key.publicKey().toBytes())) {
        throw new IllegalArgumentException(
            keystoreFile + " names public key " + pubkey + " but its secret key belongs to "
                + key.publicKey().toHex());
      }
    });
    return key;
  }

  /**
   * The keystore files ({@code *.json}) in {@code dir}, ordered by the number in their names
   * (keystore-2 before keystore-10), then by name.
   */
  public static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("keystore folder not found: " + dir);
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> keystores = new ArrayList<>(
          files.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f)).toList());
      keystores.sort(Comparator.comparingLong(KeystoreFiles::numberIn).thenComparing(Path::toString));
      return keystores;
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static long numberIn(Path file) {
    Matcher m = NUMBER.matcher(file.getFileName().toString());
    long last = Long.MAX_VALUE;
    while (m.find()) {
      try {
        last = Long.parseLong(m.group(1));
      } catch (NumberFormatException tooLong) {
        last = Long.MAX_VALUE;
      }
    }
    return last;
  }

  private static String stripLineEnd(String s) {
    // Editors add a final newline; validator clients ignore it too.
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
      end--;
    }
    return s.substring(0, end);
  }
}
