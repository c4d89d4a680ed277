package io.phalanx.sim.fault;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP front before a beacon node, for one machine: passes every request through unchanged,
 * unless switched down (503, as the simulated beacon node's own down switch answers) or slow
 * (each request waits the delay before it is passed on). Simnet's nodes share one simulated
 * beacon node, so each node's beacon-node faults are drilled on its own front.
 */
public final class BeaconNodeProxy implements BeaconNodeSwitch, AutoCloseable {
  private static final Set<String> NOT_FORWARDED =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "keep-alive");
  private static final byte[] DOWN =
      "{\"code\":503,\"message\":\"beacon node is down (simulated fault)\"}".getBytes(StandardCharsets.UTF_8);

  private final URI target;
  private final HttpServer server;
  private final ExecutorService executor;
  private final HttpClient client;
  private volatile boolean down;
  private volatile Duration delay = Duration.ZERO;

  private BeaconNodeProxy(URI target, HttpServer server, ExecutorService executor, HttpClient client) {
    this.target = target;
    this.server = server;
    this.executor = executor;
    this.client = client;
  }

  /** Listens on a free port of 127.0.0.1 before {@code target}. */
  public static BeaconNodeProxy start(URI target) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // Platform threads: simnet's virtual-thread carriers are busy with the chain's signature checks.
    ExecutorService executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "beacon-node-front");
      t.setDaemon(true);
      return t;
    });
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).executor(executor).build();
    BeaconNodeProxy proxy = new BeaconNodeProxy(target, server, executor, client);
    server.setExecutor(executor);
    server.createContext("/", proxy::serve);
    server.start();
    return proxy;
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void setDown(boolean down) {
    this.down = down;
  }

  @Override
  public void setSlow(Duration delay) {
    this.delay = delay;
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Duration wait = delay;
      if (!wait.isZero()) {
        try {
          Thread.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (down) {
        send(exchange, 503, Map.of("Content-Type", List.of("application/json")), DOWN);
        return;
      }
      URI uri = URI.create(target.toString() + exchange.getRequestURI().getRawPath()
          + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
          .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
          values.forEach(v -> request.header(name, v));
        }
      });
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        send(exchange, 502, Map.of("Content-Type", List.of("application/json")),
            ("{\"code\":502,\"message\":\"beacon node unreachable\"}").getBytes(StandardCharsets.UTF_8));
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      send(exchange, response.statusCode(), response.headers().map(), response.body());
    }
  }

  private static void send(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body)
      throws IOException {
    headers.forEach((name, values) -> {
      if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
        exchange.getResponseHeaders().put(name, values);
      }
    });
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    client.close();
    executor.shutdownNow();
  }
}
