package io.phalanx.consensus.parsigex;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.phalanx.consensus.parsigex.proto.ParSigExGrpc;
import io.phalanx.consensus.parsigex.proto.PingReply;
import io.phalanx.consensus.parsigex.proto.PingRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pings one peer over the exchange's channel at a fixed interval: the answer gives the round
 * trip (on this node's monotonic clock) and the offset between the two wall clocks (from the
 * peer's receive and reply times, as NTP does). A peer whose pings go unanswered for {@link
 * #STALE_AFTER_INTERVALS} intervals counts as disconnected.
 */
final class PeerPinger {
  static final Duration INTERVAL = Duration.ofSeconds(1);
  static final int STALE_AFTER_INTERVALS = 3;

  private final ManagedChannel channel;
  private final ParSigExGrpc.ParSigExStub stub;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private volatile PeerLink link = PeerLink.UNKNOWN;
  private volatile long lastAnswerNanos;
  private volatile boolean answeredOnce;
  private ScheduledFuture<?> task;

  PeerPinger(ManagedChannel channel, ScheduledExecutorService scheduler, Clock clock) {
    this.channel = channel;
    this.stub = ParSigExGrpc.newStub(channel);
    this.scheduler = scheduler;
    this.clock = clock;
  }

  void start() {
    try {
      task = scheduler.scheduleWithFixedDelay(this::ping, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }

  PeerLink link() {
    PeerLink l = link;
    boolean fresh = answeredOnce
        && System.nanoTime() - lastAnswerNanos <= INTERVAL.multipliedBy(STALE_AFTER_INTERVALS).toNanos();
    return fresh == l.connected() ? l
        : new PeerLink(fresh, l.roundTripMillis(), l.clockOffsetMillis(), l.pingsAnswered(), l.pingsFailed());
  }

  private void ping() {
    if (channel.isShutdown()) {
      return;
    }
    if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
      channel.resetConnectBackoff();
    }
    long startNanos = System.nanoTime();
    long sentUnix = unixNanos(clock.instant());
    stub.withDeadlineAfter(INTERVAL.toMillis(), TimeUnit.MILLISECONDS)
        .ping(PingRequest.newBuilder().setSentUnixNanos(sentUnix).build(), new StreamObserver<>() {
          @Override
          public void onNext(PingReply reply) {
            long endNanos = System.nanoTime();
            long answerUnix = sentUnix + (endNanos - startNanos);
            double offsetNanos = ((reply.getReceivedUnixNanos() - sentUnix)
                + (double) (reply.getRepliedUnixNanos() - answerUnix)) / 2;
            PeerLink before = link;
            lastAnswerNanos = endNanos;
            answeredOnce = true;
            link = new PeerLink(true, (endNanos - startNanos) / 1e6, offsetNanos / 1e6, before.pingsAnswered() + 1,
                before.pingsFailed());
          }

          @Override
          public void onError(Throwable t) {
            PeerLink before = link;
            link = new PeerLink(before.connected(), before.roundTripMillis(), before.clockOffsetMillis(),
                before.pingsAnswered(), before.pingsFailed() + 1);
          }

          @Override
          public void onCompleted() {}
        });
  }

  static long unixNanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
