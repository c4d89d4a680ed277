package io.phalanx.api.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.phalanx.api.BeaconEventSource;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.ValidatorApi;
import io.phalanx.api.capture.CapturedExchange;
import io.phalanx.api.capture.ExchangeCapture;
import io.phalanx.api.json.ProxyHeaders;
import io.phalanx.spec.types.ConsensusVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validator-facing beacon API (HTTP/1.1 on Netty): the endpoints of the cluster's duties
 * (attestations, aggregation, proposals, sync committees, exits and registrations) are answered by
 * a {@link ValidatorApi}, every other request is passed unchanged to a {@link BeaconNode} and its
 * answer returned unchanged, so a validator client sees one beacon node.
 *
 * <p>Event-loop threads only parse and route: answers are written when the futures the
 * ValidatorApi or beacon node return complete, on whatever thread completes them.
 */
public final class ValidatorApiServer implements AutoCloseable {
  /** Room for a GET of the spec's 64 validator ids as public keys (about 6.3 KiB of query). */
  static final int MAX_REQUEST_LINE = 16 * 1024;

  static final int MAX_HEADERS = 16 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ValidatorApiServer.class);

  private final Config config;
  private final Router<RouteHandler> router;
  /** Answers what no route serves: passes the request to the beacon node. */
  private final RouteHandler proxy;
  private final EventStreamHandler events;
  private final ChannelGroup connections = new DefaultChannelGroup("validator-api", GlobalEventExecutor.INSTANCE);
  private volatile RequestObserver observer = (method, route, status, elapsed) -> { };
  /** Null unless {@link #captureExchanges} was called: no copy is made of any exchange then. */
  private volatile ExchangeCapture capture;
  private volatile String captureName = "validator API";
  private EventLoopGroup group;
  private Channel channel;

  /**
   * @param bindAddress where to listen; port 0 picks a free port, {@link #port()} tells which
   * @param maxBodyBytes larger request bodies are answered 413
   * @param nodeVersion what {@code GET /eth/v1/node/version} answers, e.g. "Phalanx/0.1.0 (java)"
   * @param consensusVersionAtSlot the fork of a slot, named in v2 answers' {@code version} and
   *     Eth-Consensus-Version header
   * @param eventLoopThreads threads that accept, read and write connections
   */
  public record Config(
      InetSocketAddress bindAddress,
      int maxBodyBytes,
      String nodeVersion,
      LongFunction<ConsensusVersion> consensusVersionAtSlot,
      int eventLoopThreads) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 3600;
    /**
     * A signed Fulu block posted as JSON with its blobs and cell proofs: 21 blobs are about 6 MiB in
     * hex, and later forks raise the count; 32 MiB leaves room.
     */
    public static final int DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;
    public static final int DEFAULT_EVENT_LOOP_THREADS = 2;

    public Config {
      Objects.requireNonNull(bindAddress, "bindAddress");
      Objects.requireNonNull(nodeVersion, "nodeVersion");
      Objects.requireNonNull(consensusVersionAtSlot, "consensusVersionAtSlot");
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
      }
      if (eventLoopThreads < 1) {
        throw new IllegalArgumentException("eventLoopThreads must be positive, got " + eventLoopThreads);
      }
    }

    /** 127.0.0.1:3600, 32 MiB bodies, Fulu, two event-loop threads. */
    public static Config of(String nodeVersion) {
      return new Config(new InetSocketAddress(DEFAULT_HOST, DEFAULT_PORT), DEFAULT_MAX_BODY_BYTES, nodeVersion,
          slot -> ConsensusVersion.FULU, DEFAULT_EVENT_LOOP_THREADS);
    }

    public Config withBindAddress(InetSocketAddress address) {
      return new Config(address, maxBodyBytes, nodeVersion, consensusVersionAtSlot, eventLoopThreads);
    }

    public Config withMaxBodyBytes(int max) {
      return new Config(bindAddress, max, nodeVersion, consensusVersionAtSlot, eventLoopThreads);
    }

    public Config withConsensusVersion(ConsensusVersion version) {
      Objects.requireNonNull(version, "version");
      return withConsensusVersionAtSlot(slot -> version);
    }

    public Config withConsensusVersionAtSlot(LongFunction<ConsensusVersion> versionAtSlot) {
      return new Config(bindAddress, maxBodyBytes, nodeVersion, versionAtSlot, eventLoopThreads);
    }

    public Config withEventLoopThreads(int threads) {
      return new Config(bindAddress, maxBodyBytes, nodeVersion, consensusVersionAtSlot, threads);
    }
  }

  public ValidatorApiServer(Config config, ValidatorApi validatorApi, BeaconNode beaconNode) {
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(beaconNode, "beaconNode");
    this.proxy = request -> beaconNode
        .proxy(new BeaconNode.ProxyRequest(request.method(), request.target(),
            ProxyHeaders.forwardable(request.headers()), request.body()))
        .thenApply(answer ->
            new Response(answer.status(), ProxyHeaders.forwardable(answer.headers()), answer.body()));
    ValidatorApiRoutes routes = new ValidatorApiRoutes(
        Objects.requireNonNull(validatorApi, "validatorApi"), config.nodeVersion(), config.consensusVersionAtSlot());
    this.router = new ProposalRoutes(validatorApi).register(routes.register(new Router<>()));
    new ExitAndRegistrationRoutes(validatorApi).register(router);
    new SyncCommitteeRoutes(validatorApi, proxy).register(router);
    // A beacon-node side that can stream events (the failover client) serves /eth/v1/events.
    this.events = beaconNode instanceof BeaconEventSource source ? new EventStreamHandler(source) : null;
  }

  /** Tells {@code requestObserver} of every answered request from now on (metrics, readiness). */
  public ValidatorApiServer observeRequests(RequestObserver requestObserver) {
    this.observer = Objects.requireNonNull(requestObserver, "requestObserver");
    return this;
  }

  /**
   * Hands every routed or passed-through exchange (request and answer, as written) to {@code
   * exchangeCapture} from now on; null stops capturing. For the beacon-API conformance suite.
   *
   * @param name names this server in the captured exchanges, e.g. "validator API of node 0"
   */
  public ValidatorApiServer captureExchanges(String name, ExchangeCapture exchangeCapture) {
    this.captureName = Objects.requireNonNull(name, "name");
    this.capture = exchangeCapture;
    return this;
  }

  private void capture(Request request, Response response) {
    ExchangeCapture c = capture;
    if (c == null) {
      return;
    }
    c.captured(new CapturedExchange(captureName, request.method(), request.path(),
        request.query(), request.headers(), request.body(), response.status(), response.headers(), response.body()));
  }

  /**
   * Binds and starts serving.
   *
   * @throws IOException if the address cannot be bound
   * @throws IllegalStateException if already started
   */
  public synchronized ValidatorApiServer start() throws IOException {
    if (group != null) {
      throw new IllegalStateException("already started");
    }
    group = new MultiThreadIoEventLoopGroup(config.eventLoopThreads(),
        new DefaultThreadFactory("phalanx-validator-api", true), NioIoHandler.newFactory());
    ChannelFuture bound = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            connections.add(ch);
            ch.pipeline()
                .addLast(new HttpServerCodec(new HttpDecoderConfig()
                    .setMaxInitialLineLength(MAX_REQUEST_LINE)
                    .setMaxHeaderSize(MAX_HEADERS)))
                .addLast(new BodyLimit(config.maxBodyBytes()))
                .addLast(new RequestHandler(router, proxy, events, (method, route, status, elapsed) ->
                    observer.answered(method, route, status, elapsed), ValidatorApiServer.this::capture));
          }
        })
        .bind(config.bindAddress())
        .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
      throw new IOException("cannot listen on " + config.bindAddress() + ": " + bound.cause().getMessage(),
          bound.cause());
    }
    channel = bound.channel();
    LOG.info("validator API listening on {}", channel.localAddress());
    return this;
  }

  /** The address the server listens on. */
  public synchronized InetSocketAddress address() {
    if (channel == null) {
      throw new IllegalStateException("not started");
    }
    return (InetSocketAddress) channel.localAddress();
  }

  /** The port the server listens on, also when the configuration asked for any free one. */
  public int port() {
    return address().getPort();
  }

  /** The routes answered here rather than passed to the beacon node, as "METHOD /path/{param}". */
  public List<String> servedRoutes() {
    return router.routes().stream().map(r -> r.method() + " " + r.template()).toList();
  }

  /** Stops listening, closes open connections and stops the event loops, within about a second. */
  @Override
  public synchronized void close() {
    if (group == null) {
      return;
    }
    if (channel != null) {
      channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    }
    // Close kept-alive connections here rather than leave them to the event loops' shutdown,
    // which a busy machine can delay past the wait below.
    connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    group = null;
    channel = null;
  }
}
