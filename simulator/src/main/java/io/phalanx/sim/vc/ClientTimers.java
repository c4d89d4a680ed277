package io.phalanx.sim.vc;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's timers on a {@link TaskScheduler}: every task it has scheduled and not yet run is
 * known here, so {@link #stop()} calls them all off at once, and nothing is scheduled after it.
 * Deadlines run on the same timers rather than {@code orTimeout}, whose hidden JDK thread the
 * injected clock cannot drive.
 */
final class ClientTimers {
  /** Logs as the client, whose timers these are. */
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedValidatorClient.class);

  private final TaskScheduler scheduler;
  private final String name;
  private final Set<Timer> pending = ConcurrentHashMap.newKeySet();
  private volatile boolean stopped;

  ClientTimers(TaskScheduler scheduler, String name) {
    this.scheduler = scheduler;
    this.name = name;
  }

  /** Runs {@code task} after {@code delay} unless stopped first; a task that throws is logged. */
  TaskScheduler.Cancellable after(Duration delay, String what, Runnable task) {
    Timer timer = new Timer(what, task);
    if (stopped) {
      return timer;
    }
    pending.add(timer);
    timer.handle = scheduler.schedule(timer, delay);
    if (stopped) {
      timer.cancel(); // stop() ran while this was being scheduled and may have missed it
    }
    return timer;
  }

  /**
   * {@code future}, or a {@link TimeoutException} once {@code timeout} has passed. On time-out the
   * request is cancelled too, which an HTTP client may take as leave to drop the exchange.
   */
  <T> CompletableFuture<T> within(CompletableFuture<T> future, Duration timeout) {
    CompletableFuture<T> result = new CompletableFuture<>();
    TaskScheduler.Cancellable deadline = after(timeout, "deadline", () -> {
      if (result.completeExceptionally(new TimeoutException("no answer within " + timeout))) {
        future.cancel(true);
      }
    });
    future.whenComplete((value, failure) -> {
      deadline.cancel();
      Futures.complete(result, value, failure);
    });
    return result;
  }

  /** Where CPU work (signing) runs. */
  Executor executor() {
    return scheduler;
  }

  boolean stopped() {
    return stopped;
  }

  void stop() {
    stopped = true;
    for (Timer timer : pending) {
      timer.cancel();
    }
  }

  private final class Timer implements Runnable, TaskScheduler.Cancellable {
    private final String what;
    private final Runnable task;
    private volatile TaskScheduler.Cancellable handle;

    Timer(String what, Runnable task) {
      this.what = what;
      this.task = task;
    }

    @Override
    public void run() {
      if (!pending.remove(this) || stopped) {
        return;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        // The scheduler would swallow it, and with it the slot loop; say so once instead.
        LOG.error(name + ": " + what + " failed: " + e, e);
      }
    }

    @Override
    public void cancel() {
      pending.remove(this);
      TaskScheduler.Cancellable h = handle;
      if (h != null) {
        h.cancel();
      }
    }
  }
}
