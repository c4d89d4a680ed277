package io.phalanx.spec.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The chain's clock: slots of {@code secondsPerSlot} since genesis, epochs of
 * {@code slotsPerEpoch} slots. Time comes from an injected {@link Clock}, so slot logic is tested
 * without waiting. Slot durations are kept in milliseconds so that simulations may run slots
 * shorter than a second.
 */
public record SlotClock(Instant genesis, Duration slotDuration, long slotsPerEpoch, Clock clock) {
  public SlotClock {
    if (slotDuration.isZero() || slotDuration.isNegative()) {
      throw new IllegalArgumentException("slot duration must be positive, got " + slotDuration);
    }
    if (slotsPerEpoch < 1) {
      throw new IllegalArgumentException("slots per epoch must be at least 1, got " + slotsPerEpoch);
    }
  }

  public static SlotClock of(long genesisTimeSeconds, long secondsPerSlot, long slotsPerEpoch) {
    return new SlotClock(Instant.ofEpochSecond(genesisTimeSeconds), Duration.ofSeconds(secondsPerSlot),
        slotsPerEpoch, Clock.systemUTC());
  }

  /** The current slot; 0 before genesis. */
  public long currentSlot() {
    return slotAt(clock.instant());
  }

  public long slotAt(Instant instant) {
    long sinceGenesis = Duration.between(genesis, instant).toMillis();
    return sinceGenesis < 0 ? 0 : sinceGenesis / slotDuration.toMillis();
  }

  public long currentEpoch() {
    return epochOf(currentSlot());
  }

  public long epochOf(long slot) {
    return slot / slotsPerEpoch;
  }

  public long firstSlotOf(long epoch) {
    return epoch * slotsPerEpoch;
  }

  /** When {@code slot} starts. */
  public Instant slotStart(long slot) {
    return genesis.plusMillis(slot * slotDuration.toMillis());
  }

  /** The instant {@code numerator/denominator} of the way into {@code slot}, e.g. 1/3 for attestations. */
  public Instant slotFraction(long slot, int numerator, int denominator) {
    return slotStart(slot).plusMillis(slotDuration.toMillis() * numerator / denominator);
  }

  /** How long from now until {@code instant}; zero if it has passed. */
  public Duration until(Instant instant) {
    Duration d = Duration.between(clock.instant(), instant);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
