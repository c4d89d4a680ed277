package io.phalanx.consensus.raft;

import io.phalanx.consensus.slashing.Rule;
import java.util.Map;

/**
 * How many duty proposals this node's state machine refused since it started, by the slashing rule
 * they broke, and how many attester proposals it refused as malformed (not attestation data, or a
 * signer outside the lock). Every node applies the same log, so every node counts the same.
 */
public record SlashingRefusals(Map<Rule, Long> byRule, long malformed) {
  public SlashingRefusals {
    byRule = Map.copyOf(byRule);
  }

  /** All refusals. */
  public long total() {
    return malformed + byRule.values().stream().mapToLong(Long::longValue).sum();
  }
}
