package io.phalanx.sim.chain;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.phalanx.api.ApiException;
import io.phalanx.api.capture.CapturedExchange;
import io.phalanx.api.capture.ExchangeCapture;
import io.phalanx.api.server.Router;
import io.phalanx.sim.chain.Endpoint.Handler;
import io.phalanx.sim.chain.Endpoint.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated beacon node: a real HTTP server on 127.0.0.1 that serves a {@link SimulatedChain}
 * through the subset of the beacon API that validator clients and Phalanx use. {@code phalanx
 * simnet} runs a distributed validator cluster against it, and the integration tests do.
 *
 * <p>Served: the chain's state and the node itself ({@link StateEndpoints}: genesis, config/spec,
 * state fork, state validators (GET and POST), block roots, node syncing/version/peer_count/health),
 * duties ({@link DutyEndpoints}: attester and sync committee duties, validator liveness,
 * subscriptions taken and ignored), what validators sign ({@link PoolEndpoints}: attestation data,
 * the v2 attestation pool, aggregate attestations and aggregate-and-proofs, the sync committee pool,
 * contributions and contribution-and-proofs, voluntary exits, builder registrations and proposer
 * preparation), blocks ({@link BlockEndpoints}) and the head event stream ({@link HeadEvents}).
 * {@code beacon_committee_selections} and {@code sync_committee_selections} are answered 501 as
 * real beacon nodes do: only distributed validator middleware serves them. Errors are {@code
 * {"code", "message"}}; refused pool submissions add the beacon API's {@code failures}.
 *
 * <p>Each request runs on its own virtual thread; the chain is thread-safe.
 */
public final class SimulatedBeaconNode implements AutoCloseable {
  /** What GET /eth/v1/node/version answers. */
  public static final String VERSION = "Phalanx/simulated-beacon-node";

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedBeaconNode.class);

  /**
   * Bodies larger than this are refused (413). Phalanx publishes blocks as JSON, whose blobs are
   * hex: a block with more than about 60 blobs and their proofs would not fit.
   */
  private static final int MAX_BODY_BYTES = 16 << 20;

  private final SimulatedChain chain;
  private final Faults faults = new Faults();
  private final Router<Handler> router;
  private final HeadEvents headEvents;
  private HttpServer server;
  private ExecutorService executor;
  /** Null unless {@link #captureExchanges} was called: nothing is copied then. */
  private volatile ExchangeCapture capture;

  public SimulatedBeaconNode(SimulatedChainConfig config) {
    this(new SimulatedChain(config));
  }

  /**
   * A beacon node serving {@code chain}, which other simulated beacon nodes may serve too: each
   * has faults of its own over the same chain, as several beacon nodes follow one network.
   */
  public SimulatedBeaconNode(SimulatedChain chain) {
    this.chain = chain;
    Router<Handler> routes = new BlockEndpoints(chain).register(new Router<Handler>());
    routes = new StateEndpoints(chain, faults).register(routes);
    routes = new DutyEndpoints(chain).register(routes);
    this.router = new PoolEndpoints(chain, faults).register(routes);
    this.headEvents = new HeadEvents(chain, faults);
  }

  /**
   * Listens on 127.0.0.1:{@code port}; 0 picks a free port, which {@link #url()} tells.
   *
   * @throws IllegalStateException if already started
   */
  public synchronized SimulatedBeaconNode start(int port) throws IOException {
    if (server != null) {
      throw new IllegalStateException("already started at " + url());
    }
    HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
    executor = Executors.newVirtualThreadPerTaskExecutor();
    created.setExecutor(executor);
    created.createContext("/", this::serve);
    created.start();
    server = created;
    return this;
  }

  /** Where it listens, e.g. {@code http://127.0.0.1:40123}. */
  public synchronized URI url() {
    if (server == null) {
      throw new IllegalStateException("not started");
    }
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public SimulatedChain chain() {
    return chain;
  }

  public Faults faults() {
    return faults;
  }

  /**
   * Hands every answered exchange (request and answer as sent; not the event stream, not answers a
   * fault broke on purpose) to {@code exchangeCapture} from now on, for the beacon-API conformance
   * suite; null stops capturing. What Phalanx's beacon-node client sends arrives here.
   */
  public SimulatedBeaconNode captureExchanges(ExchangeCapture exchangeCapture) {
    this.capture = exchangeCapture;
    return this;
  }

  /** Shorthand for {@code faults().setDown(down)}. */
  public void setDown(boolean down) {
    faults.setDown(down);
  }

  /** Stops listening and drops open connections; the chain's state stays readable. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      long delay = faults.delayMillis();
      if (delay > 0) {
        try {
          Thread.sleep(delay);
        } catch (InterruptedException e) {
          return; // stopping
        }
      }
      Response response;
      Optional<ApiException> fault = faults.refusal();
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY_BYTES + 1);
      }
      URI uri = exchange.getRequestURI();
      if (fault.isPresent()) {
        response = Response.error(fault.get().status(), fault.get().getMessage());
      } else if (body.length > MAX_BODY_BYTES) {
        response = Response.error(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
      } else if ("GET".equals(exchange.getRequestMethod()) && "/eth/v1/events".equals(uri.getRawPath())) {
        headEvents.stream(exchange, uri.getRawQuery());
        return;
      } else {
        response = Endpoint.answer(router, exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
            exchange.getRequestHeaders(), body);
      }
      if (faults.malformed() && response.status() == 200 && response.body().isPresent()) {
        byte[] broken = "{\"data\": [".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, broken.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(broken);
        }
        return;
      }
      ExchangeCapture c = capture;
      if (c != null && fault.isEmpty()) {
        capture(c, exchange, uri, body, response);
      }
      Endpoint.send(exchange, response);
    }
  }

  private void capture(ExchangeCapture c, HttpExchange exchange, URI uri, byte[] requestBody, Response response)
      throws IOException {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        query.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
            .add(kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
      }
    }
    Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
    response.headers().forEach((name, value) -> responseHeaders.put(name, List.of(value)));
    byte[] responseBody = new byte[0];
    if (response.body().isPresent()) {
      responseBody = Json.MAPPER.writeValueAsBytes(response.body().get());
      responseHeaders.put("Content-Type", List.of("application/json"));
    }
    try {
      c.captured(new CapturedExchange(url().toString(), exchange.getRequestMethod(), uri.getPath(), query,
          Map.copyOf(exchange.getRequestHeaders()), requestBody, response.status(), responseHeaders, responseBody));
    } catch (RuntimeException e) {
      LOG.warn("an exchange capture failed", e);
    }
  }
}
