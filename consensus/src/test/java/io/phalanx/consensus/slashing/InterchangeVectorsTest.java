package io.phalanx.consensus.slashing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.spec.testing.SharedVectors;
import io.phalanx.spec.util.Bytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the official EIP-3076 interchange tests, run step by step (import, then each block
 * and attestation signing) against a fresh {@link SlashingHistory}, once with the minimal strategy
 * ({@code should_succeed}) and once with the complete one ({@code should_succeed_complete}). Each
 * step's interchange also goes through a write and a read again, and the history through its SSZ
 * form, so the vectors check the codecs too.
 */
class InterchangeVectorsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Stream<Named<Path>> cases() throws IOException {
    Path dir = SharedVectors.resolve("slashing-protection-interchange-tests/tests/generated");
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no interchange test cases in " + dir);
    return files.stream().map(p -> Named.of(p.getFileName().toString(), p));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void minimal(Path file) throws IOException {
    run(file, SlashingHistory.Strategy.MINIMAL, "should_succeed");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void complete(Path file) throws IOException {
    run(file, SlashingHistory.Strategy.COMPLETE, "should_succeed_complete");
  }

  private static void run(Path file, SlashingHistory.Strategy strategy, String expectation) throws IOException {
    JsonNode test = MAPPER.readTree(file.toFile());
    Bytes gvr = Bytes.fromHex(test.get("genesis_validators_root").asText());
    SlashingHistory history = new SlashingHistory(strategy, SlashingHistory.KEEP_ALL, SlashingHistory.KEEP_ALL);
    int stepIndex = 0;
    for (JsonNode step : test.get("steps")) {
      String where = file.getFileName() + " step " + stepIndex++;
      Interchange interchange = InterchangeJson.read(new ByteArrayInputStream(MAPPER.writeValueAsBytes(step.get("interchange"))));
      if (step.get("should_succeed").asBoolean()) {
        interchange.requireGenesisValidatorsRoot(gvr, "the test chain");
        history.importInterchange(roundTrip(interchange));
      } else {
        assertThrows(IllegalArgumentException.class, () -> interchange.requireGenesisValidatorsRoot(gvr, "the test chain"),
            where + ": the import must fail");
      }
      // Through the snapshot encoding and back, as a node restarting from a snapshot would see it.
      history = SlashingHistory.fromSsz(history.toSsz(), strategy, SlashingHistory.KEEP_ALL, SlashingHistory.KEEP_ALL);
      int i = 0;
      for (JsonNode b : step.get("blocks")) {
        Verdict v = history.signBlock(Bytes.fromHex(b.get("pubkey").asText()), Long.parseLong(b.get("slot").asText()),
            root(b));
        assertEquals(b.get(expectation).asBoolean(), v.allowed(), where + " block " + i++ + " " + b + ": " + v);
      }
      i = 0;
      for (JsonNode a : step.get("attestations")) {
        Verdict v = history.signAttestation(Bytes.fromHex(a.get("pubkey").asText()),
            Long.parseLong(a.get("source_epoch").asText()), Long.parseLong(a.get("target_epoch").asText()), root(a));
        assertEquals(a.get(expectation).asBoolean(), v.allowed(), where + " attestation " + i++ + " " + a + ": " + v);
      }
    }
    // What the history exports reads back as a valid interchange of the same chain.
    Interchange exported = roundTrip(history.toInterchange(gvr));
    assertEquals(gvr, exported.genesisValidatorsRoot());
    assertEquals(history.pubkeys(), exported.data().stream().map(Interchange.ValidatorData::pubkey)
        .collect(Collectors.toSet()), "every validator with a history is exported");
  }

  private static Interchange roundTrip(Interchange interchange) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InterchangeJson.write(interchange, out);
    Interchange again = InterchangeJson.read(new ByteArrayInputStream(out.toByteArray()));
    assertEquals(interchange, again, "the interchange reads back as written");
    return again;
  }

  private static Bytes root(JsonNode message) {
    JsonNode root = message.get("signing_root");
    return root == null ? Bytes.zero(32) : Bytes.fromHex(root.asText());
  }
}
