package io.phalanx.duties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.phalanx.api.BeaconNodeUnavailableException;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DutyTrackerTest {
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
}
