package io.phalanx.duties.testing;

import io.phalanx.spec.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} on a {@link ManualClock} with no thread of its own: a task
 * runs when the test moves the clock to its time ({@link #advanceTo}) or asks for what is due
 * ({@link #runDue}), on the test's thread, in time order and, at one instant, in the order it was
 * scheduled. {@code execute} and {@code submit} are due at once: a hand-off that runs at the next
 * {@code runDue}, as it would a moment later on a real executor's thread. So a whole cluster's
 * timers, timeouts and hand-offs run on one thread, in an order that is the same on every run.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  /** More tasks than this at one instant is a loop that never lets time move. */
  private static final int MAX_TASKS_AT_ONE_INSTANT = 1_000_000;

  private final ManualClock clock;
  private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
  private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
  private long sequence;
  private boolean shutdown;

  public ManualScheduler(ManualClock clock) {
    this.clock = clock;
  }

  /** A scheduled task: due at an instant, ordered by that and then by when it was scheduled. */
  private final class Task<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
    private final Instant due;
    private final long order;
    private final boolean handOff;

    Task(Callable<V> callable, Instant due, long order, boolean handOff) {
      super(callable);
      this.due = due;
      this.order = order;
      this.handOff = handOff;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(Duration.between(clock.instant(), due));
    }

    @Override
    public int compareTo(Delayed other) {
      if (other instanceof ManualScheduler.Task<?> task) {
        int byTime = due.compareTo(task.due);
        return byTime != 0 ? byTime : Long.compare(order, task.order);
      }
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean isPeriodic() {
      return false;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        synchronized (ManualScheduler.this) {
          queue.remove(this);
        }
      }
      return cancelled;
    }

    @Override
    protected void done() {
      // What a real executor's thread would print: a hand-off that threw, which no future reports.
      if (handOff && !isCancelled()) {
        try {
          get();
        } catch (Exception e) {
          uncaught.add(e.getCause() != null ? e.getCause() : e);
        }
      }
    }
  }

  /** The clock this scheduler keeps. */
  public ManualClock clock() {
    return clock;
  }

  /** Runs {@code task} when the clock reaches {@code when} (at the next {@link #runDue} if that has passed). */
  public ScheduledFuture<?> at(Instant when, Runnable task) {
    Duration delay = Duration.between(clock.instant(), when);
    return schedule(task, delay.isNegative() ? 0 : delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Moves the clock to {@code until}, running every task due by then at its own time. */
  public void advanceTo(Instant until) {
    int atThisInstant = 0;
    Instant instant = clock.instant();
    while (true) {
      Task<?> next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.due.isAfter(until)) {
          break;
        }
        queue.poll();
      }
      if (next.due.isAfter(clock.instant())) {
        clock.set(next.due);
      }
      if (clock.instant().equals(instant)) {
        if (++atThisInstant > MAX_TASKS_AT_ONE_INSTANT) {
          throw new IllegalStateException("more than " + MAX_TASKS_AT_ONE_INSTANT + " tasks at " + instant
              + ": a task that keeps scheduling itself at once");
        }
      } else {
        instant = clock.instant();
        atThisInstant = 0;
      }
      next.run();
    }
    if (until.isAfter(clock.instant())) {
      clock.set(until);
    }
  }

  /** Moves the clock on by {@code duration}, running every task due by then at its own time. */
  public void advance(Duration duration) {
    advanceTo(clock.instant().plus(duration));
  }

  /** Runs what is due now, including what those tasks hand off or schedule for now. */
  public void runDue() {
    advanceTo(clock.instant());
  }

  /** Tasks scheduled and neither run nor cancelled. */
  public synchronized int pending() {
    return queue.size();
  }

  /** What tasks handed off with {@code execute} threw: on a real executor, a thread's uncaught exceptions. */
  public List<Throwable> uncaught() {
    return List.copyOf(uncaught);
  }

  private synchronized <V> Task<V> enqueue(Callable<V> callable, long delay, TimeUnit unit, boolean handOff) {
    if (shutdown) {
      throw new RejectedExecutionException("the manual scheduler is shut down");
    }
    Instant due = clock.instant().plus(Duration.ofNanos(Math.max(0, unit.toNanos(delay))));
    Task<V> task = new Task<>(callable, due, sequence++, handOff);
    queue.add(task);
    return task;
  }

  @Override
  public void execute(Runnable command) {
    enqueue(Executors.callable(command, null), 0, TimeUnit.NANOSECONDS, true);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return enqueue(Executors.callable(command, null), delay, unit, false);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return enqueue(callable, delay, unit, false);
  }

  /** Not used by the duty workflow, which schedules each tick itself. */
  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException("periodic tasks are not supported on manual time");
  }

  /** Not used by the duty workflow, which schedules each tick itself. */
  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("periodic tasks are not supported on manual time");
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> never = new ArrayList<>(queue);
    queue.clear();
    return never;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  /** Nothing runs by itself here, so a shut-down scheduler has terminated. */
  @Override
  public synchronized boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }
}
