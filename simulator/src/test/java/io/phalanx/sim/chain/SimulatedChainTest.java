package io.phalanx.sim.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.Checkpoint;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Duty accounting and the refusal rules, with the clock moved by hand instead of waited for. */
class SimulatedChainTest {
  /** A chain of {@code test}'s validators, with the clock a third into slot 0, when attesters attest. */
  static SimulatedChain attestingInSlot0(TestChain test) {
    SimulatedChain chain = new SimulatedChain(test.config());
    test.at(0, 1);
    return chain;
  }

  static List<String> reasons(List<Refusal> refusals) {
    return refusals.stream().map(r -> r.reason().text()).toList();
  }

  @Test
  void lateMissingAndTooOldFollowTheClock() {
    TestChain test = new TestChain(4, 4, Duration.ofSeconds(1), 3);
    SimulatedChain chain = attestingInSlot0(test);
    assertEquals(List.of(), chain.submitAttestations(List.of(test.attestation(0, chain.attestationData(0, 0)))));
    test.at(2, 1);
    assertEquals(List.of(), chain.submitAttestations(List.of(
        test.attestation(1, chain.attestationData(1, 0)),
        test.attestation(2, chain.attestationData(2, 0)))));
    DutyTally attester = chain.summary(0).attester();
    assertEquals(3, attester.expected(), "slots 0 to 2 have started");
    assertEquals(2, attester.succeeded());
    assertEquals(Map.of("late", 1L), attester.failed());
    assertEquals(0, attester.pending());

    // Slot 3's deadline (slot 3 + one epoch) passes without validator 3 attesting.
    test.at(8, 0);
    attester = chain.summary(0).attester();
    assertEquals(4, attester.expected());
    assertEquals(2, attester.succeeded());
    assertEquals(Map.of("late", 1L, "missing", 1L), attester.failed());
    assertEquals(Map.of("missing", 4L), chain.summary(0).aggregator().failed(),
        "committees of one: every member had to aggregate");

    assertEquals(List.of("too old"),
        reasons(chain.submitAttestations(List.of(test.attestation(3, chain.attestationData(3, 0))))));
    attester = chain.summary(0).attester();
    assertEquals(Map.of("late", 1L, "missing", 1L), attester.failed(), "the duty stays missing");
    assertEquals(Map.of("too old", 1L), attester.refused());

    assertEquals(List.of(0L, 1L, 2L), List.copyOf(chain.epochSummaries().keySet()));
    Summary run = chain.summary();
    assertEquals(4 + 4 + 1, run.attester().expected(), "epoch 1 fully started, epoch 2 at its first slot");
    assertEquals(2, run.attester().succeeded());
    assertEquals(0, run.slashable());
  }

  @Test
  void dutiesAreCountedFromTheFirstEpochThatStartsOnceTheChainRuns() {
    TestChain test = new TestChain(1, 4, Duration.ofSeconds(1), 3);
    test.clock.set(TestChain.GENESIS.minusSeconds(10));
    assertEquals(0, new SimulatedChain(test.config()).firstCountedEpoch());
    test.at(8, 0);
    assertEquals(2, new SimulatedChain(test.config()).firstCountedEpoch());
    test.at(1, 1);
    SimulatedChain lateStart = new SimulatedChain(test.config());
    assertEquals(1, lateStart.firstCountedEpoch());
    test.at(9, 0);
    assertEquals(Summary.EMPTY, lateStart.summary(0));
    assertEquals(List.of(1L, 2L), List.copyOf(lateStart.epochSummaries().keySet()));
  }

  @Test
  void aVoteRefusedForWrongDataStillMakesALaterConflictingVoteSlashable() {
    TestChain test = new TestChain(1, 1, Duration.ofSeconds(1), 3);
    SimulatedChain chain = attestingInSlot0(test);
    AttestationData right = chain.attestationData(0, 0);
    AttestationData wrong = TestChain.withBlockRoot(right, "0x" + "22".repeat(32));
    assertEquals(List.of("wrong attestation data"), reasons(chain.submitAttestations(List.of(test.attestation(0, wrong)))));
    assertEquals(List.of("slashable"), reasons(chain.submitAttestations(List.of(test.attestation(0, right)))));
    assertEquals(1, chain.summary().slashable());
    assertEquals(Map.of("slashable", 1L), chain.summary(0).attester().failed());
  }

  @Test
  void refusalsNameTheirReasons() {
    TestChain test = new TestChain(2, 2, Duration.ofSeconds(1), 3);
    SimulatedChain chain = attestingInSlot0(test);
    AttestationData slot0 = chain.attestationData(0, 0);
    // Epoch 3's vote: a later target than slot 0's, so not slashable next to it.
    Bytes root = slot0.beaconBlockRoot();
    AttestationData future = new AttestationData(6, 0, root, new Checkpoint(2, root), new Checkpoint(3, root));
    List<Refusal> refusals = chain.submitAttestations(List.of(
        new SingleAttestation(0, 7, slot0, test.attestation(0, slot0).signature()),
        test.attestation(1, slot0),
        new SingleAttestation(1, 0, slot0, test.attestation(0, slot0).signature()),
        test.attestation(0, future),
        new SingleAttestation(0, 0, slot0, Bytes.zero(96))));
    assertEquals(List.of("unknown validator", "not in committee", "not in committee", "future slot",
        "invalid signature"), reasons(refusals));
    assertEquals(List.of(0, 1, 2, 3, 4), refusals.stream().map(Refusal::index).toList());
    assertTrue(refusals.get(0).detail().startsWith("unknown validator"));
  }

  /** is_aggregator, written out here rather than taken from the chain. */
  static boolean selects(Bytes selectionProof, int committeeLength) {
    long head = ByteBuffer.wrap(Sha256.hash(selectionProof.toArray()), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return Long.remainderUnsigned(head, Math.max(1, committeeLength / 16)) == 0;
  }

  @Test
  void inLargeCommitteesOnlyAggregatorsSelectedByTheirProofAreExpected() {
    int validators = 40;
    TestChain test = new TestChain(validators, 1, Duration.ofSeconds(1), 5);
    SimulatedChain chain = attestingInSlot0(test);
    AttestationData data = chain.attestationData(0, 0);
    List<SingleAttestation> attestations = new ArrayList<>();
    for (long v = 0; v < validators; v++) {
      attestations.add(test.attestation(v, data));
    }
    assertEquals(List.of(), chain.submitAttestations(attestations));
    Attestation aggregate = chain.aggregateAttestation(0, AttestationData.SSZ.hashTreeRoot(data), 0).orElseThrow();

    List<Long> selected = new ArrayList<>();
    List<Long> unselected = new ArrayList<>();
    for (long v = 0; v < validators; v++) {
      (selects(test.selectionProof(v, 0), validators) ? selected : unselected).add(v);
    }
    assertTrue(!selected.isEmpty() && !unselected.isEmpty(), "the seed gives both kinds");

    test.at(0, 2);
    assertEquals(List.of(), chain.submitAggregateAndProofs(List.of(test.aggregateAndProof(selected.get(0), aggregate))));
    assertEquals(List.of("not an aggregator"),
        reasons(chain.submitAggregateAndProofs(List.of(test.aggregateAndProof(unselected.get(0), aggregate)))));
    DutyTally aggregator = chain.summary(0).aggregator();
    assertEquals(1, aggregator.expected(), "only a proof that selects makes a duty");
    assertEquals(1, aggregator.succeeded());
    assertEquals(Map.of(), aggregator.failed());
    assertEquals(Map.of("not an aggregator", 1L), aggregator.refused());

    test.at(3, 0);
    assertEquals(Map.of(), chain.summary(0).aggregator().failed(), "unknown aggregators cannot go missing");
  }

  @Test
  void aFailingSinkDoesNotUndoAnAcceptedAttestation() {
    TestChain test = new TestChain(1, 1, Duration.ofSeconds(1), 3);
    SimulatedChain chain = new SimulatedChain(test.config().withSink(message -> {
      throw new IllegalStateException("disk full");
    }));
    test.at(0, 1);
    assertEquals(List.of(), chain.submitAttestations(List.of(test.attestation(0, chain.attestationData(0, 0)))));
    assertEquals(1, chain.summary().attester().succeeded());
  }

  @Test
  void summariesAreWrittenAsJsonAsTheyStand() {
    TestChain test = new TestChain(2, 2, Duration.ofSeconds(1), 3);
    SimulatedChain chain = attestingInSlot0(test);
    AttestationData slot0 = chain.attestationData(0, 0);
    chain.submitAttestations(List.of(test.attestation(0, slot0), test.attestation(1, slot0)));
    JsonNode json = Json.MAPPER.valueToTree(chain.summary());
    assertEquals(1, json.at("/attester/expected").asLong());
    assertEquals(1, json.at("/attester/succeeded").asLong());
    assertEquals(1, json.at("/attester/refused/not in committee").asLong(), json::toString);
    assertEquals(Summary.EMPTY, Json.MAPPER.convertValue(Json.MAPPER.valueToTree(Summary.EMPTY), Summary.class));
  }
}
