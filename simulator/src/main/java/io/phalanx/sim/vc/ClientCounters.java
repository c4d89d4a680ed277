package io.phalanx.sim.vc;

import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A snapshot of a simulated validator client's counters, for simnet's report.
 *
 * @param totals every duty message since start, per duty type
 * @param recentSlots the same per slot and duty type, for the most recent slots only
 * @param otherFailures failures outside any one slot's duty (start-up, validator look-up, duty
 *     fetches), per reason
 */
public record ClientCounters(
    Map<DutyType, DutyTally> totals,
    NavigableMap<DutyKey, DutyTally> recentSlots,
    Map<String, Long> otherFailures) {
  public ClientCounters {
    totals = Map.copyOf(totals);
    recentSlots = Collections.unmodifiableNavigableMap(new TreeMap<>(recentSlots));
    otherFailures = Map.copyOf(otherFailures);
  }

  public DutyTally total(DutyType type) {
    return totals.getOrDefault(type, DutyTally.EMPTY);
  }

  public DutyTally at(long slot, DutyType type) {
    return recentSlots.getOrDefault(new DutyKey(slot, type), DutyTally.EMPTY);
  }
}
