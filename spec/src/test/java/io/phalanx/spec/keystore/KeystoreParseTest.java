package io.phalanx.spec.keystore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.spec.testing.SharedVectors;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Strict parsing: each broken keystore is refused with a message naming what is wrong. */
class KeystoreParseTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The EIP's scrypt vector, to be broken one field at a time. */
  private static ObjectNode scryptVector() {
    try {
      return (ObjectNode)
          JSON.readTree(
              Files.readString(SharedVectors.resolve("eip2335-eip2333/keystore-scrypt.json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode at(ObjectNode root, String dottedPath) {
    ObjectNode node = root;
    for (String name : dottedPath.split("\\.")) {
      node = (ObjectNode) node.get(name);
    }
    return node;
  }

  private static Arguments breaking(String what, Consumer<ObjectNode> change, String expected) {
    return Arguments.of(what, change, expected);
  }

  static Stream<Arguments> brokenKeystores() {
    return Stream.of(
        breaking("version 3", k -> k.put("version", 3), "keystore version 3 is not supported"),
        breaking("version 5", k -> k.put("version", 5), "keystore version 5 is not supported"),
        breaking("no version", k -> k.remove("version"), "keystore version is missing"),
        breaking(
            "version as a string",
            k -> k.put("version", "4"),
            "keystore version must be a whole number"),
        breaking("no crypto", k -> k.remove("crypto"), "keystore crypto is missing"),
        breaking(
            "crypto not an object",
            k -> k.put("crypto", "x"),
            "keystore crypto must be an object, got string \"x\""),
        breaking(
            "no kdf", k -> at(k, "crypto").remove("kdf"), "keystore crypto.kdf is missing"),
        breaking(
            "no kdf function",
            k -> at(k, "crypto.kdf").remove("function"),
            "keystore crypto.kdf.function is missing"),
        breaking(
            "unknown kdf",
            k -> at(k, "crypto.kdf").put("function", "argon2id"),
            "keystore crypto.kdf.function \"argon2id\" is not supported"),
        breaking(
            "no kdf params",
            k -> at(k, "crypto.kdf").remove("params"),
            "keystore crypto.kdf.params is missing"),
        breaking(
            "no kdf message",
            k -> at(k, "crypto.kdf").remove("message"),
            "keystore crypto.kdf.message is missing"),
        breaking(
            "kdf message not empty",
            k -> at(k, "crypto.kdf").put("message", "00"),
            "keystore crypto.kdf.message must be empty"),
        breaking(
            "no salt",
            k -> at(k, "crypto.kdf.params").remove("salt"),
            "keystore crypto.kdf.params.salt is missing"),
        breaking(
            "salt not hex",
            k -> at(k, "crypto.kdf.params").put("salt", "zz"),
            "keystore crypto.kdf.params.salt: not a hex string"),
        breaking(
            "no scrypt n",
            k -> at(k, "crypto.kdf.params").remove("n"),
            "keystore crypto.kdf.params.n is missing"),
        breaking(
            "scrypt n as a string",
            k -> at(k, "crypto.kdf.params").put("n", "262144"),
            "keystore crypto.kdf.params.n must be a whole number"),
        breaking(
            "scrypt n a fraction",
            k -> at(k, "crypto.kdf.params").put("n", 1024.5),
            "keystore crypto.kdf.params.n must be a whole number"),
        breaking(
            "scrypt n beyond 32 bits",
            k -> at(k, "crypto.kdf.params").put("n", 1L << 40),
            "keystore crypto.kdf.params.n must be a whole number that fits 32 bits"),
        breaking(
            "scrypt n not a power of two",
            k -> at(k, "crypto.kdf.params").put("n", 1000),
            "keystore crypto.kdf.params: scrypt n must be a power of two greater than 1, got 1000"),
        breaking(
            "scrypt n negative",
            k -> at(k, "crypto.kdf.params").put("n", -262144),
            "scrypt n must be a power of two greater than 1, got -262144"),
        breaking(
            "scrypt n needing 1 TiB",
            k -> at(k, "crypto.kdf.params").put("n", 1 << 30),
            "would need 1048576 MiB of memory; refusing more than 1024 MiB"),
        breaking(
            "scrypt p 1000",
            k -> at(k, "crypto.kdf.params").put("p", 1000),
            "refusing more than 33554432 (16 times the work of the EIP-2335 parameters)"),
        breaking(
            "scrypt r 0",
            k -> at(k, "crypto.kdf.params").put("r", 0),
            "scrypt r must be at least 1, got 0"),
        breaking(
            "scrypt dklen 16",
            k -> at(k, "crypto.kdf.params").put("dklen", 16),
            "keystore crypto.kdf.params: scrypt dklen must be between 32 and 64, got 16"),
        breaking(
            "pbkdf2 with hmac-sha512",
            k -> pbkdf2(k).put("prf", "hmac-sha512"),
            "keystore crypto.kdf.params: pbkdf2 prf must be \"hmac-sha256\", got \"hmac-sha512\""),
        breaking(
            "pbkdf2 without prf",
            k -> pbkdf2(k).remove("prf"),
            "keystore crypto.kdf.params.prf is missing"),
        breaking(
            "pbkdf2 c 0",
            k -> pbkdf2(k).put("c", 0),
            "pbkdf2 c must be between 1 and 4194304, got 0"),
        breaking(
            "pbkdf2 c 2^30",
            k -> pbkdf2(k).put("c", 1 << 30),
            "pbkdf2 c must be between 1 and 4194304, got 1073741824"),
        breaking(
            "unknown checksum",
            k -> at(k, "crypto.checksum").put("function", "keccak256"),
            "keystore crypto.checksum.function \"keccak256\" is not supported (EIP-2335 defines"
                + " \"sha256\")"),
        breaking(
            "no checksum params",
            k -> at(k, "crypto.checksum").remove("params"),
            "keystore crypto.checksum.params is missing"),
        breaking(
            "checksum 31 bytes",
            k -> at(k, "crypto.checksum").put("message", "00".repeat(31)),
            "keystore crypto.checksum: checksum message must be 32 bytes, got 31"),
        breaking(
            "unknown cipher",
            k -> at(k, "crypto.cipher").put("function", "aes-256-gcm"),
            "keystore crypto.cipher.function \"aes-256-gcm\" is not supported"),
        breaking(
            "no iv",
            k -> at(k, "crypto.cipher.params").remove("iv"),
            "keystore crypto.cipher.params.iv is missing"),
        breaking(
            "iv of 15 bytes",
            k -> at(k, "crypto.cipher.params").put("iv", "00".repeat(15)),
            "keystore crypto.cipher: cipher iv must be 16 bytes, got 15"),
        breaking(
            "odd-length cipher message",
            k -> at(k, "crypto.cipher").put("message", "abc"),
            "keystore crypto.cipher.message: hex string has an odd number of digits"),
        breaking(
            "empty cipher message",
            k -> at(k, "crypto.cipher").put("message", ""),
            "cipher message is empty"),
        breaking("no path", k -> k.remove("path"), "keystore path is missing"),
        breaking("path a number", k -> k.put("path", 0), "keystore path must be a string"),
        breaking("no uuid", k -> k.remove("uuid"), "keystore uuid is missing"),
        breaking(
            "uuid not a UUID",
            k -> k.put("uuid", "not-a-uuid"),
            "keystore uuid must be a UUID such as"),
        breaking(
            "uuid in a shortened form",
            k -> k.put("uuid", "1-2-3-4-5"),
            "got \"1-2-3-4-5\""),
        breaking(
            "pubkey not hex", k -> k.put("pubkey", "xyz0"), "keystore pubkey: not a hex string"),
        breaking(
            "description a number",
            k -> k.put("description", 7),
            "keystore description must be a string"));
  }

  private static ObjectNode pbkdf2(ObjectNode keystore) {
    ObjectNode kdf = at(keystore, "crypto.kdf");
    kdf.put("function", "pbkdf2");
    ObjectNode params = kdf.putObject("params");
    params.put("dklen", 32).put("c", 262144).put("prf", "hmac-sha256").put("salt", "00".repeat(32));
    return params;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenKeystores")
  void refusesABrokenKeystore(String what, Consumer<ObjectNode> change, String expected) {
    ObjectNode keystore = scryptVector();
    change.accept(keystore);

    assertRefused(keystore.toString(), expected);
  }

  static Stream<Arguments> notKeystoreJson() {
    String valid = scryptVector().toString();
    return Stream.of(
        Arguments.of("empty text", "", "keystore JSON must be an object, got nothing"),
        Arguments.of("an array", "[]", "keystore JSON must be an object, got array"),
        Arguments.of("null", "null", "keystore JSON must be an object, got null"),
        Arguments.of("a number", "4", "keystore JSON must be an object, got number"),
        Arguments.of("cut short", valid.substring(0, valid.length() / 2), "not valid JSON"),
        Arguments.of("not JSON at all", "hello", "keystore is not valid JSON"),
        Arguments.of("trailing text", valid + " x", "keystore is not valid JSON"),
        Arguments.of(
            "duplicate field",
            valid.replace("\"version\":4", "\"version\":4,\"version\":4"),
            "Duplicate field 'version'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notKeystoreJson")
  void refusesWhatIsNotKeystoreJson(String what, String json, String expected) {
    assertRefused(json, expected);
  }

  private static void assertRefused(String json, String expectedInMessage) {
    KeystoreException e = assertThrows(KeystoreException.class, () -> Keystore.parse(json));

    assertTrue(
        e.getMessage().contains(expectedInMessage),
        () -> "expected a message containing <" + expectedInMessage + ">, got <" + e.getMessage()
            + ">");
  }

  /** A password file handed over as the keystore must not land in the log. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hunter2", "hunter2\n", "\"hunter2\"", "20240101", "[\"hunter2\"]"})
  void doesNotEchoTextThatIsNoKeystore(String json) {
    KeystoreException e = assertThrows(KeystoreException.class, () -> Keystore.parse(json));

    String secret = json.replaceAll("[^a-z0-9]", "");
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertFalse(t.getMessage().contains(secret), t.getMessage());
    }
  }

  @Test
  void keystoreErrorsAreIllegalArgumentExceptions() {
    assertThrows(IllegalArgumentException.class, () -> Keystore.parse("{}"));
  }

  @Test
  void descriptionAndPubkeyAreOptional() {
    ObjectNode json = scryptVector();
    json.remove("description");
    json.put("pubkey", "");

    Keystore keystore = Keystore.parse(json.toString());

    assertEquals(Optional.empty(), keystore.description());
    assertEquals(Optional.empty(), keystore.pubkey());
    assertFalse(keystore.toJson().contains("description"));
    assertFalse(keystore.toJson().contains("pubkey"));
    assertEquals(keystore, Keystore.parse(keystore.toJson()));
  }

  @Test
  void acceptsHexWithA0xPrefixAndWritesItBare() {
    ObjectNode json = scryptVector();
    String pubkey = json.get("pubkey").textValue();
    json.put("pubkey", "0x" + pubkey);

    Keystore keystore = Keystore.parse(json.toString());

    assertEquals(Optional.of(Bytes.fromHex(pubkey)), keystore.pubkey());
    assertTrue(keystore.toJson().contains("\"pubkey\": \"" + pubkey + "\""));
  }

  @Test
  void ignoresFieldsTheEipDoesNotDefine() {
    ObjectNode json = scryptVector();
    json.put("name", "validator 7");

    assertEquals(Keystore.parse(scryptVector().toString()), Keystore.parse(json.toString()));
  }

  @Test
  void readNamesTheFileWhenItIsMissing(@TempDir Path dir) {
    Path file = dir.resolve("keystore-m_12381_3600_0_0_0.json");

    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Keystore.read(file));

    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void readNamesTheFileWhenItIsNoKeystore(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("keystore.json");
    ObjectNode json = scryptVector();
    json.put("version", 3);
    Files.writeString(file, json.toString());

    KeystoreException e = assertThrows(KeystoreException.class, () -> Keystore.read(file));

    assertTrue(
        e.getMessage().startsWith(file + ": keystore version 3 is not supported"), e.getMessage());
  }

  @Test
  void theRecordRefusesAVersionOtherThan4() {
    Keystore keystore = Keystore.parse(scryptVector().toString());

    KeystoreException e =
        assertThrows(
            KeystoreException.class,
            () ->
                new Keystore(
                    keystore.crypto(), keystore.description(), keystore.pubkey(),
                    keystore.path(), keystore.uuid(), 3));

    assertEquals("keystore version must be 4 (EIP-2335), got 3", e.getMessage());
  }
}
