package io.phalanx.api.failover;

import static io.phalanx.api.failover.Failures.isRequestError;
import static io.phalanx.api.failover.Failures.message;
import static io.phalanx.api.failover.Failures.unwrap;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNodeUnavailableException;
import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.spec.api.ProducedBlock;
import io.phalanx.spec.util.Bytes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed messages to every ready endpoint in parallel, the first success answering; if all of them
 * fail, to the other endpoints. A refusal (4xx) is the message's fault and is not retried. Blinded
 * blocks go first to the beacon node that built them.
 */
final class FanOutPublisher {
  /** Logged under the failover client's name, where operators look for it. */
  private static final Logger LOG = LoggerFactory.getLogger(FailoverBeaconNode.class);

  private final ReadinessMonitor monitor;
  /** Blinded blocks recently produced, by block root, with the beacon node that built each. */
  private final Map<Bytes, Endpoint> builtBlinded = new ConcurrentHashMap<>();
  private final AtomicLong publishFailures = new AtomicLong();

  FanOutPublisher(ReadinessMonitor monitor) {
    this.monitor = monitor;
  }

  /** Signed messages that one endpoint refused or could not take (while another took them). */
  long publishFailures() {
    return publishFailures.get();
  }

  /** Remembers which beacon node built a blinded block: the one to publish it through. */
  void builtBy(HttpBeaconNode client, ProducedBlock block) {
    if (!block.blinded()) {
      return;
    }
    monitor.endpoints().stream().filter(e -> e.client == client).findFirst().ifPresent(e -> {
      builtBlinded.put(block.blockRoot(), e);
      if (builtBlinded.size() > 64) {
        builtBlinded.keySet().stream().findFirst().ifPresent(builtBlinded::remove);
      }
    });
  }

  /**
   * Only the beacon node that built a blinded block can unblind it (its builder holds the payload):
   * it gets the block first, alone; if it fails or is not known, every other one is tried.
   */
  CompletableFuture<Void> publishBlinded(Bytes root, String what, Function<HttpBeaconNode, CompletableFuture<Void>> call) {
    Endpoint builder = builtBlinded.get(root);
    if (builder == null) {
      return publish(what, call);
    }
    List<Endpoint> others = monitor.endpoints().stream().filter(e -> e != builder).toList();
    return publishTo(List.of(builder), what, call)
        .exceptionallyCompose(error -> others.isEmpty()
            ? CompletableFuture.failedFuture(unwrap(error))
            : publishTo(others, what, call));
  }

  /**
   * Sends to every ready endpoint (every readable one if none is ready) in parallel; the first
   * success answers, the other endpoints' failures are logged and counted.
   */
  CompletableFuture<Void> publish(String what, Function<HttpBeaconNode, CompletableFuture<Void>> call) {
    List<Endpoint> ready = monitor.readOrder().stream().filter(Endpoint::ready).toList();
    List<Endpoint> others = monitor.endpoints().stream().filter(e -> !ready.contains(e)).toList();
    if (ready.isEmpty()) {
      return publishTo(others, what, call);
    }
    // Readiness is a few moments old: if every ready endpoint fails, the others get their chance.
    return publishTo(ready, what, call).exceptionallyCompose(error -> others.isEmpty() || isRequestError(unwrap(error))
        ? CompletableFuture.failedFuture(unwrap(error)) : publishTo(others, what, call));
  }

  private CompletableFuture<Void> publishTo(List<Endpoint> targets, String what,
      Function<HttpBeaconNode, CompletableFuture<Void>> call) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    AtomicInteger pending = new AtomicInteger(targets.size());
    Map<String, String> failures = new ConcurrentHashMap<>();
    AtomicReference<ApiException> refusal = new AtomicReference<>();
    long timeout = monitor.config().requestDeadline().toMillis();
    for (Endpoint e : targets) {
      long start = System.nanoTime();
      e.requests.incrementAndGet();
      CompletableFuture<Void> sent;
      try {
        sent = call.apply(e.client);
      } catch (RuntimeException ex) {
        sent = CompletableFuture.failedFuture(ex);
      }
      sent.orTimeout(timeout, TimeUnit.MILLISECONDS).whenComplete((ok, error) -> {
        e.latencies.record((System.nanoTime() - start) / 1e6);
        if (error == null) {
          result.complete(null);
        } else {
          Throwable cause = unwrap(error);
          publishFailures.incrementAndGet();
          failures.put(e.name, message(cause));
          LOG.warn("publishing {} to {} failed: {}", what, e.name, message(cause));
          if (isRequestError(cause)) {
            refusal.compareAndSet(null, (ApiException) cause);
          } else {
            monitor.failed(e, cause, "publishing " + what);
          }
        }
        if (pending.decrementAndGet() == 0 && !result.isDone()) {
          ApiException refused = refusal.get();
          result.completeExceptionally(refused != null ? refused
              : new BeaconNodeUnavailableException("publishing " + what + " (" + failures + ")"));
        }
      });
    }
    return result;
  }
}
