package io.phalanx.sim.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class EffectivenessTest {
  @Test
  void everyDutyIncludedInTheNextSlotIsPerfect() {
    Effectiveness e = Effectiveness.of(4, List.of(1L, 1L, 1L, 1L), 32);
    assertEquals(1.0, e.value());
    assertEquals(OptionalDouble.of(1.0), e.inclusionDelay());
  }

  @Test
  void missedDutiesLowerParticipation() {
    assertEquals(0.5, Effectiveness.of(4, List.of(1L, 1L), 32).value());
  }

  @Test
  void lateAttestationsLoseTheHeadVoteAndDivideByTheirDelay() {
    // Two duties: one on time (delay 1, both votes), one at delay 3 (target only).
    Effectiveness e = Effectiveness.of(2, List.of(1L, 3L), 32);
    assertEquals(1.0, e.participation());
    assertEquals(0.75, e.correctness());
    assertEquals(OptionalDouble.of(2.0), e.inclusionDelay());
    assertEquals(0.375, e.value());
  }

  @Test
  void pastAnEpochTheTargetVoteIsLostToo() {
    assertEquals(0.0, Effectiveness.of(1, List.of(5L), 4).correctness());
  }

  @Test
  void nothingIncludedIsZero() {
    Effectiveness e = Effectiveness.of(8, List.of(), 32);
    assertEquals(0.0, e.value());
    assertEquals(OptionalDouble.empty(), e.inclusionDelay());
  }
}
