package io.phalanx.api.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A JDK HTTP server on 127.0.0.1 playing a beacon node for tests: it records every request and
 * answers what it is told to.
 */
public final class StubHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private volatile Function<Recorded, Answer> answers =
      r -> Answer.json(404, "{\"code\":404,\"message\":\"stub: no answer set\"}");

  /** A request as it arrived: method, raw path and query, headers, body. */
  public record Recorded(String method, String target, Map<String, List<String>> headers, byte[] body) {
    public String path() {
      int q = target.indexOf('?');
      return q < 0 ? target : target.substring(0, q);
    }

    public String query() {
      int q = target.indexOf('?');
      return q < 0 ? null : target.substring(q + 1);
    }

    /** The first value of a header, by case-insensitive name, or null. */
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** What the stub answers. */
  public record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    public static Answer json(int status, String json) {
      return new Answer(status, Map.of("Content-Type", List.of("application/json")),
          json.getBytes(StandardCharsets.UTF_8));
    }

    public static Answer empty(int status) {
      return new Answer(status, Map.of(), new byte[0]);
    }
  }

  public StubHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public StubHttpServer answer(Function<Recorded, Answer> answers) {
    this.answers = answers;
    return this;
  }

  public StubHttpServer answer(Answer answer) {
    return answer(r -> answer);
  }

  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  public Recorded last() {
    return requests.getLast();
  }

  /** A loopback port nothing listens on: it was free a moment ago, and nobody here takes it. */
  public static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Recorded recorded = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
          + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
          new LinkedHashMap<>(exchange.getRequestHeaders()), body);
      requests.add(recorded);
      Answer answer = answers.apply(recorded);
      answer.headers().forEach((name, values) -> values.forEach(v -> exchange.getResponseHeaders().add(name, v)));
      exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
      if (answer.body().length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer.body());
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
