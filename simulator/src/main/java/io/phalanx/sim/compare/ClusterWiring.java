package io.phalanx.sim.compare;

import io.phalanx.sim.Simnet;
import io.phalanx.sim.chain.RecordSink;
import io.phalanx.sim.chain.SimulatedChainConfig;
import io.phalanx.sim.fault.BeaconNodeProxy;
import io.phalanx.sim.fault.BeaconNodeSwitch;
import io.phalanx.sim.fault.LinkRelays;
import io.phalanx.sim.fault.Machine;
import io.phalanx.sim.fault.SkewedClock;
import io.phalanx.spec.time.SlotClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How a comparison wires simnet's cluster so that faults can be drilled on it: a relay on each
 * link between nodes that a fault touches, a front before each node's beacon node, a clock per node (shared with its
 * validator client) that can be skewed; and, once the chain exists, the solo setup on a parallel
 * chain and the trackers of both chains' inclusion delays.
 */
final class ClusterWiring implements Simnet.Wiring, AutoCloseable {
  private final int nodes;
  private final int validators;
  /** Links some fault touches; only they get relays. */
  private final List<int[]> relayedLinks;
  /** Nodes some beacon-node fault touches; only they get a front before their beacon node. */
  private final Set<Integer> frontedNodes;
  private final boolean soloFront;
  private final ScheduledExecutorService executor;
  private final List<SkewedClock> clocks = new ArrayList<>();
  private final List<BeaconNodeProxy> fronts = new ArrayList<>();
  private volatile RecordSink clusterSink = RecordSink.NONE;
  private LinkRelays relays;
  private InclusionTracker clusterTracker;
  private SoloSetup solo;
  private SimulatedChainConfig chain;
  private Simnet simnet;

  ClusterWiring(int nodes, int validators, ScheduledExecutorService executor,
      List<int[]> relayedLinks, Set<Integer> frontedNodes, boolean soloFront) {
    this.frontedNodes = Set.copyOf(frontedNodes);
    this.soloFront = soloFront;
    this.relayedLinks = List.copyOf(relayedLinks);
    this.nodes = nodes;
    this.validators = validators;
    this.executor = executor;
    for (int i = 0; i < nodes; i++) {
      clocks.add(new SkewedClock());
      fronts.add(null);
    }
  }

  void attach(Simnet simnet) {
    this.simnet = simnet;
  }

  @Override
  public synchronized void chainCreated(SimulatedChainConfig config) {
    chain = config;
    SlotClock slots = slotClock();
    clusterTracker = new InclusionTracker(config.validators(), slots);
    clusterSink = clusterTracker;
    try {
      solo = SoloSetup.create(config, validators, new SecureRandom(), executor, soloFront);
      solo.startClient();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the solo setup's beacon node: " + e.getMessage(), e);
    }
  }

  @Override
  public RecordSink chainSink() {
    return message -> clusterSink.record(message);
  }

  @Override
  public synchronized URI beaconNodeOf(int node, URI beaconNode) {
    if (!frontedNodes.contains(node)) {
      return beaconNode;
    }
    try {
      BeaconNodeProxy front = BeaconNodeProxy.start(beaconNode);
      fronts.set(node, front);
      return front.url();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start node " + node + "'s beacon-node front: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized List<InetSocketAddress> peersSeenBy(int node, List<InetSocketAddress> peers) {
    if (relayedLinks.isEmpty()) {
      return peers;
    }
    if (relays == null) {
      try {
        relays = LinkRelays.start(peers, relayedLinks);
      } catch (IOException e) {
        throw new UncheckedIOException("could not start the link relays: " + e.getMessage(), e);
      }
    }
    return relays.peersSeenBy(node, peers);
  }

  @Override
  public Clock clockOf(int node) {
    return clocks.get(node);
  }

  synchronized SlotClock slotClock() {
    return new SlotClock(chain.genesisTime(), chain.slotDuration(), chain.slotsPerEpoch(), Clock.systemUTC());
  }

  synchronized InclusionTracker clusterTracker() {
    return clusterTracker;
  }

  synchronized SoloSetup solo() {
    return solo;
  }

  synchronized Optional<LinkRelays> relays() {
    return Optional.ofNullable(relays);
  }

  /** Node {@code i}'s machine: its Phalanx node (crash = simnet stops it), beacon-node front and clock. */
  Machine node(int i) {
    return new Machine() {
      @Override
      public String name() {
        return "node" + i;
      }

      @Override
      public void setCrashed(boolean crashed) {
        if (crashed) {
          simnet.stopNode(i);
        } else {
          simnet.startNode(i);
        }
      }

      @Override
      public BeaconNodeSwitch beaconNode() {
        synchronized (ClusterWiring.this) {
          BeaconNodeProxy front = fronts.get(i);
          if (front == null) {
            throw new IllegalStateException("node " + i + " has no beacon-node front: no fault was scheduled for it");
          }
          return front;
        }
      }

      @Override
      public void setClockOffset(Duration offset) {
        clocks.get(i).setOffset(offset);
      }
    };
  }

  List<Machine> machines() {
    List<Machine> all = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      all.add(node(i));
    }
    return all;
  }

  @Override
  public synchronized void close() {
    if (solo != null) {
      solo.close();
    }
    if (relays != null) {
      relays.close();
    }
    fronts.stream().filter(f -> f != null).forEach(BeaconNodeProxy::close);
  }
}
