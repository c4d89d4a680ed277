package io.phalanx.consensus.parsigex;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.phalanx.consensus.parsigex.proto.Ack;
import io.phalanx.consensus.parsigex.proto.ParSigExGrpc;
import io.phalanx.consensus.parsigex.proto.PartialSignatureBatch;
import io.phalanx.spec.duty.DutyKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Delivers batches to one peer over one channel, each on its own: a failed attempt is retried
 * with exponential backoff until the batch's deadline, then the batch is dropped. One attempt of a
 * batch is under way at a time; an attempt whose answer was lost may still have arrived, and the
 * receiver recognizes the repeat by the batch's message id.
 *
 * <p>A peer that is down for long would otherwise fill the log: the change from reachable to
 * unreachable and back is logged once each, and drops at most once a minute.
 */
final class PeerSender {
  private static final Logger LOG = LoggerFactory.getLogger(PeerSender.class);
  static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
  static final Duration MAX_BACKOFF = Duration.ofMillis(500);
  /** Time an attempt gets at least: a last attempt is made this long before the deadline. */
  static final Duration LAST_ATTEMPT_TIME = Duration.ofMillis(100);
  private static final Duration DROP_LOG_INTERVAL = Duration.ofMinutes(1);
  /** What a later attempt may cure; anything else (a malformed or oversized batch) it cannot. */
  private static final Set<Status.Code> RETRYABLE =
      Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.ABORTED);

  private final String self;
  private final int peerIndex;
  private final ManagedChannel channel;
  private final ParSigExGrpc.ParSigExStub stub;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final PeerCounters counters;
  private final RateLimitedLog dropLog;
  private final AtomicBoolean reachable = new AtomicBoolean(true);

  PeerSender(int selfIndex, int peerIndex, ManagedChannel channel, ScheduledExecutorService scheduler, Clock clock,
      PeerCounters counters) {
    this.self = "node " + selfIndex + ": ";
    this.peerIndex = peerIndex;
    this.channel = channel;
    this.stub = ParSigExGrpc.newStub(channel);
    this.scheduler = scheduler;
    this.clock = clock;
    this.counters = counters;
    this.dropLog = new RateLimitedLog(LOG, Level.WARN, clock, DROP_LOG_INTERVAL);
  }

  private record Delivery(DutyKey key, PartialSignatureBatch batch, Instant deadline) {}

  /** Starts delivering {@code batch}; returns at once. */
  void send(DutyKey key, PartialSignatureBatch batch, Instant deadline) {
    attempt(new Delivery(key, batch, deadline), FIRST_BACKOFF);
  }

  /** Counts a batch that was never attempted, e.g. one over the size limit. */
  void dropUnsent() {
    counters.dropped();
  }

  ManagedChannel channel() {
    return channel;
  }

  private void attempt(Delivery delivery, Duration nextBackoff) {
    if (channel.isShutdown()) {
      return;
    }
    long remainingMillis = Duration.between(clock.instant(), delivery.deadline()).toMillis();
    if (remainingMillis <= 0) {
      drop(delivery, "the deadline passed");
      return;
    }
    // After a failed connection the channel waits out its own reconnect backoff (up to two
    // minutes) and fails calls at once meanwhile; this exchange paces its retries itself.
    if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
      channel.resetConnectBackoff();
    }
    stub.withDeadlineAfter(remainingMillis, TimeUnit.MILLISECONDS).send(delivery.batch(), new StreamObserver<>() {
      @Override
      public void onNext(Ack ack) {}

      @Override
      public void onError(Throwable t) {
        failed(delivery, nextBackoff, Status.fromThrowable(t));
      }

      @Override
      public void onCompleted() {
        counters.sent();
        if (reachable.compareAndSet(false, true)) {
          LOG.info("{}node {} is reachable again", self, peerIndex);
        }
      }
    });
  }

  private void failed(Delivery delivery, Duration backoff, Status status) {
    if (channel.isShutdown()) {
      return;
    }
    if (!RETRYABLE.contains(status.getCode())) {
      drop(delivery, "refused: " + describe(status));
      return;
    }
    if (reachable.compareAndSet(true, false)) {
      LOG.warn("{}node {} is unreachable ({}); retrying each batch until its deadline", self,
          peerIndex, describe(status));
    }
    long untilLastAttempt =
        Duration.between(clock.instant(), delivery.deadline().minus(LAST_ATTEMPT_TIME)).toMillis();
    if (untilLastAttempt <= 0) {
      drop(delivery, "unreachable until the deadline: " + describe(status));
      return;
    }
    Duration following = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    try {
      scheduler.schedule(() -> attempt(delivery, following), Math.min(backoff.toMillis(), untilLastAttempt),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // The exchange is closing; the batch goes with it.
    }
  }

  private void drop(Delivery delivery, String reason) {
    counters.dropped();
    dropLog.log(self + "dropped " + delivery.key() + " (" + delivery.batch().getPartialsCount() + " partials) for node "
        + peerIndex + ": " + reason);
  }

  /** The status on one line (Netty appends the channel pipeline to some descriptions). */
  private static String describe(Status status) {
    String description = status.getDescription();
    return description == null ? status.getCode().toString()
        : status.getCode() + " " + description.lines().findFirst().orElse("");
  }
}
