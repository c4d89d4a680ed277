package io.phalanx.node.sim;

import io.phalanx.api.BeaconNodeHealth.EndpointStatus;
import io.phalanx.api.failover.FailoverBeaconNode;
import io.phalanx.node.runtime.PhalanxNode;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The beacon-node side of a simnet drill: prints each scheduled fault as it begins and ends and each
 * switch of a node's reads to another beacon node with its reason, and measures the time from a
 * fault on the beacon node serving a node's reads to the switch away from it.
 */
final class BeaconNodeDrill {
  private final PrintWriter out;
  /** "node i bn j" by the beacon node's URL as the failover client names it. */
  private final Map<String, String> names = new ConcurrentHashMap<>();
  /** Per Phalanx node: when (System.nanoTime) the beacon node serving its reads went faulty. */
  private final Map<Integer, Long> faultedAt = new ConcurrentHashMap<>();
  private final List<Double> failoverMillis = new ArrayList<>();

  BeaconNodeDrill(PrintWriter out) {
    this.out = out;
  }

  void name(URI url, int node, int bn) {
    names.put(url.toString(), "bn" + bn);
  }

  /** Follows the switches of node {@code i}'s reads. */
  void watch(int i, PhalanxNode node) {
    if (node != null) {
      node.beaconNodes().onSwitch(s -> switched(i, s));
    }
  }

  void fault(BeaconNodeFault f, boolean on, long slot, PhalanxNode node) {
    String serving = "";
    if (on && node != null) {
      boolean servesReads = node.beaconNodeHealth().endpoints().stream()
          .filter(EndpointStatus::servingReads)
          .anyMatch(e -> ("bn" + f.bn()).equals(names.get(e.url())));
      if (servesReads) {
        faultedAt.put(f.node(), System.nanoTime());
        serving = " (it serves the node's reads)";
      }
    }
    print(String.format(Locale.ROOT, "slot %d: node %d bn%d: %s %s%s", slot, f.node(), f.bn(), f.fault(),
        on ? "on" : "off", serving));
  }

  private void switched(int node, FailoverBeaconNode.Switch s) {
    if (s.from().isEmpty()) {
      return; // the first choice at start
    }
    Long since = faultedAt.remove(node);
    String after = "";
    if (since != null) {
      double ms = (System.nanoTime() - since) / 1e6;
      synchronized (failoverMillis) {
        failoverMillis.add(ms);
      }
      after = String.format(Locale.ROOT, " %.0f ms after the fault", ms);
    }
    print(String.format(Locale.ROOT, "node %d: reads moved from %s to %s%s: %s", node, label(s.from().get()),
        s.to().map(this::label).orElse("no beacon node"), after, s.reason()));
  }

  private String label(String url) {
    return names.getOrDefault(url, url);
  }

  List<Double> failoverMillis() {
    synchronized (failoverMillis) {
      return List.copyOf(failoverMillis);
    }
  }

  private void print(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
