package io.phalanx.sim.vc;

import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a simulated validator client counts and says of its work: each slot's outcomes per duty
 * type, counted and, if any failed, logged in one line; failures outside a duty; and the explicit
 * end of every future chain. Nothing is counted or logged once the client has stopped.
 */
final class ClientLog {
  /** Logs as the client, whose work this is. */
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedValidatorClient.class);

  private final String name;
  private final ClientTimers timers;
  private final DutyCounters counters;

  ClientLog(String name, ClientTimers timers, DutyCounters counters) {
    this.name = name;
    this.timers = timers;
    this.counters = counters;
  }

  /** Counts a slot's outcomes for one duty type and, if any failed, says so in one line. */
  void report(long slot, DutyType type, List<Outcome> outcomes) {
    if (timers.stopped() || outcomes.isEmpty()) {
      return;
    }
    counters.record(new DutyKey(slot, type), outcomes);
    Map<String, Integer> failed = outcomes.stream()
        .filter(outcome -> outcome.failure().isPresent())
        .collect(Collectors.toMap(outcome -> outcome.failure().get(), Outcome::messages, Integer::sum, TreeMap::new));
    int submitted = outcomes.stream().filter(outcome -> outcome.failure().isEmpty()).mapToInt(Outcome::messages).sum();
    if (!failed.isEmpty()) {
      LOG.warn("{}: slot {} {}: {} submitted, failed {}", name, slot, type, submitted, failed);
    } else {
      LOG.debug("{}: slot {} {}: {} submitted", name, slot, type, submitted);
    }
  }

  void reportOther(String reason, String during) {
    reportOther(List.of(reason), during);
  }

  /** Counts each reason and says them all in one line. */
  void reportOther(List<String> reasons, String during) {
    if (timers.stopped()) {
      return;
    }
    reasons.forEach(counters::recordOther);
    LOG.warn("{}: {}: {}", name, during, String.join(", ", reasons));
  }

  /** Something worth an operator's notice that is no failure. */
  void info(String message) {
    LOG.info("{}: {}", name, message);
  }

  /** The explicit end of a chain: a failure nothing else handled is logged in one line. */
  void finish(CompletableFuture<?> chainEnd, String what) {
    chainEnd.whenComplete((ignored, failure) -> {
      if (failure != null && !timers.stopped()) {
        LOG.error("{}: {} failed: {}", name, what, NodeCalls.reason(failure));
      }
    });
  }
}
