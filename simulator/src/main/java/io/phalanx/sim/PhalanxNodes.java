package io.phalanx.sim;

import io.phalanx.duties.LatencyRecorder;
import io.phalanx.node.runtime.PhalanxNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Phalanx nodes of a simnet run: each node's configuration, fixed for the run, and the node
 * running now (null while stopped), started in parallel as separate machines would be, stopped as a
 * crash would and started again from its data folder. Thread-safe; a node starts outside the lock.
 */
final class PhalanxNodes {
  /** Logs as simnet, whose work this is. */
  private static final Logger LOG = LoggerFactory.getLogger(Simnet.class);

  private final PrintWriter out;
  private final Simnet.Wiring wiring;
  private final BeaconNodeDrill drill;
  private final List<PhalanxNode.Config> configs = new ArrayList<>();
  // Guarded by this.
  private final List<PhalanxNode> running = new ArrayList<>();
  /** Per node, the count of decisions already reported. */
  private final List<Long> latencyMarks = new ArrayList<>();

  /** The consensus decisions' latencies since the last report, and the leader the first running node knows. */
  record Decisions(List<Double> latencies, OptionalInt leader) {}

  PhalanxNodes(PrintWriter out, Simnet.Wiring wiring, BeaconNodeDrill drill) {
    this.out = out;
    this.wiring = wiring;
    this.drill = drill;
  }

  /** Adds the next node's configuration; before {@link #startAll}. */
  void configure(PhalanxNode.Config config) {
    configs.add(config);
  }

  /** Starts every node but those {@code downAtStart}, in parallel on {@code executor}; returns once they run. */
  void startAll(Set<Integer> downAtStart, Executor executor) {
    List<CompletableFuture<PhalanxNode>> starting = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      PhalanxNode.Config config = configs.get(i);
      starting.add(downAtStart.contains(i) ? CompletableFuture.completedFuture(null)
          : CompletableFuture.supplyAsync(() -> startOrFail(config), executor));
      synchronized (this) {
        latencyMarks.add(0L);
      }
    }
    for (var f : starting) {
      try {
        PhalanxNode node = f.join();
        int i;
        synchronized (this) {
          running.add(node);
          i = running.size() - 1;
        }
        drill.watch(i, node);
        if (node != null) {
          wiring.nodeStarted(i, node);
        }
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
  }

  private static PhalanxNode startOrFail(PhalanxNode.Config config) {
    try {
      return PhalanxNode.start(config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting a node", e);
    }
  }

  /** The running node {@code i}, or null while it is stopped. */
  synchronized PhalanxNode node(int i) {
    return running.get(i);
  }

  /** Every node, null for those stopped. */
  synchronized List<PhalanxNode> running() {
    return Collections.unmodifiableList(new ArrayList<>(running));
  }

  /** The Raft leader as the running nodes see it. */
  synchronized OptionalInt leader() {
    for (PhalanxNode node : running) {
      if (node != null && node.leaderIndex().isPresent()) {
        return node.leaderIndex();
      }
    }
    return OptionalInt.empty();
  }

  /** The decisions since the last call, for an epoch's line. */
  synchronized Decisions sinceLastReport() {
    List<Double> latencies = new ArrayList<>();
    OptionalInt leader = OptionalInt.empty();
    for (int i = 0; i < running.size(); i++) {
      PhalanxNode node = running.get(i);
      if (node == null) {
        continue;
      }
      LatencyRecorder decisions = node.tracker().decisionLatency();
      latencies.addAll(decisions.samplesSinceMillis(latencyMarks.get(i)));
      latencyMarks.set(i, decisions.count());
      if (leader.isEmpty()) {
        leader = node.leaderIndex();
      }
    }
    return new Decisions(latencies, leader);
  }

  /** Node {@code i}'s /metrics, /livez and /readyz base URL; fixed for the run, also while the node is down. */
  URI monitoringUrl(int i) {
    InetSocketAddress a = configs.get(i).monitoringAddress().orElseThrow();
    return URI.create("http://" + a.getHostString() + ":" + a.getPort());
  }

  /** Stops node {@code i} now, as a crash would; {@code slot} is the slot it says. */
  synchronized void stop(int i, long slot) {
    PhalanxNode node = running.get(i);
    if (node != null) {
      out.printf("slot %d: stopping node %d%n", slot, i);
      out.flush();
      latencyMarks.set(i, 0L);
      node.close();
      running.set(i, null);
    }
  }

  /** Starts node {@code i} again from its data folder; {@code slot} is the slot it says. */
  void start(int i, long slot) {
    synchronized (this) {
      if (running.get(i) != null) {
        return;
      }
      out.printf("slot %d: starting node %d%n", slot, i);
      out.flush();
    }
    try {
      PhalanxNode node = PhalanxNode.start(configs.get(i));
      drill.watch(i, node);
      wiring.nodeStarted(i, node);
      synchronized (this) {
        running.set(i, node);
        latencyMarks.set(i, 0L);
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("could not start node {}: {}", i, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops every running node. */
  synchronized void closeAll() {
    for (PhalanxNode node : running) {
      if (node != null) {
        node.close();
      }
    }
  }
}
