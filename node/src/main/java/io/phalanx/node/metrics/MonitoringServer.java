package io.phalanx.node.metrics;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The node's monitoring endpoint: {@code /metrics} (Prometheus text format, from the Prometheus
 * client's exporter), {@code /livez} (the process answers) and {@code /readyz} (200 when every
 * readiness check passes, else 503; the JSON body names the failing checks).
 */
public final class MonitoringServer implements AutoCloseable {
  private final HTTPServer server;

  private MonitoringServer(HTTPServer server) {
    this.server = server;
  }

  /**
   * Listens on {@code address} (port 0: any free port).
   *
   * @throws IOException if the address cannot be bound
   */
  public static MonitoringServer start(InetSocketAddress address, NodeMetrics metrics, Supplier<Readiness.Result> ready)
      throws IOException {
    try {
      HTTPServer server = HTTPServer.builder()
          .hostname(address.getHostString())
          .port(address.getPort())
          .registry(metrics.registry())
          .metricsHandlerPath("/metrics")
          .registerHealthHandler(false)
          .defaultHandler(exchange -> answer(exchange, ready))
          .buildAndStart();
      return new MonitoringServer(server);
    } catch (IOException e) {
      throw new IOException("cannot listen for monitoring on " + address.getHostString() + ":" + address.getPort()
          + " (" + e.getMessage() + "): choose another --monitoring-address", e);
    }
  }

  private static void answer(HttpExchange exchange, Supplier<Readiness.Result> ready) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      switch (path) {
        case "/livez" -> send(exchange, 200, "text/plain; charset=utf-8", "ok\n");
        case "/readyz" -> {
          Readiness.Result result = ready.get();
          send(exchange, result.ready() ? 200 : 503, "application/json", result.toJson() + "\n");
        }
        case "/" -> send(exchange, 200, "text/plain; charset=utf-8", "Phalanx node: /metrics /livez /readyz\n");
        default -> send(exchange, 404, "application/json",
            "{\"code\":404,\"message\":\"no such path: " + path.replace("\"", "") + "; try /metrics, /livez, /readyz\"}\n");
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  public int port() {
    return server.getPort();
  }

  /** {@code http://host:port}, the base of /metrics, /livez and /readyz. */
  public URI url(String host) {
    return URI.create("http://" + host + ":" + port());
  }

  @Override
  public void close() {
    server.close();
  }
}
