package io.phalanx.sim.vc;

import java.util.Map;

/**
 * What became of one kind of duty: messages accepted by the node, and messages lost per reason
 * (e.g. "attestation_data timed out"). A message is one validator's attestation, selection proof
 * or aggregate.
 */
public record DutyTally(long submitted, Map<String, Long> failed) {
  public static final DutyTally EMPTY = new DutyTally(0, Map.of());

  public DutyTally {
    failed = Map.copyOf(failed);
  }

  public long failedTotal() {
    return failed.values().stream().mapToLong(Long::longValue).sum();
  }
}
