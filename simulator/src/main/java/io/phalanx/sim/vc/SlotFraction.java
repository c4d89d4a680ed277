package io.phalanx.sim.vc;

import java.time.Duration;

/** A point in a slot, or a span, as a fraction of the slot: 1/3 is when attestations are due. */
public record SlotFraction(int numerator, int denominator) {
  public static final SlotFraction SLOT_START = new SlotFraction(0, 1);
  public static final SlotFraction ONE_THIRD = new SlotFraction(1, 3);
  public static final SlotFraction TWO_THIRDS = new SlotFraction(2, 3);
  public static final SlotFraction WHOLE_SLOT = new SlotFraction(1, 1);

  public SlotFraction {
    if (denominator < 1 || numerator < 0) {
      throw new IllegalArgumentException("not a fraction of a slot: " + numerator + "/" + denominator);
    }
  }

  /** This fraction of {@code slotDuration}, to the millisecond as SlotClock counts. */
  public Duration of(Duration slotDuration) {
    return Duration.ofMillis(slotDuration.toMillis() * numerator / denominator);
  }

  boolean isBefore(SlotFraction other) {
    return (long) numerator * other.denominator < (long) other.numerator * denominator;
  }

  @Override
  public String toString() {
    return numerator + "/" + denominator;
  }
}
