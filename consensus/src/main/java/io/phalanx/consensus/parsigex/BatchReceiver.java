package io.phalanx.consensus.parsigex;

import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.phalanx.consensus.PartialSignatureExchange.Listener;
import io.phalanx.consensus.parsigex.proto.Ack;
import io.phalanx.consensus.parsigex.proto.ParSigExGrpc;
import io.phalanx.consensus.parsigex.proto.PingReply;
import io.phalanx.consensus.parsigex.proto.PingRequest;
import io.phalanx.consensus.tls.PinnedPeerInterceptor;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The server side: takes the sender's node index from its verified certificate, decodes the
 * batch, and hands it to the listeners. A malformed batch is answered with INVALID_ARGUMENT,
 * counted and logged with the sender's index; it never reaches a listener.
 */
final class BatchReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(BatchReceiver.class);
  private static final Context.Key<Integer> PEER_INDEX = Context.key("phalanx-parsigex-peer");
  /** Enough to recognize a retried batch: a sender retries one batch for a few seconds at most. */
  private static final int RECENT_IDS_PER_PEER = 4096;
  private static final Duration REJECT_LOG_INTERVAL = Duration.ofMinutes(1);

  /**
   * {@code ParSigEx.Send} with the request left as bytes, parsed by {@link BatchCodec} so that a
   * batch that is not even protobuf is rejected, counted and logged like any other malformed one.
   */
  static final MethodDescriptor<byte[], Ack> SEND = ParSigExGrpc.getSendMethod().toBuilder(
      new RawBytesMarshaller(), ProtoUtils.marshaller(Ack.getDefaultInstance())).build();

  private final int ownIndex;
  private final PeerTls tls;
  private final BatchCodec codec;
  private final IntFunction<PeerCounters> counters;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Map<Integer, RecentIds> recentIds = new ConcurrentHashMap<>();
  private final Map<Integer, RateLimitedLog> rejectLogs = new ConcurrentHashMap<>();
  private final Clock clock;

  BatchReceiver(int ownIndex, PeerTls tls, BatchCodec codec, IntFunction<PeerCounters> counters, Clock clock) {
    this.ownIndex = ownIndex;
    this.tls = tls;
    this.codec = codec;
    this.counters = counters;
    this.clock = clock;
  }

  void subscribe(Listener listener) {
    listeners.add(listener);
  }

  ServerServiceDefinition service() {
    ServerServiceDefinition service = ServerServiceDefinition.builder(ParSigExGrpc.SERVICE_NAME)
        .addMethod(SEND, ServerCalls.asyncUnaryCall(this::receive))
        .addMethod(ParSigExGrpc.getPingMethod(), ServerCalls.asyncUnaryCall(this::ping))
        .build();
    return ServerInterceptors.intercept(service, new PinnedPeerInterceptor(tls.pinned(), ownIndex, PEER_INDEX,
        address -> LOG.warn("node {}: refused a call from {}: its certificate is not a peer's", ownIndex, address)));
  }

  /** Answers a peer's ping with this node's wall-clock times of arrival and answer. */
  private void ping(PingRequest request, StreamObserver<PingReply> response) {
    long received = PeerPinger.unixNanos(clock.instant());
    response.onNext(PingReply.newBuilder().setReceivedUnixNanos(received)
        .setRepliedUnixNanos(PeerPinger.unixNanos(clock.instant())).build());
    response.onCompleted();
  }

  private void receive(byte[] wire, StreamObserver<Ack> response) {
    int from = PEER_INDEX.get();
    BatchCodec.Decoded batch;
    try {
      batch = codec.decode(from, wire);
    } catch (MalformedBatchException e) {
      counters.apply(from).rejected();
      rejectLogs.computeIfAbsent(from, i -> new RateLimitedLog(LOG, Level.WARN, clock, REJECT_LOG_INTERVAL))
          .log("node " + ownIndex + ": rejected a malformed batch from node " + from + ": " + e.getMessage());
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    if (recentIds.computeIfAbsent(from, i -> new RecentIds()).add(batch.messageId())) {
      counters.apply(from).received(batch.partials().size());
      for (Listener listener : listeners) {
        try {
          listener.onPartials(from, batch.key(), batch.partials());
        } catch (RuntimeException e) {
          LOG.error("node " + ownIndex + ": a listener failed on " + batch.key() + " from node " + from, e);
        }
      }
    }
    response.onNext(Ack.getDefaultInstance());
    response.onCompleted();
  }

  /** The latest message ids from one peer. */
  private static final class RecentIds {
    private final Map<Long, Boolean> ids = new LinkedHashMap<>() {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
        return size() > RECENT_IDS_PER_PEER;
      }
    };

    /** False if {@code id} is among the latest. */
    synchronized boolean add(long id) {
      return ids.put(id, Boolean.TRUE) == null;
    }
  }
}
