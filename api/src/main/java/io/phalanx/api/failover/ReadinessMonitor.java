package io.phalanx.api.failover;

import static io.phalanx.api.failover.Failures.message;
import static io.phalanx.api.failover.Failures.readinessAfter;
import static io.phalanx.api.failover.Failures.unwrap;

import io.phalanx.api.BeaconNodeHealth.EndpointStatus;
import io.phalanx.api.failover.FailoverBeaconNode.Config;
import io.phalanx.api.failover.FailoverBeaconNode.Switch;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The endpoints and what is known of them: checks each one's readiness on an executor of its own
 * (every check interval, and right after a request to it fails), backs off an endpoint that fails,
 * orders the endpoints for reads and tracks, logs and counts which one serves reads.
 */
final class ReadinessMonitor {
  /** Logged under the failover client's name, where operators look for it. */
  private static final Logger LOG = LoggerFactory.getLogger(FailoverBeaconNode.class);

  private final List<Endpoint> endpoints;
  private final ScheduledExecutorService checker;
  private final List<Consumer<Switch>> switchListeners = new CopyOnWriteArrayList<>();
  private final AtomicLong switches = new AtomicLong();
  private final AtomicInteger checkRounds = new AtomicInteger();
  private volatile Config config;
  private volatile Endpoint serving;
  private volatile boolean closed;

  ReadinessMonitor(Config config, List<Endpoint> endpoints) {
    this.config = config;
    this.endpoints = List.copyOf(endpoints);
    this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "beacon-node-readiness");
      t.setDaemon(true);
      return t;
    });
  }

  Config config() {
    return config;
  }

  void useConfig(Config config) {
    this.config = config;
  }

  List<Endpoint> endpoints() {
    return endpoints;
  }

  /** The endpoint reads go to first now, or null when none is readable. */
  Endpoint serving() {
    return serving;
  }

  boolean closed() {
    return closed;
  }

  void onSwitch(Consumer<Switch> listener) {
    switchListeners.add(listener);
  }

  void removeSwitchListener(Consumer<Switch> listener) {
    switchListeners.remove(listener);
  }

  long switches() {
    return switches.get();
  }

  int checkRounds() {
    return checkRounds.get();
  }

  List<EndpointStatus> statuses() {
    Endpoint s = serving;
    return endpoints.stream().map(e -> e.status(e == s)).toList();
  }

  /** Checks every endpoint once now, then every check interval. */
  void start() {
    checker.execute(this::checkRound);
  }

  /** Runs {@code task} on the checker after {@code millis}; not at all once closed. */
  void later(Runnable task, long millis) {
    try {
      checker.schedule(task, millis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // closed meanwhile
    }
  }

  void close() {
    closed = true;
    checker.shutdownNow();
  }

  private void checkRound() {
    if (closed) {
      return;
    }
    List<CompletableFuture<Void>> checks = endpoints.stream().map(this::check).toList();
    CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
      markStaleHeads();
      checkRounds.incrementAndGet();
      updateServing("readiness check");
      if (!closed) {
        later(this::checkRound, config.checkInterval().toMillis());
      }
    });
  }

  /** One readiness check of one endpoint: sync status, peer count and how long the answer took. */
  private CompletableFuture<Void> check(Endpoint e) {
    Config c = config;
    long start = System.nanoTime();
    CompletableFuture<Long> peers = e.client.peerCount()
        .orTimeout(c.attemptTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(t -> -1L);
    return e.client.syncing().orTimeout(c.attemptTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle((status, error) -> {
          double millis = (System.nanoTime() - start) / 1e6;
          e.checkMillis = millis;
          if (error != null) {
            Throwable cause = unwrap(error);
            setReadiness(e, readinessAfter(cause), message(cause));
            e.consecutiveFailures++;
            e.backoffUntilNanos = System.nanoTime() + backoff(e.consecutiveFailures).toNanos();
            return null;
          }
          if (millis <= c.slowThreshold().toMillis()) {
            e.slowChecks = 0;
          }
          e.headSlot = status.headSlot();
          e.syncDistance = status.syncDistance();
          if (status.isSyncing()) {
            setReadiness(e, Readiness.SYNCING, "syncing, " + status.syncDistance() + " slots behind");
          } else if (status.isOptimistic()) {
            setReadiness(e, Readiness.OPTIMISTIC, "head is optimistic (not verified by an execution client)");
          } else if (status.elOffline()) {
            setReadiness(e, Readiness.EL_OFFLINE, "execution client offline");
          } else if (millis > c.slowThreshold().toMillis() && ++e.slowChecks >= 2) {
            // Two slow checks in a row: one can be a pause of this machine rather than of the beacon node.
            setReadiness(e, Readiness.SLOW, String.format(Locale.ROOT,
                "answered its readiness checks in %.0f ms, more than %d ms", millis, c.slowThreshold().toMillis()));
          } else if (e.backedOff(System.nanoTime())) {
            // Answers checks again, but failed a request a moment ago: not ready until the back-off passes.
            return null;
          } else {
            // Failures in a row are forgiven by a successful request, not by a check: an endpoint
            // that answers checks but fails requests (wrong data) is backed off longer each time.
            setReadiness(e, Readiness.READY, "");
          }
          return null;
        })
        .thenCombine(peers, (ignored, count) -> {
          e.peers = count;
          return null;
        });
  }

  /** An endpoint whose head lags the best head of this round by more than maxHeadLag is stale. */
  private void markStaleHeads() {
    long best = endpoints.stream().filter(e -> e.readiness == Readiness.READY || e.readiness == Readiness.STALE_HEAD)
        .mapToLong(e -> e.headSlot).max().orElse(-1);
    for (Endpoint e : endpoints) {
      if (e.readiness == Readiness.READY && best - e.headSlot > config.maxHeadLag()) {
        setReadiness(e, Readiness.STALE_HEAD, "head slot " + e.headSlot + " lags the best head " + best);
      }
    }
  }

  private void setReadiness(Endpoint e, Readiness r, String detail) {
    Readiness before = e.readiness;
    e.readiness = r;
    e.detail = detail;
    if (before != r) {
      LOG.atLevel(r == Readiness.READY ? Level.INFO : Level.WARN)
          .log("{}: {}{}", e, r.word(), detail.isEmpty() ? "" : " (" + detail + ")");
    }
  }

  private Duration backoff(int failures) {
    Duration base = config.checkInterval().dividedBy(2);
    Duration d = base.multipliedBy(1L << Math.min(4, Math.max(0, failures - 1)));
    Duration cap = config.checkInterval().multipliedBy(2);
    return d.compareTo(cap) > 0 ? cap : d;
  }

  /** A request to {@code e} failed for the endpoint's own reason: mark it, back it off, re-check it now. */
  void failed(Endpoint e, Throwable cause, String what) {
    e.errors.incrementAndGet();
    e.consecutiveFailures++;
    e.backoffUntilNanos = System.nanoTime() + backoff(e.consecutiveFailures).toNanos();
    Readiness r = readinessAfter(cause);
    setReadiness(e, r, what + ": " + message(cause));
    updateServing(e.name + " failed " + what + ": " + message(cause));
    if (!closed) {
      try {
        checker.execute(() -> check(e).whenComplete((ok, error) -> updateServing("re-check after a failure")));
      } catch (RejectedExecutionException closing) {
        // closed meanwhile
      }
    }
  }

  /** Recomputes which endpoint serves reads first and logs and counts a change. */
  private synchronized void updateServing(String reason) {
    List<Endpoint> order = readOrder();
    Endpoint next = order.isEmpty() ? null : order.getFirst();
    Endpoint before = serving;
    if (next == before) {
      return;
    }
    serving = next;
    String why = before == null ? reason
        : before.ready() ? reason : before.name + " is " + before.readiness.word()
            + (before.detail.isEmpty() ? "" : " (" + before.detail + ")");
    if (next != null && before != null && next.index < before.index && next.ready()) {
      why = next.name + " is ready again and preferred";
    }
    if (before != null || next != null) {
      switches.incrementAndGet();
    }
    Switch s = new Switch(Instant.now(), Optional.ofNullable(before).map(x -> x.name),
        Optional.ofNullable(next).map(x -> x.name), why);
    String text = "reads now go to " + (next == null ? "no beacon node" : next) + (before == null ? "" : ", were "
        + before.name) + ": " + why;
    LOG.atLevel(before == null ? Level.INFO : Level.WARN).log(text);
    for (Consumer<Switch> l : switchListeners) {
      try {
        l.accept(s);
      } catch (RuntimeException ex) {
        LOG.warn("switch listener failed", ex);
      }
    }
  }

  /**
   * Where reads go, best first: ready primaries, ready fallbacks; then, as a last resort, slow or
   * failed endpoints not backed off, then backed-off ones. Syncing, optimistic or execution-offline
   * endpoints never.
   */
  List<Endpoint> readOrder() {
    long now = System.nanoTime();
    Comparator<Endpoint> byWeight = Comparator.comparingInt((Endpoint e) -> -weight(e, now))
        .thenComparingInt(e -> e.index);
    return endpoints.stream().filter(e -> e.readiness.readable()).sorted(byWeight).toList();
  }

  /** Higher is better: readiness first, then primaries before fallbacks, then no recent failure. */
  static int weight(Endpoint e, long now) {
    int w;
    if (e.ready()) {
      w = e.fallback ? 300 : 400;
    } else if (e.readiness == Readiness.STALE_HEAD || e.readiness == Readiness.SLOW) {
      w = 200;
    } else {
      w = 100;
    }
    if (!e.ready() && e.backedOff(now)) {
      w -= 50;
    }
    return w;
  }

  /** Each endpoint with its readiness, for a message saying none can be used. */
  String noneUsable() {
    return endpoints.stream().map(e -> e.name + " " + e.readiness.word()).reduce((a, b) -> a + ", " + b).orElse("");
  }
}
