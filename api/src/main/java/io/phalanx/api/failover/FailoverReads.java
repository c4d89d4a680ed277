package io.phalanx.api.failover;

import static io.phalanx.api.failover.Failures.isRequestError;
import static io.phalanx.api.failover.Failures.message;
import static io.phalanx.api.failover.Failures.unwrap;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNodeUnavailableException;
import io.phalanx.api.client.HttpBeaconNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Reads with failover: one request goes to the best endpoint in read order and, when that one fails
 * for its own reason or answers wrong data, to the next, all within the request deadline. A refusal
 * (4xx) is remembered and passed on if no other endpoint answers.
 */
final class FailoverReads {
  private final ReadinessMonitor monitor;

  FailoverReads(ReadinessMonitor monitor) {
    this.monitor = monitor;
  }

  <T> CompletableFuture<T> read(String what, Function<HttpBeaconNode, CompletableFuture<T>> call, AnswerCheck<T> check) {
    List<Endpoint> order = monitor.readOrder();
    if (order.isEmpty()) {
      return CompletableFuture.failedFuture(new BeaconNodeUnavailableException(what + ": " + monitor.noneUsable()));
    }
    long deadline = System.nanoTime() + monitor.config().requestDeadline().toNanos();
    CompletableFuture<T> result = new CompletableFuture<>();
    attempt(what, call, check, order, 0, deadline, new LinkedHashMap<>(), null, result);
    return result;
  }

  private <T> void attempt(String what, Function<HttpBeaconNode, CompletableFuture<T>> call, AnswerCheck<T> check,
      List<Endpoint> order, int i, long deadline, Map<String, String> failures, ApiException requestError,
      CompletableFuture<T> result) {
    long remaining = deadline - System.nanoTime();
    if (i >= order.size() || remaining <= 0) {
      if (requestError != null) {
        result.completeExceptionally(requestError);
      } else {
        String tried = failures.isEmpty() ? "no time left to ask one" : failures.entrySet().stream()
            .map(f -> f.getKey() + ": " + f.getValue()).reduce((a, b) -> a + "; " + b).orElse("");
        result.completeExceptionally(new BeaconNodeUnavailableException(what + " (" + tried + ")"));
      }
      return;
    }
    Endpoint e = order.get(i);
    // The last endpoint to try may take what is left of the deadline: there is no other to wait for.
    long timeout = i == order.size() - 1 ? remaining
        : Math.min(monitor.config().attemptTimeout().toNanos(), remaining);
    long start = System.nanoTime();
    e.requests.incrementAndGet();
    CompletableFuture<T> answer;
    try {
      answer = call.apply(e.client);
    } catch (RuntimeException ex) {
      answer = CompletableFuture.failedFuture(ex);
    }
    answer.orTimeout(timeout, TimeUnit.NANOSECONDS).whenComplete((value, error) -> {
      e.latencies.record((System.nanoTime() - start) / 1e6);
      Throwable cause = error == null ? null : unwrap(error);
      if (cause == null) {
        Optional<String> wrong = check.wrong(value);
        if (wrong.isEmpty()) {
          e.consecutiveFailures = 0;
          result.complete(value);
          return;
        }
        cause = new ApiException(502, "wrong data: " + wrong.get());
      }
      ApiException nextRequestError = requestError;
      if (isRequestError(cause)) {
        // The beacon node answered: the request itself was refused. Another may know more (a 404).
        if (requestError == null) {
          nextRequestError = (ApiException) cause;
        }
      } else {
        monitor.failed(e, cause, what);
        failures.put(e.name, message(cause));
      }
      attempt(what, call, check, order, i + 1, deadline, failures, nextRequestError, result);
    });
  }
}
