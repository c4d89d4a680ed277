package io.phalanx.duties;

import io.phalanx.spec.time.SlotClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every delay of the duty workflow: the scheduler's ticks, the duties' own retries and the time
 * limits of what waits for the cluster run here, on the workflow's executor, never on a blocked
 * thread, so that a test's executor on a manual clock drives them all. Once closed nothing more
 * runs, and a time limit set after that falls back to the JDK's timer.
 */
final class SlotTimer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SlotTimer.class);

  private final SlotClock clock;
  private final ScheduledExecutorService executor;
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();
  private volatile boolean closed;

  SlotTimer(SlotClock clock, ScheduledExecutorService executor) {
    this.clock = clock;
    this.executor = executor;
  }

  /** Runs {@code task} at {@code when} (at once if that has passed), unless closed by then. */
  void at(Instant when, Runnable task) {
    after(clock.until(when), task);
  }

  /** Runs {@code task} after {@code delay}, unless closed by then. */
  void after(Duration delay, Runnable task) {
    schedule(delay, task);
  }

  /**
   * As {@link CompletableFuture#orTimeout}: fails {@code future} with a {@link TimeoutException}
   * unless it completed within {@code timeout}; returns it.
   */
  <T> CompletableFuture<T> orTimeout(CompletableFuture<T> future, Duration timeout) {
    Optional<ScheduledFuture<?>> limit = schedule(timeout, () -> future.completeExceptionally(new TimeoutException()));
    if (limit.isEmpty()) {
      return future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    future.whenComplete((ok, error) -> limit.get().cancel(false));
    return future;
  }

  /**
   * As {@link CompletableFuture#completeOnTimeout}: completes {@code future} with {@code value}
   * unless it completed within {@code timeout}; returns it.
   */
  <T> CompletableFuture<T> completeOnTimeout(CompletableFuture<T> future, T value, Duration timeout) {
    Optional<ScheduledFuture<?>> limit = schedule(timeout, () -> future.complete(value));
    if (limit.isEmpty()) {
      return future.completeOnTimeout(value, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    future.whenComplete((ok, error) -> limit.get().cancel(false));
    return future;
  }

  private Optional<ScheduledFuture<?>> schedule(Duration delay, Runnable task) {
    if (closed) {
      return Optional.empty();
    }
    synchronized (timers) {
      timers.removeIf(ScheduledFuture::isDone);
      ScheduledFuture<?> scheduled = executor.schedule(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.error("scheduled duty step failed", e);
        }
      }, delay.toMillis(), TimeUnit.MILLISECONDS);
      timers.add(scheduled);
      return Optional.of(scheduled);
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (timers) {
      timers.forEach(t -> t.cancel(false));
      timers.clear();
    }
  }
}
