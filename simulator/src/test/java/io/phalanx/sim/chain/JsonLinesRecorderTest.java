package io.phalanx.sim.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.spec.bls.Bls;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.signing.DomainType;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.types.AggregateAndProof;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesRecorderTest {
  @TempDir Path dir;

  /** A run of slot 0 (validators 0 and 4 attest, 0 aggregates) and slot 1 (validator 1 attests), recorded. */
  Path recordARun(TestChain test) throws IOException {
    Path file = dir.resolve("run.jsonl");
    SimulatedChainConfig config = test.config();
    try (JsonLinesRecorder recorder = JsonLinesRecorder.create(file, RecordingHeader.of(config))) {
      assertEquals(1, Files.readAllLines(file).size(), "the header is there before any message");
      SimulatedChain chain = new SimulatedChain(config.withSink(recorder));
      test.at(0, 1);
      AttestationData slot0 = chain.attestationData(0, 0);
      SingleAttestation first = test.attestation(0, slot0);
      assertEquals(List.of(), chain.submitAttestations(List.of(first, test.attestation(4, slot0), first)));
      test.at(0, 2);
      Attestation aggregate = chain.aggregateAttestation(0, AttestationData.SSZ.hashTreeRoot(slot0), 0).orElseThrow();
      assertEquals(List.of(), chain.submitAggregateAndProofs(List.of(test.aggregateAndProof(0, aggregate))));
      test.at(1, 1);
      assertEquals(List.of(), chain.submitAttestations(List.of(test.attestation(1, chain.attestationData(1, 0)))));
      assertEquals(4, recorder.recorded());
    }
    return file;
  }

  @Test
  void everyRecordedSignatureReverifiesFromTheFileAlone() throws IOException {
    TestChain test = new TestChain(6, 4, Duration.ofMillis(500), 13);
    List<String> lines = Files.readAllLines(recordARun(test), StandardCharsets.UTF_8);
    assertEquals(5, lines.size(), "the header, three attestations (one sent twice), one aggregate");

    // Only the file and the spec from here on.
    ObjectMapper mapper = new ObjectMapper();
    JsonNode header = mapper.readTree(lines.get(0));
    assertEquals("header", header.get("type").asText());
    assertEquals("500", header.get("slot_duration_ms").asText());
    assertEquals("1", header.get("seconds_per_slot").asText());
    Bytes forkVersion = Bytes.fromHex(header.get("fork_version").asText());
    Bytes genesisValidatorsRoot = Bytes.fromHex(header.get("genesis_validators_root").asText());
    long slotsPerEpoch = header.get("slots_per_epoch").asLong();
    List<BlsPublicKey> validators = new ArrayList<>();
    header.get("validators").forEach(key -> validators.add(BlsPublicKey.fromBytes(Bytes.fromHex(key.asText()))));

    List<String> types = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      JsonNode json = mapper.readTree(line);
      types.add(json.get("type").asText());
      BlsPublicKey signer = BlsPublicKey.fromBytes(Bytes.fromHex(json.get("pubkey").asText()));
      if (json.get("type").asText().equals("attestation")) {
        SingleAttestation attestation = SingleAttestation.SSZ.fromJson(json.get("message"));
        assertEquals(validators.get(Math.toIntExact(attestation.attesterIndex())), signer);
        assertEquals(attestation.data().slot(), json.get("slot").asLong());
        assertTrue(BlsSignature.fromBytes(attestation.signature()).verify(signer,
            TestChain.attestationSigningRoot(attestation.data(), forkVersion, genesisValidatorsRoot)), line);
      } else {
        SignedAggregateAndProof signed = SignedAggregateAndProof.SSZ.fromJson(json.get("message"));
        AggregateAndProof message = signed.message();
        long slot = message.aggregate().data().slot();
        assertEquals(validators.get(Math.toIntExact(message.aggregatorIndex())), signer);
        assertTrue(BlsSignature.fromBytes(message.selectionProof()).verify(signer, SigningRoots.selectionProofSigningRoot(
            slot, TestChain.domain(DomainType.SELECTION_PROOF, forkVersion, genesisValidatorsRoot))));
        assertTrue(BlsSignature.fromBytes(signed.signature()).verify(signer, SigningRoots.computeSigningRoot(
            AggregateAndProof.SSZ, message,
            TestChain.domain(DomainType.AGGREGATE_AND_PROOF, forkVersion, genesisValidatorsRoot))));
        // The documented duty rule: committee position p of slot s is validator p * SLOTS_PER_EPOCH + s % SLOTS_PER_EPOCH.
        List<BlsPublicKey> attesters = message.aggregate().aggregationBits().setBits()
            .mapToObj(p -> validators.get(Math.toIntExact(p * slotsPerEpoch + slot % slotsPerEpoch))).toList();
        assertEquals(2, attesters.size());
        assertTrue(Bls.fastAggregateVerify(attesters,
            TestChain.attestationSigningRoot(message.aggregate().data(), forkVersion, genesisValidatorsRoot),
            BlsSignature.fromBytes(message.aggregate().signature())));
      }
    }
    assertEquals(List.of("attestation", "attestation", "aggregate_and_proof", "attestation"), types);
  }

  @Test
  void readingSkipsALineCutShortByACrash() throws IOException {
    TestChain test = new TestChain(6, 4, Duration.ofSeconds(1), 13);
    Path file = recordARun(test);
    JsonLinesRecorder.Recording whole = JsonLinesRecorder.read(file);
    assertEquals(RecordingHeader.of(test.config()), whole.header());
    assertEquals(4, whole.messages().size());
    assertEquals(0, test.recorded.size(), "the recorder, not the test's sink, took the messages");

    Files.writeString(file, "{\"type\":\"attestation\",\"slot\":\"2\",\"pub", StandardOpenOption.APPEND);
    assertEquals(whole, JsonLinesRecorder.read(file));
  }

  @Test
  void creatingAgainReplacesTheFileWithAFreshHeader() throws IOException {
    TestChain test = new TestChain(6, 4, Duration.ofSeconds(1), 13);
    Path file = recordARun(test);
    JsonLinesRecorder.create(file, RecordingHeader.of(test.config())).close();
    assertEquals(List.of(), JsonLinesRecorder.read(file).messages());
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no staging file is left behind");
    }
  }
}
