package io.phalanx.duties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.api.BeaconNodeUnavailableException;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.util.Bytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DutyTrackerTest {
  private static final Bytes A = Bytes.fromHex("0x" + "aa".repeat(48));
  private static final Bytes B = Bytes.fromHex("0x" + "bb".repeat(48));
  private static final Bytes C = Bytes.fromHex("0x" + "cc".repeat(48));
  private static final Bytes D = Bytes.fromHex("0x" + "dd".repeat(48));
  private static final DutyKey ATT = new DutyKey(10, DutyType.ATTESTER);
  private static final DutyKey SEL = new DutyKey(10, DutyType.SELECTION_PROOF);
  private static final DutyKey AGG = new DutyKey(10, DutyType.AGGREGATOR);

  /** Counts what listeners hear, as the metrics do. */
  private static final class Counting implements DutyListener {
    final Map<String, Integer> counts = new TreeMap<>();

    @Override
    public void expected(DutyType type) {
      counts.merge("expected " + type, 1, Integer::sum);
    }

    @Override
    public void succeeded(DutyType type) {
      counts.merge("succeeded " + type, 1, Integer::sum);
    }

    @Override
    public void failed(DutyType type, FailureReason reason) {
      counts.merge("failed " + type + " " + reason.label(), 1, Integer::sum);
    }
  }

  @Test
  void eachFailedDutyIsNamedByTheFirstStepThatDidNotHappen() {
    DutyTracker tracker = new DutyTracker();
    Counting counting = new Counting();
    tracker.addListener(counting);
    // committee of 200: an aggregator only if its proof says so; the attestations are what counts here
    for (Bytes v : List.of(A, B, C, D)) {
      tracker.expectAttester(10, v, v.toArray()[0] & 0xff, 200);
    }
    tracker.decided(ATT);
    // A: whole way through. B: the VC never signed. C: signed, but no peer partials. D: published, refused.
    tracker.vcSubmitted(ATT, List.of(A, C, D));
    tracker.aggregated(ATT, A, Bytes.of(new byte[8]));
    tracker.aggregated(ATT, D, Bytes.of(new byte[8]));
    tracker.broadcast(ATT, List.of(A), Duration.ofMillis(3), null);
    tracker.broadcast(ATT, List.of(D), Duration.ofMillis(3), "503 beacon node syncing");

    List<DutyTracker.FailedDuty> failed = new ArrayList<>(tracker.settle(10));
    failed.removeIf(f -> f.key().type() != DutyType.ATTESTER);
    assertEquals(List.of(FailureReason.VC_DID_NOT_SIGN, FailureReason.TOO_FEW_PARTIALS, FailureReason.BROADCAST),
        failed.stream().map(DutyTracker.FailedDuty::reason).toList());
    assertEquals(List.of(B.toHex(), C.toHex(), D.toHex()), failed.stream().map(DutyTracker.FailedDuty::validator).toList());
    assertEquals("503 beacon node syncing", failed.get(2).detail());
    assertEquals(4, counting.counts.get("expected ATTESTER"));
    assertEquals(1, counting.counts.get("succeeded ATTESTER"));
    assertEquals(1, counting.counts.get("failed ATTESTER vc_did_not_sign"));
    assertEquals(0, tracker.pending(), "settling forgets the slot");
  }

  @Test
  void undecidedDutiesFailAtFetchWhenTheBeaconNodeFailedElseAtConsensus() {
    DutyTracker tracker = new DutyTracker();
    tracker.expectAttester(10, A, 1, 200);
    tracker.expectAttester(11, A, 1, 200);
    tracker.failed(ATT, DutyTracker.Step.FETCH, null, "beacon node unreachable");
    tracker.failed(new DutyKey(11, DutyType.ATTESTER), DutyTracker.Step.CONSENSUS, null, "no leader for 900 ms");
    List<DutyTracker.FailedDuty> failed = tracker.settle(11).stream()
        .filter(f -> f.key().type() == DutyType.ATTESTER).toList();
    assertEquals(List.of(FailureReason.FETCH, FailureReason.CONSENSUS),
        failed.stream().map(DutyTracker.FailedDuty::reason).toList());
    assertEquals("no leader for 900 ms", failed.get(1).detail());
  }

  /**
   * A cluster validator's proposal is expected from its proposer duty: published, it succeeded;
   * else it failed because the client never asked for the block (no RANDAO reveal), because the
   * block was not agreed on, or because too few partial signatures over the decided block arrived.
   */
  @Test
  void expectedProposalsSucceedWhenPublishedAndOtherwiseFailWithTheirReason() {
    DutyTracker tracker = new DutyTracker();
    Counting counting = new Counting();
    tracker.addListener(counting);
    for (long slot = 20; slot <= 23; slot++) {
      tracker.expectProposer(slot, A, 7);
    }
    DutyKey published = new DutyKey(20, DutyType.PROPOSER);
    tracker.vcSubmitted(new DutyKey(20, DutyType.RANDAO), List.of(A));
    tracker.decided(published);
    tracker.vcSubmitted(published, List.of(A));
    tracker.broadcast(published, List.of(A), Duration.ofMillis(5), null);
    // Slot 21: the client never asked. Slot 22: it sent its reveal, no block was agreed on.
    tracker.vcSubmitted(new DutyKey(22, DutyType.RANDAO), List.of(A));
    // Slot 23: the block was agreed on and signed by this node's client, too few peers signed.
    DutyKey signed = new DutyKey(23, DutyType.PROPOSER);
    tracker.vcSubmitted(new DutyKey(23, DutyType.RANDAO), List.of(A));
    tracker.decided(signed);
    tracker.vcSubmitted(signed, List.of(A));

    List<DutyTracker.FailedDuty> failed = tracker.settle(23);
    assertEquals(List.of(21L, 22L, 23L), failed.stream().map(f -> f.key().slot()).toList());
    assertEquals(List.of(FailureReason.VC_DID_NOT_SIGN, FailureReason.CONSENSUS, FailureReason.TOO_FEW_PARTIALS),
        failed.stream().map(DutyTracker.FailedDuty::reason).toList());
    assertTrue(failed.get(0).detail().contains("did not ask for the block"), failed.get(0).detail());
    assertEquals(4, counting.counts.get("expected PROPOSER"));
    assertEquals(1, counting.counts.get("succeeded PROPOSER"));
  }

  @Test
  void aCombinedSelectionProofThatMakesAnAggregatorExpectsItsAggregation() {
    DutyTracker tracker = new DutyTracker();
    Counting counting = new Counting();
    tracker.addListener(counting);
    // A committee of at most 16 makes every member an aggregator.
    tracker.expectAttester(10, A, 1, 16);
    Bytes proof = Bytes.of(BeaconCommitteeSelection.SSZ.serialize(
        new BeaconCommitteeSelection(1, 10, Bytes.fromHex("0x" + "11".repeat(96)))));
    tracker.vcSubmitted(SEL, List.of(A));
    tracker.aggregated(SEL, A, proof);
    assertEquals(1, counting.counts.get("expected AGGREGATOR"));
    assertEquals(1, counting.counts.get("succeeded SELECTION_PROOF"));
    tracker.decided(AGG);
    tracker.decided(ATT);
    tracker.vcSubmitted(ATT, List.of(A));
    List<DutyTracker.FailedDuty> failed = tracker.settle(10);
    assertEquals(Map.of(DutyType.ATTESTER, FailureReason.TOO_FEW_PARTIALS, DutyType.AGGREGATOR,
        FailureReason.VC_DID_NOT_SIGN), failedByType(failed));
  }

  @Test
  void isAggregatorFollowsTheSpecModulo() {
    Bytes proof = Bytes.fromHex("0x" + "11".repeat(96));
    assertTrue(DutyTracker.isAggregator(16, proof));
    int aggregators = 0;
    for (int i = 0; i < 256; i++) {
      if (DutyTracker.isAggregator(16 * 16, Bytes.fromHex("0x" + String.format("%02x", i).repeat(96)))) {
        aggregators++;
      }
    }
    // modulo 16: about one in sixteen
    assertTrue(aggregators > 4 && aggregators < 40, "aggregators: " + aggregators);
  }

  private static Map<DutyType, FailureReason> failedByType(List<DutyTracker.FailedDuty> failed) {
    Map<DutyType, FailureReason> out = new TreeMap<>();
    failed.forEach(f -> out.put(f.key().type(), f.reason()));
    return out;
  }

  @Test
  void noBeaconNodeAnsweringIsOneReasonWhateverWasAsked() {
    DutyTracker tracker = new DutyTracker();
    tracker.failed(new DutyKey(4, DutyType.ATTESTER), DutyTracker.Step.FETCH, null,
        "attester duties of epoch 1: " + new BeaconNodeUnavailableException("attester duties (a: down)").getMessage());
    tracker.failed(new DutyKey(5, DutyType.ATTESTER), DutyTracker.Step.FETCH, null,
        new BeaconNodeUnavailableException("attestation data of slot 5 (a: down; b: down)").getMessage());
    tracker.failed(new DutyKey(6, DutyType.ATTESTER), DutyTracker.Step.CONSENSUS, null, "no leader for 1964 ms");
    assertEquals(Map.of("attester fetch: beacon node unavailable", 2L, "attester consensus: no leader for N ms", 1L),
        tracker.failures());
  }

  /** A, B and C attest at slot 10 (indices 0xaa, 0xbb, 0xcc); A and B are published, C's publication fails. */
  private static DutyTracker publishedAandB(Counting counting) {
    DutyTracker tracker = new DutyTracker();
    tracker.addListener(counting);
    for (Bytes v : List.of(A, B, C)) {
      tracker.expectAttester(10, v, v.toArray()[0] & 0xff, 200);
    }
    tracker.decided(ATT);
    tracker.vcSubmitted(ATT, List.of(A, B, C));
    for (Bytes v : List.of(A, B, C)) {
      tracker.aggregated(ATT, v, Bytes.of(new byte[8]));
    }
    tracker.broadcast(ATT, List.of(A, B), Duration.ofMillis(3), null);
    tracker.broadcast(ATT, List.of(C), Duration.ofMillis(3), "503 beacon node syncing");
    return tracker;
  }

  @Test
  void aPublishedAttestationTheBeaconNodeDoesNotSeeLiveFailsAsNotIncluded() {
    Counting counting = new Counting();
    DutyTracker tracker = publishedAandB(counting);
    List<DutyTracker.FailedDuty> settled = tracker.settle(10).stream()
        .filter(f -> f.key().type() == DutyType.ATTESTER).toList();
    assertEquals(List.of(FailureReason.BROADCAST), settled.stream().map(DutyTracker.FailedDuty::reason).toList());
    // Only what the beacon node took is asked about: not C, whose publication failed.
    assertEquals(List.of(0xaaL, 0xbbL), tracker.publishedAttesters(8, 11));

    List<DutyTracker.FailedDuty> notIncluded = tracker.notIncluded(8, 11, Set.of(0xbbL));
    assertEquals(List.of(new DutyTracker.FailedDuty(ATT, B.toHex(), FailureReason.NOT_INCLUDED,
        FailureReason.NOT_INCLUDED.description())), notIncluded);
    assertEquals(1, counting.counts.get("failed ATTESTER not_included"));
    assertEquals(1, counting.counts.get("failed ATTESTER broadcast"));
    assertEquals(2, counting.counts.get("succeeded ATTESTER"), "the publication counted them as done already");
    assertEquals(1L, tracker.failures().get("attester not_included: " + FailureReason.NOT_INCLUDED.description()));
    assertEquals(List.of(), tracker.publishedAttesters(8, 11), "checked once, then forgotten");
    assertEquals(List.of(), tracker.notIncluded(8, 11, Set.of(0xbbL)), "no second failure for the same duty");
  }

  @Test
  void whenEveryOneIsLiveOrLivenessIsUnknownNoDutyFailsAndTheEpochIsForgotten() {
    Counting counting = new Counting();
    DutyTracker tracker = publishedAandB(counting);
    tracker.settle(10);
    assertEquals(List.of(), tracker.notIncluded(8, 11, Set.of()));
    assertEquals(List.of(), tracker.publishedAttesters(0, 100));
    assertFalse(counting.counts.containsKey("failed ATTESTER not_included"));
    assertFalse(tracker.failures().keySet().stream().anyMatch(k -> k.contains("not_included")), tracker.failures().toString());
  }

  @Test
  void theCheckOfAnEpochForgetsOlderSlotsWithoutFailingThemAndKeepsLaterOnes() {
    DutyTracker tracker = new DutyTracker();
    Counting counting = new Counting();
    tracker.addListener(counting);
    for (long slot : List.of(5L, 10L, 13L)) {
      DutyKey key = new DutyKey(slot, DutyType.ATTESTER);
      tracker.expectAttester(slot, A, 0xaa, 200);
      tracker.decided(key);
      tracker.vcSubmitted(key, List.of(A));
      tracker.aggregated(key, A, Bytes.of(new byte[8]));
      tracker.broadcast(key, List.of(A), Duration.ofMillis(1), null);
    }
    // Epoch 2 (slots 8 to 11) with 4 slots an epoch; slot 5's epoch was never checked.
    assertEquals(List.of(0xaaL), tracker.publishedAttesters(8, 11));
    List<DutyTracker.FailedDuty> failed = tracker.notIncluded(8, 11, Set.of(0xaaL));
    assertEquals(List.of(10L), failed.stream().map(f -> f.key().slot()).toList());
    assertEquals(1, counting.counts.get("failed ATTESTER not_included"));
    assertEquals(List.of(), tracker.publishedAttesters(0, 11));
    assertEquals(List.of(0xaaL), tracker.publishedAttesters(12, 15));
  }
}
