package io.phalanx.spec.bls;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.spec.testing.SharedVectors;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Hex;
import io.phalanx.spec.util.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every file of the Eth2 BLS vectors (ethereum/bls12-381-tests v0.1.2, see
 * shared/vectors/bls12-381-tests/SOURCE.txt). Inputs the spec calls invalid must be refused: for
 * the boolean handlers a refused input counts as "false", and the null outputs of sign and
 * aggregate must raise IllegalArgumentException.
 */
class BlsVectorsTest {
  private static final String FOLDER = "bls12-381-tests/json";

  private static final List<String> CATEGORIES =
      List.of(
          "aggregate",
          "aggregate_verify",
          "batch_verify",
          "deserialization_G1",
          "deserialization_G2",
          "fast_aggregate_verify",
          "hash_to_G2",
          "sign",
          "verify");

  /**
   * The hash_to_G2 files carry no DST; they are RFC 9380's suite BLS12381G2_XMD:SHA-256_SSWU_RO_
   * vectors (appendix J.10.1), hashed under the RFC's test tag, not the signing tag.
   */
  private static final String RFC9380_TEST_DST =
      "QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Names the case in the test report as folder/file. */
  record VectorFile(String category, Path path) {
    @Override
    public String toString() {
      return category + "/" + path.getFileName();
    }
  }

  /** Every file of every category; a missing folder, an unknown one or an empty one is an error. */
  static List<VectorFile> vectorFiles() throws IOException {
    return vectorFilesIn(SharedVectors.resolve(FOLDER));
  }

  static List<VectorFile> vectorFilesIn(Path root) throws IOException {
    List<String> folders;
    try (Stream<Path> list = Files.list(root)) {
      folders = list.map(p -> p.getFileName().toString()).sorted().toList();
    }
    if (!folders.equals(CATEGORIES)) {
      throw new IllegalStateException(
          "expected exactly the categories " + CATEGORIES + " in " + root + ", found " + folders);
    }
    List<VectorFile> files = new ArrayList<>();
    for (String category : CATEGORIES) {
      List<Path> inCategory;
      try (Stream<Path> list = Files.list(root.resolve(category))) {
        inCategory = list.sorted().toList();
      }
      if (inCategory.isEmpty()) {
        throw new IllegalStateException("no vector files in " + root.resolve(category));
      }
      inCategory.forEach(p -> files.add(new VectorFile(category, p)));
    }
    return files;
  }

  /** Guards against a partial copy of the vectors: exactly the published files, unmodified. */
  @Test
  void vectorFolderHoldsExactlyThePublishedFiles() throws IOException {
    Path sums = SharedVectors.resolve("bls12-381-tests/SHA256SUMS.json-files.txt");
    Map<String, String> expected = new TreeMap<>();
    for (String line : Files.readAllLines(sums)) {
      if (!line.isBlank()) {
        String[] parts = line.trim().split("\\s+", 2);
        expected.put(parts[1].replaceFirst("^\\./", ""), parts[0]);
      }
    }
    Map<String, String> actual = new TreeMap<>();
    for (VectorFile file : vectorFiles()) {
      actual.put(file.toString(), Hex.encodeBare(Sha256.hash(Files.readAllBytes(file.path()))));
    }
    assertEquals(expected, actual);
    assertEquals(98, actual.size());
  }

  /**
   * The display name is the file; Surefire's reports show only the invocation number, so the
   * failure message leads with the file as well.
   */
  @Test
  void aCategoryWithoutFilesIsAnErrorNotASkip(@TempDir Path root) throws IOException {
    for (String category : CATEGORIES) {
      Files.createDirectories(root.resolve(category));
      if (!category.equals("verify")) {
        Files.writeString(root.resolve(category).resolve("case.json"), "{}");
      }
    }
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> vectorFilesIn(root));
    assertTrue(e.getMessage().contains("verify"), e.getMessage());
  }

  @Test
  void aMissingCategoryIsAnError(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("sign"));
    Files.writeString(root.resolve("sign").resolve("case.json"), "{}");
    assertThrows(IllegalStateException.class, () -> vectorFilesIn(root));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectorFiles")
  void vector(VectorFile file) {
    assertAll(file.toString(), () -> run(file));
  }

  private static void run(VectorFile file) throws IOException {
    JsonNode root = JSON.readTree(file.path().toFile());
    JsonNode input = root.required("input");
    JsonNode output = root.required("output");
    switch (file.category()) {
      case "sign" -> sign(input, output);
      case "verify" -> verify(input, output);
      case "aggregate" -> aggregate(input, output);
      case "fast_aggregate_verify" -> fastAggregateVerify(input, output);
      case "aggregate_verify" -> aggregateVerify(input, output);
      case "batch_verify" -> batchVerify(input, output);
      case "deserialization_G1" -> deserializationG1(input, output);
      case "deserialization_G2" -> deserializationG2(input, output);
      case "hash_to_G2" -> hashToG2(input, output);
      default -> fail("no handler for category " + file.category());
    }
  }

  private static void sign(JsonNode input, JsonNode output) {
    Bytes privkey = bytes(input.required("privkey"));
    Bytes message = bytes(input.required("message"));
    if (output.isNull()) {
      assertThrows(
          IllegalArgumentException.class, () -> BlsSecretKey.fromBytes(privkey).sign(message));
      return;
    }
    BlsSecretKey key = BlsSecretKey.fromBytes(privkey);
    BlsSignature signature = key.sign(message);
    assertEquals(bytes(output), signature.toBytes());
    assertTrue(signature.verify(key.publicKey(), message));
  }

  private static void verify(JsonNode input, JsonNode output) {
    assertVerdict(
        output,
        () ->
            signature(input.required("signature"))
                .verify(publicKey(input.required("pubkey")), bytes(input.required("message"))));
  }

  private static void aggregate(JsonNode input, JsonNode output) {
    if (output.isNull()) {
      assertThrows(
          IllegalArgumentException.class,
          () -> Bls.aggregate(list(input, BlsVectorsTest::signature)));
      return;
    }
    assertEquals(bytes(output), Bls.aggregate(list(input, BlsVectorsTest::signature)).toBytes());
  }

  private static void fastAggregateVerify(JsonNode input, JsonNode output) {
    assertVerdict(
        output,
        () ->
            Bls.fastAggregateVerify(
                publicKeys(input), bytes(input.required("message")), signature(input)));
  }

  private static void aggregateVerify(JsonNode input, JsonNode output) {
    assertVerdict(
        output, () -> Bls.aggregateVerify(publicKeys(input), messages(input), signature(input)));
  }

  private static void batchVerify(JsonNode input, JsonNode output) {
    assertVerdict(
        output,
        () -> {
          List<BlsPublicKey> keys = publicKeys(input);
          List<Bytes> messages = messages(input);
          List<BlsSignature> signatures =
              list(input.required("signatures"), BlsVectorsTest::signature);
          List<SignatureCheck> checks = new ArrayList<>();
          for (int i = 0; i < keys.size(); i++) {
            checks.add(new SignatureCheck(keys.get(i), messages.get(i), signatures.get(i)));
          }
          return Bls.batchVerify(checks);
        });
  }

  /**
   * The vectors ask whether the bytes decode to a point of G1, and say yes for the point at
   * infinity. A public key must also pass KeyValidate, which refuses infinity, so the public-key
   * parser is held to "decodes and is not infinity".
   */
  private static void deserializationG1(JsonNode input, JsonNode output) {
    Bytes encoded = bytes(input.required("pubkey"));
    boolean decodes = validOrRefused(() -> Bls12381.decodeG1(encoded, "point") != null);
    assertEquals(output.booleanValue(), decodes);
    boolean infinity = decodes && Bls12381.decodeG1(encoded, "point").is_inf();
    if (output.booleanValue() && !infinity) {
      assertEquals(encoded, BlsPublicKey.fromBytes(encoded).toBytes());
    } else {
      IllegalArgumentException refused =
          assertThrows(IllegalArgumentException.class, () -> BlsPublicKey.fromBytes(encoded));
      assertTrue(refused.getMessage().startsWith("public key"), refused.getMessage());
      if (infinity) {
        assertTrue(refused.getMessage().contains("infinity"), refused.getMessage());
      }
    }
  }

  private static void deserializationG2(JsonNode input, JsonNode output) {
    Bytes encoded = bytes(input.required("signature"));
    if (output.booleanValue()) {
      assertEquals(encoded, BlsSignature.fromBytes(encoded).toBytes());
    } else {
      IllegalArgumentException refused =
          assertThrows(IllegalArgumentException.class, () -> BlsSignature.fromBytes(encoded));
      assertTrue(refused.getMessage().startsWith("signature"), refused.getMessage());
    }
  }

  /**
   * Hashes with the same routine signing uses, under the RFC's tag. Coordinates come as "c0,c1"
   * (real part first); the uncompressed encoding puts c1 first.
   */
  private static void hashToG2(JsonNode input, JsonNode output) {
    Bytes message =
        Bytes.of(input.required("msg").textValue().getBytes(StandardCharsets.US_ASCII));
    byte[] uncompressed = Bls12381.hashToG2(message, RFC9380_TEST_DST).serialize();
    Bytes expected =
        fp2(output.required("x").textValue()).concat(fp2(output.required("y").textValue()));
    assertEquals(expected, Bytes.of(uncompressed));
  }

  private static Bytes fp2(String c0CommaC1) {
    String[] parts = c0CommaC1.split(",");
    assertEquals(2, parts.length, c0CommaC1);
    return Bytes.fromHex(parts[1], 48, "c1").concat(Bytes.fromHex(parts[0], 48, "c0"));
  }

  /** A refused input is the spec's INVALID. */
  private static void assertVerdict(JsonNode output, BooleanSupplier check) {
    assertTrue(output.isBoolean(), "expected a boolean output, got " + output);
    assertEquals(output.booleanValue(), validOrRefused(check));
  }

  private static boolean validOrRefused(BooleanSupplier check) {
    try {
      return check.getAsBoolean();
    } catch (IllegalArgumentException refused) {
      return false;
    }
  }

  private static <T> List<T> list(JsonNode array, Function<JsonNode, T> element) {
    assertTrue(array.isArray(), "expected a JSON array, got " + array);
    List<T> out = new ArrayList<>();
    array.forEach(node -> out.add(element.apply(node)));
    return out;
  }

  private static Bytes bytes(JsonNode hex) {
    assertTrue(hex.isTextual(), "expected a hex string, got " + hex);
    return Bytes.fromHex(hex.textValue());
  }

  private static BlsPublicKey publicKey(JsonNode hex) {
    return BlsPublicKey.fromBytes(bytes(hex));
  }

  private static List<BlsPublicKey> publicKeys(JsonNode input) {
    return list(input.required("pubkeys"), BlsVectorsTest::publicKey);
  }

  private static List<Bytes> messages(JsonNode input) {
    return list(input.required("messages"), BlsVectorsTest::bytes);
  }

  /** The input's "signature" field, or the node itself when it is the hex string. */
  private static BlsSignature signature(JsonNode hexOrInput) {
    JsonNode hex = hexOrInput.isObject() ? hexOrInput.required("signature") : hexOrInput;
    return BlsSignature.fromBytes(bytes(hex));
  }
}
