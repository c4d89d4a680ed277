package io.phalanx.sim.vc;

import io.phalanx.spec.testing.ManualClock;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Runs tasks when the test moves the clock past their time, in time order, on the test's thread:
 * a slot's timeline is replayed without waiting and without races.
 */
final class ManualScheduler implements TaskScheduler {
  private final ManualClock clock;
  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(Comparator.comparing(Task::due).thenComparingLong(Task::sequence));
  private long sequence;

  ManualScheduler(ManualClock clock) {
    this.clock = clock;
  }

  private record Task(Instant due, long sequence, Runnable runnable) {}

  @Override
  public synchronized Cancellable schedule(Runnable runnable, Duration delay) {
    Task task = new Task(clock.instant().plus(delay), sequence++, runnable);
    queue.add(task);
    return () -> {
      synchronized (this) {
        queue.remove(task);
      }
    };
  }

  /** Moves the clock to {@code until}, running every task due by then at its own time. */
  void advanceTo(Instant until) {
    while (true) {
      Task next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.due().isAfter(until)) {
          break;
        }
        queue.poll();
      }
      if (next.due().isAfter(clock.instant())) {
        clock.set(next.due());
      }
      next.runnable().run();
    }
    if (until.isAfter(clock.instant())) {
      clock.set(until);
    }
  }

  void advance(Duration by) {
    advanceTo(clock.instant().plus(by));
  }

  /** Runs what is due now, including what those tasks schedule for now. */
  void runDue() {
    advanceTo(clock.instant());
  }

  /** Tasks scheduled and neither run nor cancelled. */
  synchronized int pending() {
    return queue.size();
  }
}
