package io.phalanx.duties;

import io.phalanx.spec.time.SlotClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every delay of the duty workflow: the scheduler's ticks and the duties' own retries run here, on
 * the workflow's executor, never on a blocked thread. Once closed nothing more runs.
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
    if (closed) {
      return;
    }
    synchronized (timers) {
      timers.removeIf(ScheduledFuture::isDone);
      timers.add(executor.schedule(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.error("scheduled duty step failed", e);
        }
      }, delay.toMillis(), TimeUnit.MILLISECONDS));
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
