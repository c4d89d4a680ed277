package io.phalanx.sim.chain;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one kind of duty went, in one epoch or over a run.
 *
 * @param expected duties whose slot has started (for aggregators: see {@link SimulatedChain})
 * @param succeeded duties done on time with a valid message, each counted once
 * @param failed duties that ended without success, by {@link FailureReason#text()}: the reason
 *     the latest submission was refused, "late", or "missing"
 * @param refused every refused submission, by reason, including refusals for duties that
 *     succeeded before or after (a second, conflicting vote is refused as "slashable" this way)
 */
public record DutyTally(long expected, long succeeded, Map<String, Long> failed, Map<String, Long> refused) {
  public static final DutyTally EMPTY = new DutyTally(0, 0, Map.of(), Map.of());

  public DutyTally {
    failed = sorted(failed);
    refused = sorted(refused);
  }

  /** Expected duties that have neither succeeded nor failed yet. */
  public long pending() {
    return expected - succeeded - failedCount();
  }

  public long failedCount() {
    return failed.values().stream().mapToLong(Long::longValue).sum();
  }

  public long refusedCount() {
    return refused.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Both tallies added up, e.g. epochs into a run. */
  public DutyTally plus(DutyTally other) {
    return new DutyTally(expected + other.expected, succeeded + other.succeeded, merged(failed, other.failed),
        merged(refused, other.refused));
  }

  private static Map<String, Long> sorted(Map<String, Long> counts) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(counts));
  }

  private static Map<String, Long> merged(Map<String, Long> a, Map<String, Long> b) {
    Map<String, Long> sum = new TreeMap<>(a);
    b.forEach((reason, count) -> sum.merge(reason, count, Long::sum));
    return sum;
  }
}
