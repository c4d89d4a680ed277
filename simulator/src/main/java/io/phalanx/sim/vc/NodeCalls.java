package io.phalanx.sim.vc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Every request to the node goes through {@link #call}: it gets a deadline, and its failure is
 * named after the request ("attestation_data timed out"), so the handler at the end of a chain
 * knows which step failed without each step catching errors itself.
 */
final class NodeCalls {
  private final ClientTimers timers;
  private final Supplier<Duration> timeout;

  NodeCalls(ClientTimers timers, Supplier<Duration> timeout) {
    this.timers = timers;
    this.timeout = timeout;
  }

  /** {@code request}, sent unless the client has stopped, failing with a {@link StepFailure}. */
  <T> CompletableFuture<T> call(String step, Supplier<CompletableFuture<T>> request) {
    if (timers.stopped()) {
      return CompletableFuture.failedFuture(new StepFailure(step + " not sent: stopped"));
    }
    CompletableFuture<T> sent;
    try {
      sent = request.get();
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return timers.within(sent, timeout.get()).exceptionallyCompose(
        e -> CompletableFuture.failedFuture(new StepFailure(step + " " + FailureReasons.describe(e))));
  }

  /** The counter key for a failure at the end of a chain. */
  static String reason(Throwable failure) {
    Throwable t = FailureReasons.unwrap(failure);
    return t instanceof StepFailure step ? step.getMessage() : "internal error " + FailureReasons.describe(t);
  }

  /** A failed step, already described; it carries no stack trace because its message says it all. */
  static final class StepFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepFailure(String reason) {
      super(reason, null, false, false);
    }
  }
}
