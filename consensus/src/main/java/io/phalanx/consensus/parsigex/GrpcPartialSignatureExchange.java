package io.phalanx.consensus.parsigex;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.phalanx.consensus.PartialSignature;
import io.phalanx.consensus.PartialSignatureExchange;
import io.phalanx.consensus.parsigex.proto.PartialSignatureBatch;
import io.phalanx.consensus.tls.PinnedPeers;
import io.phalanx.spec.duty.DutyKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partial-signature exchange over gRPC with mutual TLS pinned to the cluster lock.
 *
 * <p>Each node runs one server and keeps one channel to every peer. {@link #broadcast} encodes
 * the batch once on the exchange's sender thread and delivers it to each peer on its own,
 * retrying a peer that is down until the configured deadline ({@link PeerSender}). Received
 * batches are decoded strictly and handed to the listeners on the server's executor, with the
 * sender's node index taken from its TLS certificate ({@link BatchReceiver}).
 *
 * <p>The exchange owns all of its threads (the Netty event loops, the server executor, the
 * sender thread), all named {@code parsigex-<node index>-...}; {@link #close()} ends them.
 */
public final class GrpcPartialSignatureExchange implements PartialSignatureExchange {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcPartialSignatureExchange.class);
  private static final long CLOSE_TIMEOUT_MILLIS = 2_000;

  private final ParSigExConfig config;
  private final List<PeerCounters> counters;
  private final EventLoopGroup eventLoops;
  private final ExecutorService serverExecutor;
  private final ScheduledThreadPoolExecutor sender;
  private final BatchReceiver receiver;
  private final Server server;
  private final List<PeerSender> peers;
  /** By node index; null at this node's own. */
  private final List<PeerPinger> pingers;
  private final AtomicBoolean closed = new AtomicBoolean();

  private GrpcPartialSignatureExchange(ParSigExConfig config) {
    this.config = config;
    int self = config.nodeIndex();
    List<PeerCounters> allCounters = new ArrayList<>();
    for (int i = 0; i < config.lock().nodeCount(); i++) {
      allCounters.add(new PeerCounters());
    }
    this.counters = List.copyOf(allCounters);
    this.eventLoops = new MultiThreadIoEventLoopGroup(2, threads(self, "io"), NioIoHandler.newFactory());
    this.serverExecutor = Executors.newFixedThreadPool(2, threads(self, "receive"));
    this.sender = new ScheduledThreadPoolExecutor(1, threads(self, "send"));
    sender.setRemoveOnCancelPolicy(true);

    PeerTls tls = new PeerTls(new PinnedPeers(config.lock(), config.identity()));
    this.receiver = new BatchReceiver(self, tls, new BatchCodec(config.lock()), counters::get, config.clock());
    this.server = NettyServerBuilder.forAddress(config.bindAddress(), tls.serverCredentials())
        .bossEventLoopGroup(eventLoops)
        .workerEventLoopGroup(eventLoops)
        .channelType(NioServerSocketChannel.class)
        .executor(serverExecutor)
        .maxInboundMessageSize(config.maxMessageBytes())
        .addService(receiver.service())
        .build();

    List<PeerSender> senders = new ArrayList<>();
    List<PeerPinger> allPingers = new ArrayList<>();
    for (int i = 0; i < config.lock().nodeCount(); i++) {
      if (i == self) {
        allPingers.add(null);
        continue;
      }
      ManagedChannel channel = NettyChannelBuilder.forAddress(config.peerAddresses().get(i), tls.channelCredentials(i))
          .overrideAuthority(PeerTls.authorityOf(i))
          .eventLoopGroup(eventLoops)
          .channelType(NioSocketChannel.class)
          .executor(sender)
          .offloadExecutor(sender)
          .maxInboundMessageSize(config.maxMessageBytes())
          .build();
      senders.add(new PeerSender(self, i, channel, sender, config.clock(), counters.get(i)));
      allPingers.add(new PeerPinger(channel, sender, config.clock()));
    }
    this.peers = List.copyOf(senders);
    this.pingers = Collections.unmodifiableList(allPingers);
  }

  /**
   * Starts listening on the configured bind address and starts connecting to the peers.
   *
   * @throws UncheckedIOException if the bind address cannot be bound
   */
  public static GrpcPartialSignatureExchange start(ParSigExConfig config) {
    GrpcPartialSignatureExchange exchange = new GrpcPartialSignatureExchange(config);
    try {
      exchange.server.start();
    } catch (IOException e) {
      exchange.close();
      throw new UncheckedIOException(
          "node " + config.nodeIndex() + " cannot listen on " + config.bindAddress() + ": " + e.getMessage(), e);
    }
    // Connect ahead of the first broadcast, so that it does not wait for TLS handshakes.
    exchange.peers.forEach(peer -> peer.channel().getState(true));
    exchange.pingers.stream().filter(Objects::nonNull).forEach(PeerPinger::start);
    LOG.info("node {} exchanges partial signatures on {}", config.nodeIndex(), exchange.localAddress());
    return exchange;
  }

  /** Where the server listens (with the actual port if the configured one was 0). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.getListenSockets().get(0);
  }

  @Override
  public void broadcast(DutyKey key, List<PartialSignature> partials) {
    Objects.requireNonNull(key, "key");
    List<PartialSignature> batch = List.copyOf(partials);
    if (batch.isEmpty() || closed.get()) {
      return;
    }
    Instant deadline = config.clock().instant().plus(config.retryDeadline());
    try {
      sender.execute(() -> send(key, batch, deadline));
    } catch (RejectedExecutionException e) {
      // Closed meanwhile.
    }
  }

  private void send(DutyKey key, List<PartialSignature> partials, Instant deadline) {
    PartialSignatureBatch batch = BatchCodec.encode(nextMessageId(), key, partials);
    if (batch.getSerializedSize() > config.maxMessageBytes()) {
      LOG.error("node {}: not sending {}: its {} partials take {} bytes, more than the limit of {}",
          config.nodeIndex(), key, partials.size(), batch.getSerializedSize(), config.maxMessageBytes());
      peers.forEach(PeerSender::dropUnsent);
      return;
    }
    for (PeerSender peer : peers) {
      peer.send(key, batch, deadline);
    }
  }

  private static long nextMessageId() {
    long id;
    do {
      id = ThreadLocalRandom.current().nextLong();
    } while (id == 0);
    return id;
  }

  @Override
  public void subscribe(Listener listener) {
    receiver.subscribe(Objects.requireNonNull(listener, "listener"));
  }

  /** What this node exchanged with node {@code nodeIndex} so far. */
  public PeerCounts counts(int nodeIndex) {
    return counters.get(Objects.checkIndex(nodeIndex, counters.size())).snapshot();
  }

  /**
   * This node's link to node {@code nodeIndex}: connected, round trip, clock offset, from pings
   * once a second. This node's own index answers connected with zero round trip and offset.
   */
  public PeerLink peerLink(int nodeIndex) {
    PeerPinger pinger = pingers.get(Objects.checkIndex(nodeIndex, pingers.size()));
    return pinger == null ? new PeerLink(true, 0, 0, 0, 0) : pinger.link();
  }

  /**
   * Stops at once: pending retries are abandoned, calls under way are cancelled, and every thread
   * of the exchange has ended when this returns (or after a couple of seconds at most).
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_TIMEOUT_MILLIS);
    pingers.stream().filter(Objects::nonNull).forEach(PeerPinger::stop);
    server.shutdownNow();
    peers.forEach(peer -> peer.channel().shutdownNow());
    try {
      server.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS);
      for (PeerSender peer : peers) {
        peer.channel().awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS);
      }
      sender.shutdownNow();
      serverExecutor.shutdownNow();
      eventLoops.shutdownGracefully(0, CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      sender.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS);
      serverExecutor.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS);
      eventLoops.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("node {} stopped exchanging partial signatures", config.nodeIndex());
  }

  private static long remaining(long deadlineNanos) {
    return Math.max(0, deadlineNanos - System.nanoTime());
  }

  private static ThreadFactory threads(int nodeIndex, String role) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "parsigex-" + nodeIndex + "-" + role + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
