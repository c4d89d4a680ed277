package io.phalanx.cli;

import io.phalanx.api.SyncStatus;
import io.phalanx.api.client.HttpBeaconNode;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phalanx test beacon}: checks each beacon node once and prints a table with a verdict each. */
@Command(
    name = "beacon",
    header = "Check beacon nodes once: reachable, synced, peers, latency, and whether a node can use them.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Checks each beacon node once, the way a node's failover client judges them, and prints one row",
      "each: reachable, version, syncing/optimistic/el_offline, head slot and its distance behind the best",
      "head among them, peer count, latency p50/p99 over a few requests and a verdict (ready, degraded:",
      "usable but watch it, unusable). Exit status 0 when at least one is usable, 1 otherwise.",
      ""
    },
    footer = {
      "",
      "Example:",
      "  phalanx test beacon --beacon-node-endpoints http://127.0.0.1:5052,http://10.0.0.2:5052"
    })
public final class TestBeaconCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--beacon-node-endpoints", required = true, split = ",", paramLabel = "URL",
      description = "The beacon nodes to check.")
  List<URI> beaconNodes;

  @Option(names = "--fallback-beacon-node-endpoints", split = ",", paramLabel = "URL",
      description = "More beacon nodes to check (marked fallback).")
  List<URI> fallbacks = new ArrayList<>();

  @Option(names = "--requests", defaultValue = "10", paramLabel = "N",
      description = "Requests per beacon node for the latency figures (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--timeout", defaultValue = "5", paramLabel = "SECONDS",
      description = "How long one request may take (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--slow-millis", defaultValue = "1000", paramLabel = "MS",
      description = "A p99 latency above this is 'degraded: slow' (default: ${DEFAULT-VALUE}).")
  long slowMillis;

  /** Slots a head may lag the best head before the node counts as stale, as the failover client does. */
  static final long MAX_HEAD_LAG = 2;

  /** One beacon node's findings. */
  record Finding(String url, boolean fallback, Optional<String> unreachable, String version, SyncStatus sync,
      long peers, double p50, double p99) {}

  @Override
  public Integer call() throws Exception {
    if (requests < 1 || requests > 1000) {
      throw new IllegalArgumentException("--requests must be from 1 to 1000, got " + requests);
    }
    if (timeoutSeconds < 1) {
      throw new IllegalArgumentException("--timeout must be at least 1 second, got " + timeoutSeconds);
    }
    PrintWriter out = spec.commandLine().getOut();
    List<Finding> findings = new ArrayList<>();
    for (URI u : beaconNodes) {
      findings.add(check(u, false));
    }
    for (URI u : fallbacks) {
      findings.add(check(u, true));
    }
    long bestHead = findings.stream().filter(f -> f.unreachable().isEmpty()).mapToLong(f -> f.sync().headSlot())
        .max().orElse(-1);
    out.printf(Locale.ROOT, "%-32s %-9s %-34s %-20s %10s %8s %6s %15s  %s%n", "beacon node", "reachable", "version",
        "syncing/opt/el_off", "head slot", "behind", "peers", "latency p50/p99", "verdict");
    int usable = 0;
    for (Finding f : findings) {
      String verdict = verdict(f, bestHead);
      if (!verdict.startsWith("unusable")) {
        usable++;
      }
      String name = (f.fallback() ? "(fallback) " : "") + f.url();
      if (f.unreachable().isPresent()) {
        out.printf(Locale.ROOT, "%-32s %-9s %-34s %-20s %10s %8s %6s %15s  %s%n", name, "no", "-", "-", "-", "-", "-",
            "-", verdict);
        continue;
      }
      SyncStatus s = f.sync();
      out.printf(Locale.ROOT, "%-32s %-9s %-34s %-20s %10d %8d %6s %15s  %s%n", name, "yes", shorten(f.version(), 34),
          s.isSyncing() + "/" + s.isOptimistic() + "/" + s.elOffline(), s.headSlot(), bestHead - s.headSlot(),
          f.peers() < 0 ? "?" : Long.toString(f.peers()),
          String.format(Locale.ROOT, "%.1f/%.1f ms", f.p50(), f.p99()), verdict);
    }
    out.println(usable == 0 ? "no usable beacon node" : usable + " of " + findings.size() + " beacon nodes usable");
    out.flush();
    return usable == 0 ? PhalanxCommand.EXIT_FAILURE : 0;
  }

  private String verdict(Finding f, long bestHead) {
    if (f.unreachable().isPresent()) {
      return "unusable: " + f.unreachable().get();
    }
    SyncStatus s = f.sync();
    if (s.isSyncing()) {
      return "unusable: syncing, " + s.syncDistance() + " slots behind";
    }
    if (s.isOptimistic()) {
      return "unusable: optimistic head";
    }
    if (s.elOffline()) {
      return "unusable: execution client offline";
    }
    if (bestHead - s.headSlot() > MAX_HEAD_LAG) {
      return "unusable: head " + (bestHead - s.headSlot()) + " slots behind the best";
    }
    List<String> warnings = new ArrayList<>();
    if (f.peers() == 0) {
      warnings.add("no peers");
    }
    if (f.p99() > slowMillis) {
      warnings.add("slow");
    }
    return warnings.isEmpty() ? "ready" : "degraded: " + String.join(", ", warnings);
  }

  private Finding check(URI url, boolean fallback) throws InterruptedException {
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    HttpBeaconNode.Config config;
    try {
      config = HttpBeaconNode.Config.of(url).withTimeouts(timeout, timeout);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("beacon node '" + url + "': " + e.getMessage());
    }
    try (HttpBeaconNode node = new HttpBeaconNode(config)) {
      String name = node.name();
      SyncStatus sync;
      try {
        sync = await(node.syncing(), timeout);
      } catch (ExecutionException | TimeoutException e) {
        return new Finding(name, fallback, Optional.of(reason(e)), "", null, -1, Double.NaN, Double.NaN);
      }
      String version = attempt(node.nodeVersion(), timeout).orElse("?");
      long peers = attempt(node.peerCount(), timeout).orElse(-1L);
      double[] millis = new double[requests];
      for (int i = 0; i < requests; i++) {
        long start = System.nanoTime();
        try {
          await(node.syncing(), timeout);
          millis[i] = (System.nanoTime() - start) / 1e6;
        } catch (ExecutionException | TimeoutException e) {
          millis[i] = timeout.toMillis();
        }
      }
      Arrays.sort(millis);
      return new Finding(name, fallback, Optional.empty(), version, sync, peers, percentile(millis, 50),
          percentile(millis, 99));
    }
  }

  private static <T> T await(CompletableFuture<T> f, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    return f.get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
  }

  private static <T> Optional<T> attempt(CompletableFuture<T> f, Duration timeout) throws InterruptedException {
    try {
      return Optional.ofNullable(await(f, timeout));
    } catch (ExecutionException | TimeoutException e) {
      return Optional.empty();
    }
  }

  private static String reason(Exception e) {
    Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    if (c instanceof TimeoutException) {
      return "no answer in time";
    }
    String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    return m.length() > 80 ? m.substring(0, 77) + "..." : m;
  }

  static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
