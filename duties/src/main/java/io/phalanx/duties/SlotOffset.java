package io.phalanx.duties;

import io.phalanx.spec.time.SlotClock;
import java.time.Instant;

/** The points in a slot at which the scheduler ticks a duty that has work in the slot. */
public enum SlotOffset {
  /** 1/3 into the slot: the slot's block has had time to arrive (attestations, sync committee messages). */
  ONE_THIRD(1, 3),
  /** 2/3 into the slot: the slot's attestations and messages have had time to spread (aggregates, contributions). */
  TWO_THIRDS(2, 3);

  private final int numerator;
  private final int denominator;

  SlotOffset(int numerator, int denominator) {
    this.numerator = numerator;
    this.denominator = denominator;
  }

  /** When this offset of {@code slot} comes. */
  public Instant of(SlotClock clock, long slot) {
    return clock.slotFraction(slot, numerator, denominator);
  }
}
