package io.phalanx.sim;

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
  /** Per Phalanx node: which beacon node serving its reads went faulty, and when (System.nanoTime). */
  private final Map<Integer, Faulted> faulted = new ConcurrentHashMap<>();
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

  /**
   * Called just before fault {@code f} is switched on: if that beacon node serves the node's reads,
   * the clock starts now, before the fault can make the node switch (a switch may come within
   * microseconds of the fault, before {@link #fault} would have looked).
   *
   * @return whether it served the node's reads
   */
  boolean faultStarting(BeaconNodeFault f, PhalanxNode node) {
    if (node == null) {
      return false;
    }
    String bn = "bn" + f.bn();
    boolean servesReads = node.beaconNodeHealth().endpoints().stream()
        .filter(EndpointStatus::servingReads)
        .anyMatch(e -> bn.equals(names.get(e.url())));
    if (servesReads) {
      faulted.put(f.node(), new Faulted(bn, System.nanoTime()));
    }
    return servesReads;
  }

  /** Prints a fault as it goes on ({@code servedReads} from {@link #faultStarting}) or off. */
  void fault(BeaconNodeFault f, boolean on, long slot, boolean servedReads) {
    print(String.format(Locale.ROOT, "slot %d: node %d bn%d: %s %s%s", slot, f.node(), f.bn(), f.fault(),
        on ? "on" : "off", on && servedReads ? " (it serves the node's reads)" : ""));
  }

  private void switched(int node, FailoverBeaconNode.Switch s) {
    if (s.from().isEmpty()) {
      return; // the first choice at start
    }
    String from = label(s.from().get());
    // Only a move away from the faulted beacon node is a failover; a move back to a preferred one
    // once it is ready again is not, and must not be timed from the fault.
    Faulted f = faulted.get(node);
    String after = "";
    if (f != null && f.bn().equals(from) && faulted.remove(node, f)) {
      double ms = (System.nanoTime() - f.since()) / 1e6;
      synchronized (failoverMillis) {
        failoverMillis.add(ms);
      }
      after = String.format(Locale.ROOT, " %.0f ms after the fault", ms);
    }
    print(String.format(Locale.ROOT, "node %d: reads moved from %s to %s%s: %s", node, from,
        s.to().map(this::label).orElse("no beacon node"), after, s.reason()));
  }

  private record Faulted(String bn, long since) {}

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
