package io.phalanx.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A node's /metrics, read as Prometheus reads it (the text format), and small helpers to wait for
 * a value to move.
 */
record Scrape(Map<String, Double> series) {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** GETs {@code url}; answers the status and body. */
  static HttpResponse<String> get(URI url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static Scrape of(URI base) throws IOException, InterruptedException {
    HttpResponse<String> r = get(base.resolve("/metrics"));
    if (r.statusCode() != 200) {
      throw new IOException(base + "/metrics answered " + r.statusCode());
    }
    return parse(r.body());
  }

  static Scrape parse(String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return new Scrape(out);
  }

  /** Metric names (the part before the labels) of every series. */
  List<String> names() {
    return series.keySet().stream().map(s -> s.contains("{") ? s.substring(0, s.indexOf('{')) : s).distinct().toList();
  }

  /** The value of the one series of {@code name} whose labels include every {@code labels} pair ("k=v"). */
  Optional<Double> value(String name, String... labels) {
    List<Double> found = new ArrayList<>();
    series.forEach((s, v) -> {
      if (s.startsWith(name + "{") || s.equals(name)) {
        for (String l : labels) {
          String[] kv = l.split("=", 2);
          if (!s.contains(kv[0] + "=\"" + kv[1] + "\"")) {
            return;
          }
        }
        found.add(v);
      }
    });
    if (found.size() > 1) {
      throw new AssertionError(found.size() + " series of " + name + " match " + List.of(labels));
    }
    return found.stream().findFirst();
  }

  /** The sum of every series of {@code name} whose labels include {@code labels}. */
  double sum(String name, String... labels) {
    double total = 0;
    for (Map.Entry<String, Double> e : series.entrySet()) {
      String s = e.getKey();
      if (!(s.startsWith(name + "{") || s.equals(name))) {
        continue;
      }
      boolean all = true;
      for (String l : labels) {
        String[] kv = l.split("=", 2);
        all &= s.contains(kv[0] + "=\"" + kv[1] + "\"");
      }
      if (all) {
        total += e.getValue();
      }
    }
    return total;
  }

  /** Polls {@code condition} every 200 ms until it holds; fails naming {@code what} after {@code limit}. */
  static void eventually(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // not yet (e.g. a scrape of a node that is starting)
      }
      Thread.sleep(200);
    }
    throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
  }
}
