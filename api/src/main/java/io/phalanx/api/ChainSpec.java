package io.phalanx.api;

import java.util.Map;

/**
 * What the node needs of {@code GET /eth/v1/config/spec}, with the whole answer kept for
 * validator clients.
 */
public record ChainSpec(long secondsPerSlot, long slotsPerEpoch, Map<String, String> values) {
  public ChainSpec {
    values = Map.copyOf(values);
  }
}
