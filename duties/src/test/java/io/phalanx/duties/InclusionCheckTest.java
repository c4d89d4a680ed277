package io.phalanx.duties;

import io.phalanx.duties.testing.UnsupportedBeaconNode;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.ChainSpec;
import io.phalanx.api.SyncStatus;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.ValidatorLiveness;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InclusionCheckTest {
  private static final Bytes A = Bytes.fromHex("0x" + "aa".repeat(48));
  private static final Bytes B = Bytes.fromHex("0x" + "bb".repeat(48));
  /** 4 slots an epoch: epoch 2 is slots 8 to 11. */
  private static final SlotClock CLOCK = SlotClock.of(0, 1, 4);

  /** Counts failures as the metrics do. */
  private static final class Counting implements DutyListener {
    final Map<String, Integer> failed = new TreeMap<>();

    @Override
    public void failed(DutyType type, FailureReason reason) {
      failed.merge(type + " " + reason.label(), 1, Integer::sum);
    }
  }

  /** A and B attested at slot 9 and the beacon node took both. */
  private static DutyTracker published(Counting counting) {
    DutyTracker tracker = new DutyTracker();
    tracker.addListener(counting);
    DutyKey key = new DutyKey(9, DutyType.ATTESTER);
    for (Bytes v : List.of(A, B)) {
      tracker.expectAttester(9, v, v.toArray()[0] & 0xff, 200);
      tracker.aggregated(key, v, Bytes.of(new byte[8]));
    }
    tracker.broadcast(key, List.of(A, B), Duration.ofMillis(2), null);
    return tracker;
  }

  private static List<DutyTracker.FailedDuty> check(InclusionCheck check, long epoch) {
    return check.check(epoch).orTimeout(5, TimeUnit.SECONDS).join();
  }

  @Test
  void validatorsTheBeaconNodeDoesNotSeeLiveFailAsNotIncluded() {
    Counting counting = new Counting();
    DutyTracker tracker = published(counting);
    LivenessOnly beaconNode = new LivenessOnly((indices) -> CompletableFuture.completedFuture(
        indices.stream().map(i -> new ValidatorLiveness(i, i != 0xbb)).toList()));
    List<DutyTracker.FailedDuty> failed = check(new InclusionCheck(beaconNode, tracker, CLOCK), 2);
    assertEquals(List.of(B.toHex()), failed.stream().map(DutyTracker.FailedDuty::validator).toList());
    assertEquals(List.of(FailureReason.NOT_INCLUDED), failed.stream().map(DutyTracker.FailedDuty::reason).toList());
    assertEquals(List.of("2 [170, 187]"), beaconNode.asked);
    assertEquals(Map.of("ATTESTER not_included", 1), counting.failed);
  }

  @ParameterizedTest(name = "a beacon node answering {0} to liveness fails no duty")
  @ValueSource(ints = {404, 405, 501, 503})
  void aBeaconNodeThatDoesNotServeLivenessFailsNoDuty(int status) {
    Counting counting = new Counting();
    DutyTracker tracker = published(counting);
    LivenessOnly beaconNode = new LivenessOnly(indices -> CompletableFuture.failedFuture(
        new ApiException(status, "liveness: answered " + status)));
    InclusionCheck check = new InclusionCheck(beaconNode, tracker, CLOCK);
    assertEquals(List.of(), check(check, 2));
    assertEquals(Map.of(), counting.failed);
    assertEquals(List.of(), tracker.publishedAttesters(8, 11), "the epoch is forgotten");
    assertEquals(1, beaconNode.asked.size());
  }

  @Test
  void anEpochWithNothingPublishedAsksNothing() {
    Counting counting = new Counting();
    DutyTracker tracker = published(counting);
    LivenessOnly beaconNode = new LivenessOnly(indices -> {
      throw new AssertionError("not to be asked");
    });
    assertEquals(List.of(), check(new InclusionCheck(beaconNode, tracker, CLOCK), 1));
    assertEquals(List.of(), beaconNode.asked);
    assertEquals(List.of(0xaaL, 0xbbL), tracker.publishedAttesters(8, 11), "epoch 2 is still to check");
  }

  @Test
  void anAnswerAboutValidatorsNotAskedForFailsNone() {
    Counting counting = new Counting();
    DutyTracker tracker = published(counting);
    LivenessOnly beaconNode = new LivenessOnly(indices -> CompletableFuture.completedFuture(
        List.of(new ValidatorLiveness(0xaa, true), new ValidatorLiveness(0xbb, true), new ValidatorLiveness(7, false))));
    assertEquals(List.of(), check(new InclusionCheck(beaconNode, tracker, CLOCK), 2));
    assertEquals(Map.of(), counting.failed);
  }

  /** A beacon node that only answers liveness, as {@code answer} says; records each question. */
  private static final class LivenessOnly extends UnsupportedBeaconNode {
    final Function<List<Long>, CompletableFuture<List<ValidatorLiveness>>> answer;
    final List<String> asked = new CopyOnWriteArrayList<>();

    LivenessOnly(Function<List<Long>, CompletableFuture<List<ValidatorLiveness>>> answer) {
      this.answer = answer;
    }

    @Override
    public CompletableFuture<List<ValidatorLiveness>> liveness(long epoch, List<Long> indices) {
      asked.add(epoch + " " + indices);
      return answer.apply(indices);
    }

    @Override
    public CompletableFuture<List<BeaconCommitteeSelection>> beaconCommitteeSelections(
        List<BeaconCommitteeSelection> selections) {
      throw new UnsupportedOperationException();
    }

  }
}
