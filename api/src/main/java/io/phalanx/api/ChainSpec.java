package io.phalanx.api;

import java.time.Duration;
import java.util.Map;

/**
 * What the node needs of {@code GET /eth/v1/config/spec}, with the whole answer kept for
 * validator clients.
 */
public record ChainSpec(long secondsPerSlot, long slotsPerEpoch, Map<String, String> values) {
  /**
   * Phalanx's simulated chain serves its exact slot length here, in milliseconds, because
   * SECONDS_PER_SLOT cannot say "half a second".
   */
  public static final String SLOT_DURATION_MS = "SLOT_DURATION_MS";

  public ChainSpec {
    values = Map.copyOf(values);
  }

  /**
   * The slot length: {@link #SLOT_DURATION_MS} where the chain serves it, else SECONDS_PER_SLOT.
   *
   * @throws IllegalArgumentException if SLOT_DURATION_MS is not a whole number of milliseconds
   */
  public Duration slotDuration() {
    String millis = values.get(SLOT_DURATION_MS);
    if (millis == null) {
      return Duration.ofSeconds(secondsPerSlot);
    }
    try {
      return Duration.ofMillis(Long.parseLong(millis.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("spec has a " + SLOT_DURATION_MS + " that is not a number");
    }
  }
}
