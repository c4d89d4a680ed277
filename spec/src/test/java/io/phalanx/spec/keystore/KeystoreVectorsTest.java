package io.phalanx.spec.keystore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.spec.testing.SharedVectors;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The official EIP-2335 test vectors, scrypt and PBKDF2, with the EIP's standard parameters. */
class KeystoreVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CASE_FILES =
      List.of("keystore-pbkdf2.case.json", "keystore-scrypt.case.json");

  /** One official vector, as {@code keystore-*.case.json} gives it. */
  private record VectorCase(
      String file, String password, Bytes passwordEncoded, Bytes secret, JsonNode keystore) {
    static VectorCase read(String file) {
      JsonNode node = readTree(file);
      return new VectorCase(
          file,
          node.get("password").textValue(),
          Bytes.fromHex(node.get("password_encoded_hex").textValue()),
          Bytes.fromHex(node.get("secret").textValue()),
          node.get("keystore"));
    }

    Keystore parse() {
      return Keystore.parse(keystore.toString());
    }

    /** The plain keystore file beside the case, e.g. {@code keystore-scrypt.json}. */
    Path keystoreFile() {
      return vectors().resolve(file.replace(".case.json", ".json"));
    }
  }

  private static Path vectors() {
    return SharedVectors.resolve("eip2335-eip2333");
  }

  /** Fails, rather than running no cases, when the vector files are not all there. */
  static Stream<String> caseFiles() throws IOException {
    Path dir = vectors();
    List<String> found;
    try (Stream<Path> files = Files.list(dir)) {
      found =
          files
              .map(file -> file.getFileName().toString())
              .filter(name -> name.startsWith("keystore-") && name.endsWith(".case.json"))
              .sorted()
              .toList();
    }
    assertEquals(CASE_FILES, found, "EIP-2335 vector files in " + dir);
    return found.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("caseFiles")
  void decryptsToTheSecret(String file) throws Exception {
    VectorCase vector = VectorCase.read(file);

    assertEquals(
        vector.passwordEncoded(),
        Bytes.of(Keystores.normalizePassword(vector.password()).getBytes(StandardCharsets.UTF_8)),
        "password after NFKD and control-code removal, UTF-8 encoded");
    assertEquals(vector.secret(), Keystores.decrypt(vector.parse(), vector.password()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("caseFiles")
  void refusesAWrongPassword(String file) throws Exception {
    VectorCase vector = VectorCase.read(file);
    Keystore keystore = vector.parse();

    WrongPasswordException e =
        assertThrows(
            WrongPasswordException.class, () -> Keystores.decrypt(keystore, "testpassword"));
    assertEquals(
        "wrong password for keystore " + keystore.uuid() + " (pubkey "
            + keystore.pubkey().orElseThrow().toHex() + ")",
        e.getMessage());
  }

  /** With the vector's salt, IV and UUID as "randomness", encrypting gives the vector itself. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("caseFiles")
  void encryptingWithTheVectorsRandomnessReproducesIt(String file) throws Exception {
    VectorCase vector = VectorCase.read(file);
    Keystore expected = vector.parse();
    KdfParams standard =
        expected.crypto().kdf().params() instanceof KdfParams.Scrypt
            ? KdfParams.scryptDefault()
            : KdfParams.pbkdf2Default();
    assertEquals(standard, expected.crypto().kdf().params(), "the vector uses the EIP defaults");

    FixedRandom random =
        new FixedRandom(
            List.of(
                expected.crypto().kdf().salt(),
                expected.crypto().cipher().iv(),
                uuidBytes(expected)));
    Keystore encrypted =
        Keystores.encrypt(
            vector.secret(),
            vector.password(),
            expected.pubkey().orElseThrow(),
            standard,
            expected.path(),
            expected.description().orElseThrow(),
            random);

    assertEquals(expected, encrypted);
    assertEquals(Files.readString(vector.keystoreFile()).strip(), encrypted.toJson());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("caseFiles")
  void toJsonWritesTheKeystoreAsTheEipLaysItOut(String file) throws Exception {
    Path keystoreFile = VectorCase.read(file).keystoreFile();

    assertEquals(Files.readString(keystoreFile).strip(), Keystore.read(keystoreFile).toJson());
  }

  @Test
  void collectedVectorFileAgreesWithTheCaseFiles() {
    JsonNode collected = readTree("eip2335_test_vectors.json");
    List<JsonNode> cases = CASE_FILES.stream().map(KeystoreVectorsTest::readTree).toList();

    assertEquals(cases.size(), collected.size());
    for (JsonNode entry : collected) {
      assertEquals(
          1,
          cases.stream().filter(entry::equals).count(),
          "one case file holds " + entry.get("name"));
    }
  }

  private static JsonNode readTree(String file) {
    try {
      return JSON.readTree(Files.readString(vectors().resolve(file)));
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }

  private static Bytes uuidBytes(Keystore keystore) {
    ByteBuffer buffer = ByteBuffer.allocate(16);
    buffer.putLong(keystore.uuid().getMostSignificantBits());
    buffer.putLong(keystore.uuid().getLeastSignificantBits());
    return Bytes.of(buffer.array());
  }
}
