package io.phalanx.duties;

import io.phalanx.api.BeaconNodeUnavailableException;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every step of every duty on this node and, for each failure, the step that failed and
 * why: one log line per failure with the duty and the reason.
 */
public final class DutyTracker {
  private static final Logger LOG = LoggerFactory.getLogger(DutyTracker.class);

  /** The steps of a duty, in order. */
  public enum Step {
    FETCH,
    CONSENSUS,
    VC_SUBMITTED,
    PARTIALS,
    AGGREGATION,
    BROADCAST
  }

  private final Map<DutyType, Map<Step, AtomicLong>> succeeded = new EnumMap<>(DutyType.class);
  private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
  private final LatencyRecorder decisionLatency = new LatencyRecorder(100_000);
  private final LatencyRecorder submitToAggregateLatency = new LatencyRecorder(100_000);

  public DutyTracker() {
    for (DutyType type : DutyType.values()) {
      Map<Step, AtomicLong> steps = new EnumMap<>(Step.class);
      for (Step step : Step.values()) {
        steps.put(step, new AtomicLong());
      }
      succeeded.put(type, steps);
    }
  }

  public void succeeded(DutyKey key, Step step) {
    succeeded.get(key.type()).get(step).incrementAndGet();
  }

  public void succeeded(DutyKey key, Step step, int count) {
    succeeded.get(key.type()).get(step).addAndGet(count);
  }

  /**
   * Records a failed step; {@code validator} may be null when the step concerns all validators.
   */
  public void failed(DutyKey key, Step step, String validator, String reason) {
    String label = step.name().toLowerCase() + ": " + category(reason);
    failures.computeIfAbsent(key.type().name().toLowerCase() + " " + label, k -> new AtomicLong()).incrementAndGet();
    LOG.warn("duty {} failed at {}{}: {}", key, step.name().toLowerCase(),
        validator == null ? "" : " for validator " + validator, reason);
  }

  /**
   * The part of a reason that names the kind of failure, for counting: "beacon node unavailable"
   * wherever it appears, else up to the first colon,
   * parenthesis or semicolon, numbers left out, so "no leader for 1964 ms" and "... 2599 ms" count
   * as one.
   */
  static String category(String reason) {
    if (reason.contains(BeaconNodeUnavailableException.REASON)) {
      // Whatever was being fetched or published, no beacon node answered: one kind of failure.
      return BeaconNodeUnavailableException.REASON;
    }
    String head = reason.split("[:;(]", 2)[0].trim();
    return head.replaceAll("\\d+", "N");
  }

  public LatencyRecorder decisionLatency() {
    return decisionLatency;
  }

  /** From a validator client's partial signature to the whole signature, ready to publish. */
  public LatencyRecorder submitToAggregateLatency() {
    return submitToAggregateLatency;
  }

  public long count(DutyType type, Step step) {
    return succeeded.get(type).get(step).get();
  }

  /** Failures by "duty-type step: reason". */
  public Map<String, Long> failures() {
    Map<String, Long> out = new TreeMap<>();
    failures.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
