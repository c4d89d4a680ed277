package io.phalanx.duties;

import io.phalanx.consensus.Consensus;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.util.Bytes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The decided-duty store: every value the cluster decided, and the futures of whoever waits for
 * one (the validator API blocks here until the cluster agreed). Proposals go through here so that
 * a node proposes at most once per key and the decision latency is measured.
 */
public final class DecidedDuties implements SlotState {
  private final Consensus consensus;
  private final DutyTracker tracker;
  private final Clock clock;
  private final SlotTimer timer;
  private final Map<DutyKey, CompletableFuture<Bytes>> decided = new ConcurrentHashMap<>();
  private final Map<DutyKey, Boolean> proposed = new ConcurrentHashMap<>();
  /** The decided values the leader answered this node's own proposals with, before this node applied them. */
  private final Map<DutyKey, CompletableFuture<Bytes>> replies = new ConcurrentHashMap<>();

  DecidedDuties(Consensus consensus, DutyTracker tracker, Clock clock, SlotTimer timer) {
    this.consensus = consensus;
    this.tracker = tracker;
    this.clock = clock;
    this.timer = timer;
    consensus.subscribe((key, value) -> {
      tracker.decided(key);
      future(key).complete(value);
    });
  }

  private CompletableFuture<Bytes> future(DutyKey key) {
    return decided.computeIfAbsent(key, k -> {
      CompletableFuture<Bytes> f = new CompletableFuture<>();
      consensus.decided(k).ifPresent(f::complete);
      return f;
    });
  }

  /** Whether this node already proposed for {@code key}. */
  public boolean proposed(DutyKey key) {
    return proposed.containsKey(key);
  }

  /**
   * Proposes {@code value} unless this node already proposed for the key, and returns the decided
   * value, whoever proposed it.
   */
  public CompletableFuture<Bytes> propose(DutyKey key, Bytes value) {
    return propose(key, value, List.of());
  }

  /**
   * Proposes {@code value}, to be signed by {@code signers} (group public keys), unless this node
   * already proposed for the key, and returns the decided value, whoever proposed it. The result
   * completes when this node's own state machine applied the decision, not on the leader's reply:
   * by then this node's copy of the slashing-protection history holds it, which the validator API
   * checks before it serves the value.
   */
  public CompletableFuture<Bytes> propose(DutyKey key, Bytes value, Collection<Bytes> signers) {
    CompletableFuture<Bytes> result = future(key);
    if (proposed.putIfAbsent(key, Boolean.TRUE) == null && !result.isDone()) {
      Instant start = clock.instant();
      consensus.propose(key, value, signers).whenComplete((decidedValue, error) -> {
        if (error != null) {
          tracker.failed(key, DutyTracker.Step.CONSENSUS, null, rootMessage(error));
        } else {
          replies.computeIfAbsent(key, k -> new CompletableFuture<>()).complete(decidedValue);
          tracker.decisionLatency(key, Duration.between(start, clock.instant()));
          tracker.succeeded(key, DutyTracker.Step.CONSENSUS);
        }
      });
    }
    return result;
  }

  /** The decided value of {@code key}, once decided; fails after {@code timeout}. */
  public CompletableFuture<Bytes> await(DutyKey key, Duration timeout) {
    return timer.orTimeout(future(key).copy(), Duration.ofMillis(Math.max(1, timeout.toMillis())));
  }

  /**
   * The decided value of {@code key} for publishing a signed object: this node's own decision, or
   * the value the leader answered this node's proposal with, whichever comes first; fails after
   * {@code timeout}. A node catching up on the Raft log after a restart applies decisions late, and
   * a block its own beacon node's builder built can be published only through it. Never for
   * serving: a value is served only once this node applied it (its slashing-protection history).
   */
  public CompletableFuture<Bytes> awaitForPublishing(DutyKey key, Duration timeout) {
    CompletableFuture<Bytes> first = new CompletableFuture<>();
    future(key).thenAccept(first::complete);
    replies.computeIfAbsent(key, k -> new CompletableFuture<>()).thenAccept(first::complete);
    return timer.orTimeout(first, Duration.ofMillis(Math.max(1, timeout.toMillis())));
  }

  /** The decided value of {@code key} if it is decided already. */
  public Optional<Bytes> decidedNow(DutyKey key) {
    CompletableFuture<Bytes> f = decided.get(key);
    if (f != null && f.isDone() && !f.isCompletedExceptionally()) {
      return Optional.of(f.join());
    }
    return consensus.decided(key);
  }

  /** Forgets keys below {@code slot}; the consensus keeps its own window. */
  @Override
  public void pruneBelow(long slot) {
    decided.keySet().removeIf(k -> k.slot() < slot);
    proposed.keySet().removeIf(k -> k.slot() < slot);
    replies.keySet().removeIf(k -> k.slot() < slot);
  }

  static String rootMessage(Throwable error) {
    Throwable t = error;
    while (t.getCause() != null && (t instanceof CompletionException || t instanceof ExecutionException)) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
