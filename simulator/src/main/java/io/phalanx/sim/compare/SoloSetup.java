package io.phalanx.sim.compare;

import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.sim.chain.SimulatedBeaconNode;
import io.phalanx.sim.chain.SimulatedChainConfig;
import io.phalanx.sim.fault.BeaconNodeProxy;
import io.phalanx.sim.fault.BeaconNodeSwitch;
import io.phalanx.sim.fault.Machine;
import io.phalanx.sim.fault.SkewedClock;
import io.phalanx.sim.vc.SimulatedValidatorClient;
import io.phalanx.sim.vc.TaskScheduler;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.time.SlotClock;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A solo validator operator, for comparison with a DV cluster: one simulated validator client
 * holding the whole keys of its own validators (as many as the cluster runs), talking straight to
 * its own simulated beacon node, no Phalanx between. Its chain is an identical parallel chain to
 * the cluster's: same genesis, slot length, epoch length, genesis validators root and fork, so the
 * same rules, the same attestation data and the same duty slots for validator i; only the
 * validator keys differ, so nothing is ever signed twice with one key on one chain.
 *
 * <p>As one machine it can crash (its client stops and its beacon node answers 503 until it is
 * back, then a new client starts, as after a reboot), lose or slow its beacon node (the beacon
 * node's own down switch; slowness by a delaying front) and have its clock skewed.
 */
final class SoloSetup implements Machine, AutoCloseable {
  private final List<BlsSecretKey> keys;
  private final SimulatedBeaconNode beaconNode;
  /** Before the beacon node when the schedule slows it; null otherwise. */
  private final BeaconNodeProxy front;
  private final InclusionTracker tracker;
  private final SkewedClock clock = new SkewedClock();
  private final ScheduledExecutorService executor;
  private final Duration slotDuration;
  private final BeaconNodeSwitch beaconNodeSwitch;
  private SimulatedValidatorClient client;
  private HttpBeaconNode connection;
  private boolean crashed;
  private boolean beaconNodeFault;

  private SoloSetup(List<BlsSecretKey> keys, SimulatedBeaconNode beaconNode, BeaconNodeProxy front,
      InclusionTracker tracker, ScheduledExecutorService executor, Duration slotDuration) {
    this.keys = keys;
    this.beaconNode = beaconNode;
    this.front = front;
    this.tracker = tracker;
    this.executor = executor;
    this.slotDuration = slotDuration;
    this.beaconNodeSwitch = new BeaconNodeSwitch() {
      @Override
      public void setDown(boolean down) {
        setBeaconNodeFault(down);
      }

      @Override
      public void setSlow(Duration delay) {
        if (front == null) {
          throw new IllegalStateException("the solo beacon node has no front: no bn-slow fault was scheduled");
        }
        front.setSlow(delay);
      }
    };
  }

  /** Its own validators on a chain parallel to {@code clusterChain}; the client is not started yet. */
  /** @param front whether to put a delaying front before the beacon node (only bn-slow needs one) */
  static SoloSetup create(SimulatedChainConfig clusterChain, int validators, SecureRandom random,
      ScheduledExecutorService executor, boolean front) throws IOException {
    List<BlsSecretKey> keys = new ArrayList<>();
    for (int i = 0; i < validators; i++) {
      keys.add(BlsSecretKey.random(random));
    }
    List<BlsPublicKey> publicKeys = keys.stream().map(BlsSecretKey::publicKey).toList();
    SlotClock slots = new SlotClock(clusterChain.genesisTime(), clusterChain.slotDuration(),
        clusterChain.slotsPerEpoch(), Clock.systemUTC());
    InclusionTracker tracker = new InclusionTracker(publicKeys, slots);
    SimulatedChainConfig chain = new SimulatedChainConfig(publicKeys, clusterChain.genesisTime(),
        clusterChain.slotDuration(), clusterChain.slotsPerEpoch(), clusterChain.genesisValidatorsRoot(),
        clusterChain.forkVersion(), Clock.systemUTC(), tracker, clusterChain.fuluForkEpoch());
    SimulatedBeaconNode beaconNode = new SimulatedBeaconNode(chain).start(0);
    BeaconNodeProxy proxy = null;
    if (front) {
      try {
        proxy = BeaconNodeProxy.start(beaconNode.url());
      } catch (IOException e) {
        beaconNode.close();
        throw e;
      }
    }
    return new SoloSetup(List.copyOf(keys), beaconNode, proxy, tracker, executor, clusterChain.slotDuration());
  }

  SimulatedBeaconNode beaconNodeServer() {
    return beaconNode;
  }

  InclusionTracker tracker() {
    return tracker;
  }

  /** Starts the validator client, unless the machine is down. */
  synchronized void startClient() {
    if (crashed || client != null) {
      return;
    }
    connection = new HttpBeaconNode(HttpBeaconNode.Config.of(front == null ? beaconNode.url() : front.url())
        .withTimeouts(Duration.ofSeconds(2), slotDuration.multipliedBy(2))
        .withConsensusVersionAtSlot(beaconNode.chain()::consensusVersionAtSlot));
    client = new SimulatedValidatorClient(SimulatedValidatorClient.Config.of(
        "solo-vc", keys, connection, TaskScheduler.of(executor), clock).withWholeKeys());
    client.start();
  }

  private synchronized void setBeaconNodeFault(boolean down) {
    beaconNodeFault = down;
    beaconNode.setDown(beaconNodeFault || crashed);
  }

  @Override
  public String name() {
    return "solo";
  }

  @Override
  public synchronized void setCrashed(boolean down) {
    crashed = down;
    // The machine's beacon node goes with it; a beacon-node fault may keep it down after.
    beaconNode.setDown(beaconNodeFault || crashed);
    if (down) {
      stopClient();
    } else {
      startClient();
    }
  }

  private void stopClient() {
    if (client != null) {
      client.close();
      connection.close();
      client = null;
      connection = null;
    }
  }

  @Override
  public BeaconNodeSwitch beaconNode() {
    return beaconNodeSwitch;
  }

  @Override
  public void setClockOffset(Duration offset) {
    clock.setOffset(offset);
  }

  @Override
  public synchronized void close() {
    stopClient();
    if (front != null) {
      front.close();
    }
    beaconNode.close();
  }
}
