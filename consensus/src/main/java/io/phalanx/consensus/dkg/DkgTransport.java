package io.phalanx.consensus.dkg;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.phalanx.consensus.dkg.proto.Abort;
import io.phalanx.consensus.dkg.proto.DkgAck;
import io.phalanx.consensus.dkg.proto.DkgGrpc;
import io.phalanx.consensus.dkg.proto.DkgMessage;
import io.phalanx.consensus.tls.PinnedPeerInterceptor;
import io.phalanx.consensus.tls.PinnedPeers;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ceremony's messages over gRPC with mutual TLS pinned to the definition: one server, one
 * channel per peer. Sends retry a peer that is not up yet until the round's deadline; received
 * messages wait in an inbox by kind and sender until the ceremony asks for them. A peer's abort,
 * a peer with another definition, or a peer that cannot be reached ends every wait at once.
 */
final class DkgTransport implements AutoCloseable {
  private static final Context.Key<Integer> PEER = Context.key("phalanx-dkg-peer");
  private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
  private static final Duration MAX_ATTEMPT = Duration.ofSeconds(20);
  private static final int MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

  private final int self;
  private final Bytes definitionHash;
  private final List<InetSocketAddress> addresses;
  private final DkgTls tls;
  private final Server server;
  private final Map<Integer, ManagedChannel> channels = new TreeMap<>();
  private final ExecutorService senders;
  private final Map<DkgMessage.PayloadCase, Map<Integer, DkgMessage>> inbox =
      new EnumMap<>(DkgMessage.PayloadCase.class);
  private String failure;
  private boolean failureFromPeer;

  DkgTransport(int self, Bytes definitionHash, PinnedPeers pinned, InetSocketAddress bind,
      List<InetSocketAddress> addresses) {
    this.self = self;
    this.definitionHash = definitionHash;
    this.addresses = List.copyOf(addresses);
    this.tls = new DkgTls(pinned);
    AtomicInteger count = new AtomicInteger();
    this.senders = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "dkg-" + self + "-send-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.server = NettyServerBuilder.forAddress(bind, tls.serverCredentials())
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .addService(ServerInterceptors.intercept(new Receiver(),
            new PinnedPeerInterceptor(tls.pinned(), self, PEER, address -> { })))
        .build();
    for (int i = 0; i < addresses.size(); i++) {
      if (i != self) {
        channels.put(i, NettyChannelBuilder.forAddress(addresses.get(i), tls.channelCredentials(i))
            .overrideAuthority("phalanx-node" + i)
            .maxInboundMessageSize(MAX_MESSAGE_BYTES)
            .build());
      }
    }
  }

  void start() {
    try {
      server.start();
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("node " + self + " cannot listen on " + addresses.get(self) + ": " + e.getMessage(), e);
    }
  }

  String describe(int node) {
    return "node " + node + " (" + addresses.get(node).getHostString() + ":" + addresses.get(node).getPort() + ")";
  }

  /**
   * Delivers {@code message} to {@code peer}, retrying while the peer is unreachable until {@code
   * deadline}. A final failure also ends every wait of {@link #awaitAll}, naming the peer.
   */
  CompletableFuture<Void> send(int peer, DkgMessage message, Instant deadline) {
    return CompletableFuture.runAsync(() -> {
      Status last = Status.UNAVAILABLE;
      while (true) {
        long remaining = Duration.between(Instant.now(), deadline).toMillis();
        if (remaining <= 0) {
          throw fail("could not reach " + describe(peer) + " before the timeout: " + oneLine(last), false);
        }
        ManagedChannel channel = channels.get(peer);
        if (channel.isShutdown()) {
          return;
        }
        try {
          DkgGrpc.newBlockingStub(channel)
              .withDeadlineAfter(Math.min(remaining, MAX_ATTEMPT.toMillis()), TimeUnit.MILLISECONDS)
              .send(message);
          return;
        } catch (StatusRuntimeException e) {
          last = e.getStatus();
          if (last.getCode() == Status.Code.FAILED_PRECONDITION) {
            throw fail(describe(peer) + " refused this node's messages: " + last.getDescription(), false);
          }
          if (last.getCode() != Status.Code.UNAVAILABLE && last.getCode() != Status.Code.DEADLINE_EXCEEDED) {
            throw fail(describe(peer) + " failed: " + oneLine(last), false);
          }
          channel.resetConnectBackoff();
          try {
            Thread.sleep(RETRY_PAUSE.toMillis());
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }, senders);
  }

  /**
   * Waits until every node in {@code from} has sent a message of {@code kind}, and returns them by
   * sender.
   *
   * @throws DkgAbortedException on a peer's abort, an unreachable peer, or the deadline, naming
   *     the peers and why
   */
  synchronized Map<Integer, DkgMessage> awaitAll(DkgMessage.PayloadCase kind, Set<Integer> from, Instant deadline,
      String round) {
    while (true) {
      if (failure != null) {
        throw new DkgAbortedException(failure, failureFromPeer);
      }
      Map<Integer, DkgMessage> got = inbox.getOrDefault(kind, Map.of());
      List<Integer> missing = from.stream().filter(p -> !got.containsKey(p)).sorted().toList();
      if (missing.isEmpty()) {
        Map<Integer, DkgMessage> out = new TreeMap<>();
        from.forEach(p -> out.put(p, got.get(p)));
        return out;
      }
      long remaining = Duration.between(Instant.now(), deadline).toMillis();
      if (remaining <= 0) {
        throw new DkgAbortedException("timed out in round '" + round + "' waiting for "
            + String.join(", ", missing.stream().map(this::describe).toList())
            + " (is it running, with the same definition and --peers?)");
      }
      try {
        wait(remaining);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DkgAbortedException("interrupted");
      }
    }
  }

  /** Tells every peer the ceremony stopped and why; best effort, a second at most. */
  void abortAll(String reason) {
    Instant deadline = Instant.now().plusSeconds(1);
    DkgMessage abort = DkgMessage.newBuilder().setDefinitionHash(ByteString.copyFrom(
            definitionHash.toArray()))
        .setAbort(Abort.newBuilder().setReason(reason)).build();
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int peer : channels.keySet()) {
      sends.add(CompletableFuture.runAsync(() -> {
        try {
          DkgGrpc.newBlockingStub(channels.get(peer)).withDeadlineAfter(
              Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS).send(abort);
        } catch (StatusRuntimeException ignored) {
          // the peer may be gone already; it stops on its own timeout then
        }
      }, senders));
    }
    sends.forEach(f -> f.exceptionally(e -> null).join());
  }

  private synchronized DkgAbortedException fail(String reason, boolean fromPeer) {
    if (failure == null) {
      failure = reason;
      failureFromPeer = fromPeer;
      notifyAll();
    }
    return new DkgAbortedException(reason, fromPeer);
  }

  private synchronized void deliver(int from, DkgMessage message) {
    inbox.computeIfAbsent(message.getPayloadCase(), k -> new HashMap<>()).putIfAbsent(from, message);
    notifyAll();
  }

  @Override
  public void close() {
    // Gracefully first: a peer's last message has arrived here, but its answer may still be on
    // the way back, and a cancelled answer would make the peer think the message was lost.
    server.shutdown();
    channels.values().forEach(ManagedChannel::shutdown);
    try {
      server.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.shutdownNow();
    channels.values().forEach(ManagedChannel::shutdownNow);
    senders.shutdownNow();
    try {
      server.awaitTermination(2, TimeUnit.SECONDS);
      for (ManagedChannel channel : channels.values()) {
        channel.awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String oneLine(Status status) {
    String d = status.getDescription();
    return d == null ? status.getCode().toString() : status.getCode() + " " + d.lines().findFirst().orElse("");
  }

  private final class Receiver extends DkgGrpc.DkgImplBase {
    @Override
    public void send(DkgMessage message, StreamObserver<DkgAck> response) {
      int from = PEER.get();
      Bytes theirs = Bytes.of(message.getDefinitionHash().toByteArray());
      if (!theirs.equals(definitionHash)) {
        fail(describe(from) + " runs another cluster definition (hash " + theirs + ", this node's is "
            + definitionHash + "); every operator must use the same signed cluster-definition.json", false);
        response.onError(Status.FAILED_PRECONDITION.withDescription("node " + self + " runs definition "
            + definitionHash + ", not " + theirs).asRuntimeException());
        return;
      }
      if (message.getPayloadCase() == DkgMessage.PayloadCase.ABORT) {
        fail(describe(from) + " stopped the ceremony: " + message.getAbort().getReason(), true);
      } else if (message.getPayloadCase() == DkgMessage.PayloadCase.PAYLOAD_NOT_SET) {
        response.onError(Status.INVALID_ARGUMENT.withDescription("empty message").asRuntimeException());
        return;
      } else {
        deliver(from, message);
      }
      response.onNext(DkgAck.getDefaultInstance());
      response.onCompleted();
    }
  }

}
