package io.phalanx.sim.vc;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where the client's delayed work runs. Production wraps a {@link ScheduledExecutorService}
 * ({@link #of}); tests drive a manual one together with a manual clock, so slot timing is tested
 * without waiting. It is also the executor the client signs on, which keeps BLS work off the
 * threads that complete the beacon node's futures.
 */
public interface TaskScheduler extends Executor {
  /** Runs {@code task} once after {@code delay}; the handle cancels it if it has not started. */
  Cancellable schedule(Runnable task, Duration delay);

  @Override
  default void execute(Runnable task) {
    schedule(task, Duration.ZERO);
  }

  /** A scheduled task that may still be called off. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }

  static TaskScheduler of(ScheduledExecutorService executor) {
    return new TaskScheduler() {
      @Override
      public Cancellable schedule(Runnable task, Duration delay) {
        ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
      }

      @Override
      public void execute(Runnable task) {
        executor.execute(task);
      }
    };
  }
}
