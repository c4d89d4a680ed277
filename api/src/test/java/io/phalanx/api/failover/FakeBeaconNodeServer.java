package io.phalanx.api.failover;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A beacon node for the failover tests: a JDK HTTP server on 127.0.0.1 that answers readiness
 * checks from switches the test flips, other paths from canned answers, and streams one head event
 * every few milliseconds on {@code /eth/v1/events} while it is up. Counts requests per path.
 */
final class FakeBeaconNodeServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  final String name;
  volatile long headSlot = 100;
  volatile boolean syncing;
  volatile boolean optimistic;
  /** Every request answered 500. */
  volatile boolean failing;
  /** Added before every answer. */
  volatile long delayMillis;

  record Answer(int status, String body) {}

  FakeBeaconNodeServer(String name) throws IOException {
    this.name = name;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  FakeBeaconNodeServer answer(String path, int status, String body) {
    answers.put(path, new Answer(status, body));
    return this;
  }

  int count(String path) {
    AtomicInteger c = counts.get(path);
    return c == null ? 0 : c.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try (InputStream in = exchange.getRequestBody()) {
        in.readAllBytes();
      }
      String path = exchange.getRequestURI().getRawPath();
      counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          return;
        }
      }
      if (failing) {
        send(exchange, 500, "{\"code\":500,\"message\":\"internal error\"}");
        return;
      }
      switch (path) {
        case "/eth/v1/node/syncing" -> send(exchange, 200, "{\"data\":{\"head_slot\":\"" + headSlot
            + "\",\"sync_distance\":\"" + (syncing ? 40 : 0) + "\",\"is_syncing\":" + syncing + ",\"is_optimistic\":"
            + optimistic + ",\"el_offline\":false}}");
        case "/eth/v1/node/peer_count" -> send(exchange, 200,
            "{\"data\":{\"disconnected\":\"0\",\"connecting\":\"0\",\"connected\":\"50\",\"disconnecting\":\"0\"}}");
        case "/eth/v1/events" -> stream(exchange);
        default -> {
          Answer a = answers.get(path);
          if (a == null) {
            send(exchange, 404, "{\"code\":404,\"message\":\"no answer for " + path + "\"}");
          } else {
            send(exchange, a.status(), a.body());
          }
        }
      }
    }
  }

  private void stream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      while (!failing) {
        String event = "event: head\ndata: {\"slot\":\"" + headSlot + "\",\"from\":\"" + name + "\"}\n\n";
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
        Thread.sleep(20);
      }
    } catch (InterruptedException | IOException e) {
      // the client went away or the server stops
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (bytes.length == 0) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
