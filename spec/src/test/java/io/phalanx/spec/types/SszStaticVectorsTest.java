package io.phalanx.spec.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.phalanx.spec.ssz.SszType;
import io.phalanx.spec.testing.SharedVectors;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Hex;
import io.phalanx.spec.util.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedInputStream;

/**
 * Every ssz_static case of the official consensus-spec-tests (mainnet, electra and fulu): decode,
 * JSON, re-encode, hash tree root and JSON decode must all agree with the vectors. A type folder
 * without a schema here, or without cases, fails the run rather than shrinking it.
 */
class SszStaticVectorsTest {
  private static final String ROOT = "consensus-spec-tests-ssz_static/tests/mainnet/";
  private static final String MANIFEST = "consensus-spec-tests-ssz_static/SHA256_MANIFEST.json";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final byte[] FRAME_STREAM_ID = Hex.decode("0xff060000734e61507059");
  private static JsonNode manifest;

  /** The schema the vectors of {@code fork} mean by each type name. */
  private static Map<String, SszType<?>> schemas(ConsensusVersion fork) {
    return Map.ofEntries(
        Map.entry("AggregateAndProof", AggregateAndProof.SSZ),
        Map.entry("Attestation", Attestation.SSZ),
        Map.entry("AttestationData", AttestationData.SSZ),
        Map.entry("AttesterSlashing", AttesterSlashing.SSZ),
        Map.entry("BeaconBlock", fork.beaconBlockSchema()),
        Map.entry("BeaconBlockBody", fork.beaconBlockBodySchema()),
        Map.entry("BeaconBlockHeader", BeaconBlockHeader.SSZ),
        Map.entry("BLSToExecutionChange", BLSToExecutionChange.SSZ),
        Map.entry("Checkpoint", Checkpoint.SSZ),
        Map.entry("ConsolidationRequest", ConsolidationRequest.SSZ),
        Map.entry("ContributionAndProof", ContributionAndProof.SSZ),
        Map.entry("Deposit", Deposit.SSZ),
        Map.entry("DepositData", DepositData.SSZ),
        Map.entry("DepositMessage", DepositMessage.SSZ),
        Map.entry("DepositRequest", DepositRequest.SSZ),
        Map.entry("Eth1Data", Eth1Data.SSZ),
        Map.entry("ExecutionPayload", ExecutionPayload.SSZ),
        Map.entry("ExecutionRequests", ExecutionRequests.SSZ),
        Map.entry("Fork", Fork.SSZ),
        Map.entry("ForkData", ForkData.SSZ),
        Map.entry("IndexedAttestation", IndexedAttestation.SSZ),
        Map.entry("ProposerSlashing", ProposerSlashing.SSZ),
        Map.entry("SignedAggregateAndProof", SignedAggregateAndProof.SSZ),
        Map.entry("SignedBeaconBlock", fork.signedBeaconBlockSchema()),
        Map.entry("SignedBeaconBlockHeader", SignedBeaconBlockHeader.SSZ),
        Map.entry("SignedBLSToExecutionChange", SignedBLSToExecutionChange.SSZ),
        Map.entry("SignedContributionAndProof", SignedContributionAndProof.SSZ),
        Map.entry("SignedVoluntaryExit", SignedVoluntaryExit.SSZ),
        Map.entry("SigningData", SigningData.SSZ),
        Map.entry("SyncAggregate", SyncAggregate.SSZ),
        Map.entry("SyncAggregatorSelectionData", SyncAggregatorSelectionData.SSZ),
        Map.entry("SyncCommitteeContribution", SyncCommitteeContribution.SSZ),
        Map.entry("SyncCommitteeMessage", SyncCommitteeMessage.SSZ),
        Map.entry("VoluntaryExit", VoluntaryExit.SSZ),
        Map.entry("Withdrawal", Withdrawal.SSZ),
        Map.entry("WithdrawalRequest", WithdrawalRequest.SSZ));
  }

  record Case(String name, SszType<?> type, Path dir) {}

  static Stream<Named<Case>> cases() throws IOException {
    List<Named<Case>> cases = new ArrayList<>();
    for (ConsensusVersion fork : ConsensusVersion.values()) {
      cases.addAll(discover(fork, SharedVectors.resolve(ROOT + fork.apiName() + "/ssz_static")));
    }
    return cases.stream();
  }

  /** The cases below {@code forkDir}; a type without a schema or without cases is an error. */
  static List<Named<Case>> discover(ConsensusVersion fork, Path forkDir) throws IOException {
    List<Named<Case>> cases = new ArrayList<>();
    Map<String, SszType<?>> schemas = schemas(fork);
    List<Path> typeDirs = list(forkDir);
    if (typeDirs.isEmpty()) {
      throw new IllegalStateException("no types in " + forkDir);
    }
    for (Path typeDir : typeDirs) {
      String typeName = typeDir.getFileName().toString();
      SszType<?> type = schemas.get(typeName);
      if (type == null) {
        throw new IllegalStateException("no schema for vector type " + typeDir);
      }
      Path random = typeDir.resolve("ssz_random");
      List<Path> caseDirs = Files.isDirectory(random) ? list(random) : List.of();
      if (caseDirs.isEmpty()) {
        throw new IllegalStateException("no cases in " + random);
      }
      for (Path caseDir : caseDirs) {
        String name = fork.apiName() + "/" + typeName + "/" + caseDir.getFileName();
        cases.add(Named.of(name, new Case(name, type, caseDir)));
      }
    }
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTheVector(Case c) throws IOException {
    check(c.name(), c.type(), c.dir());
  }

  private static <T> void check(String name, SszType<T> type, Path dir) throws IOException {
    byte[] ssz = decompress(Files.readAllBytes(dir.resolve("serialized.ssz_snappy")));
    assertEquals(
        expectedSszSha256(dir), Bytes.of(Sha256.hash(ssz)), name + ": decompressed SSZ");
    JsonNode yaml = YAML.readTree(dir.resolve("value.yaml").toFile());
    Bytes root =
        Bytes.fromHex(YAML.readTree(dir.resolve("roots.yaml").toFile()).get("root").textValue());

    T value = type.deserialize(ssz);
    assertEquals(numbersAsStrings(yaml), type.toJson(value), name + ": JSON");
    assertArrayEquals(ssz, type.serialize(value), name + ": re-encoding");
    assertEquals(root, type.hashTreeRoot(value), name + ": hash tree root");
    assertEquals(value, type.fromJson(yaml), name + ": value read from value.yaml");
  }

  /**
   * SOURCE.txt calls the files snappy-framed, but these copies, like the official ones, are raw
   * snappy blocks (they start with the uncompressed length, not the frame stream identifier).
   * Both are read, the format told by the identifier, and the result pinned by the manifest.
   */
  static byte[] decompress(byte[] compressed) throws IOException {
    int idLength = FRAME_STREAM_ID.length;
    if (Arrays.equals(compressed, 0, idLength, FRAME_STREAM_ID, 0, idLength)) {
      try (InputStream in = new SnappyFramedInputStream(new ByteArrayInputStream(compressed))) {
        return in.readAllBytes();
      }
    }
    return Snappy.uncompress(compressed);
  }

  /** The manifest's sha256 of the uncompressed SSZ, keyed by the case's path below the root. */
  private static Bytes expectedSszSha256(Path caseDir) throws IOException {
    if (manifest == null) {
      manifest = new ObjectMapper().readTree(SharedVectors.resolve(MANIFEST).toFile());
    }
    Path vectors = SharedVectors.resolve(MANIFEST).getParent();
    String key = vectors.relativize(caseDir).toString().replace('\\', '/');
    JsonNode entry = manifest.path(key).path("serialized.ssz(uncompressed)").path(0);
    if (!entry.isTextual()) {
      throw new IllegalStateException("no manifest entry for " + key);
    }
    return Bytes.fromHex(entry.textValue());
  }

  /** YAML writes uints as numbers; the beacon API, and so toJson, as decimal strings. */
  private static JsonNode numbersAsStrings(JsonNode node) {
    if (node.isNumber()) {
      return TextNode.valueOf(node.bigIntegerValue().toString());
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(e -> out.add(numbersAsStrings(e)));
      return out;
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      node.properties().forEach(e -> out.set(e.getKey(), numbersAsStrings(e.getValue())));
      return out;
    }
    return node;
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      return children.filter(Files::isDirectory).sorted().toList();
    }
  }

  @Test
  void aTypeFolderWithoutCasesFailsTheRun(@TempDir Path forkDir) throws IOException {
    Files.createDirectories(forkDir.resolve("Checkpoint/ssz_random/case_0"));
    Files.createDirectories(forkDir.resolve("Fork/ssz_random"));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> discover(ConsensusVersion.FULU, forkDir));
    assertTrue(e.getMessage().contains("no cases"), e.getMessage());
  }

  @Test
  void anUnknownTypeFailsTheRun(@TempDir Path forkDir) throws IOException {
    Files.createDirectories(forkDir.resolve("BlindedBeaconBlock/ssz_random/case_0"));
    assertThrows(IllegalStateException.class, () -> discover(ConsensusVersion.FULU, forkDir));
  }

  @Test
  void bothForksHaveVectorsForEveryBlockType() throws IOException {
    for (ConsensusVersion fork : ConsensusVersion.values()) {
      Path forkDir = SharedVectors.resolve(ROOT + fork.apiName() + "/ssz_static");
      for (String type : List.of("BeaconBlock", "BeaconBlockBody", "SignedBeaconBlock")) {
        assertTrue(Files.isDirectory(forkDir.resolve(type)), forkDir.resolve(type).toString());
      }
    }
  }
}
