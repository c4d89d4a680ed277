package io.phalanx.sim.vc;

import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live counters behind {@link ClientCounters}. Steps report a handful of times per slot, so
 * one lock is cheap; per-slot rows older than {@code retainedSlots} are dropped, so a long run
 * with sub-second slots does not grow without bound.
 */
final class DutyCounters {
  private final long retainedSlots;
  private final Map<DutyType, Row> totals = new EnumMap<>(DutyType.class);
  private final TreeMap<DutyKey, Row> bySlot = new TreeMap<>();
  private final Map<String, Long> otherFailures = new HashMap<>();

  DutyCounters(long retainedSlots) {
    this.retainedSlots = retainedSlots;
  }

  synchronized void record(DutyKey key, List<Outcome> outcomes) {
    Row slotRow = bySlot.computeIfAbsent(key, k -> new Row());
    Row total = totals.computeIfAbsent(key.type(), k -> new Row());
    for (Outcome outcome : outcomes) {
      slotRow.add(outcome);
      total.add(outcome);
    }
    long oldestKept = key.slot() - retainedSlots + 1;
    if (oldestKept > 0) {
      bySlot.headMap(new DutyKey(oldestKept, DutyType.values()[0])).clear();
    }
  }

  synchronized void recordOther(String reason) {
    otherFailures.merge(reason, 1L, Long::sum);
  }

  synchronized ClientCounters snapshot() {
    Map<DutyType, DutyTally> totalTallies = new EnumMap<>(DutyType.class);
    totals.forEach((type, row) -> totalTallies.put(type, row.tally()));
    TreeMap<DutyKey, DutyTally> slotTallies = new TreeMap<>();
    bySlot.forEach((key, row) -> slotTallies.put(key, row.tally()));
    return new ClientCounters(totalTallies, slotTallies, otherFailures);
  }

  private static final class Row {
    private long submitted;
    private final Map<String, Long> failed = new HashMap<>();

    void add(Outcome outcome) {
      outcome.failure().ifPresentOrElse(
          reason -> failed.merge(reason, (long) outcome.messages(), Long::sum),
          () -> submitted += outcome.messages());
    }

    DutyTally tally() {
      return new DutyTally(submitted, failed);
    }
  }
}
