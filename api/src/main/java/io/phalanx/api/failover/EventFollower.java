package io.phalanx.api.failover;

import static io.phalanx.api.failover.Failures.isRequestError;
import static io.phalanx.api.failover.Failures.message;
import static io.phalanx.api.failover.Failures.unwrap;

import io.phalanx.api.BeaconEventSource.Subscription;
import io.phalanx.api.client.EventStream;
import io.phalanx.api.failover.FailoverBeaconNode.Switch;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Follows the endpoint serving reads: reconnects when it changes or when its stream ends. */
final class EventFollower implements Subscription {
  /** Logged under the failover client's name, where operators look for it. */
  private static final Logger LOG = LoggerFactory.getLogger(FailoverBeaconNode.class);

  private final ReadinessMonitor monitor;
  private final String topicsQuery;
  private final Consumer<byte[]> onEvent;
  private final Consumer<Switch> listener = this::onSwitch;
  private volatile boolean stopped;
  private Endpoint current;
  private EventStream stream;
  private long generation;

  private EventFollower(ReadinessMonitor monitor, String topicsQuery, Consumer<byte[]> onEvent) {
    this.monitor = monitor;
    this.topicsQuery = topicsQuery;
    this.onEvent = onEvent;
  }

  /** Starts following: connects to the endpoint serving reads now and moves with every switch. */
  static EventFollower follow(ReadinessMonitor monitor, String topicsQuery, Consumer<byte[]> onEvent) {
    EventFollower follower = new EventFollower(monitor, topicsQuery, onEvent);
    monitor.onSwitch(follower.listener);
    follower.connect();
    return follower;
  }

  synchronized void connect() {
    if (stopped || monitor.closed()) {
      return;
    }
    long gen = ++generation;
    if (stream != null) {
      stream.close();
      stream = null;
    }
    List<Endpoint> order = monitor.readOrder();
    if (order.isEmpty()) {
      current = null;
      retryLater(gen);
      return;
    }
    Endpoint e = order.getFirst();
    current = e;
    e.client.events(topicsQuery, event -> {
      if (isCurrent(gen)) {
        onEvent.accept(event);
      }
    }, reason -> {
      if (reason != null && isCurrent(gen)) {
        LOG.warn("event stream from {} ended: {}", e.name, message(reason));
        monitor.failed(e, reason, "the event stream");
        retryLater(gen);
      }
    }).whenComplete((s, error) -> {
      synchronized (this) {
        if (error != null) {
          if (gen == generation) {
            Throwable cause = unwrap(error);
            if (!isRequestError(cause)) {
              monitor.failed(e, cause, "opening the event stream");
            }
            retryLater(gen);
          }
        } else if (gen != generation || stopped) {
          s.close();
        } else {
          stream = s;
          LOG.debug("events ({}) from {}", topicsQuery, e.name);
        }
      }
    });
  }

  private synchronized boolean isCurrent(long gen) {
    return gen == generation && !stopped;
  }

  private void retryLater(long gen) {
    if (stopped || monitor.closed()) {
      return;
    }
    monitor.later(() -> {
      if (isCurrent(gen)) {
        connect();
      }
    }, Math.max(50, monitor.config().checkInterval().toMillis() / 10));
  }

  private void onSwitch(Switch s) {
    Endpoint now = monitor.serving();
    boolean move;
    synchronized (this) {
      move = !stopped && now != null && now != current;
    }
    if (move) {
      connect();
    }
  }

  @Override
  public synchronized void close() {
    stopped = true;
    generation++;
    monitor.removeSwitchListener(listener);
    if (stream != null) {
      stream.close();
      stream = null;
    }
  }
}
