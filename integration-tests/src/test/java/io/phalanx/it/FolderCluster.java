package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.cluster.layout.KeystoreFiles;
import io.phalanx.cluster.layout.NodeDirectory;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.node.runtime.NodeData;
import io.phalanx.node.runtime.PhalanxNode;
import io.phalanx.sim.LoopbackPorts;
import io.phalanx.sim.SimCluster;
import io.phalanx.sim.chain.SimulatedBeaconNode;
import io.phalanx.sim.chain.SimulatedChainConfig;
import io.phalanx.sim.chain.Summary;
import io.phalanx.sim.vc.SimulatedValidatorClient;
import io.phalanx.sim.vc.TaskScheduler;
import io.phalanx.spec.bls.BlsSecretKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs a cluster from its node folders as operators do: each node started from its folder as
 * {@code phalanx run} does, one validator client per node loading the share keystores from that
 * folder, against the simulated chain (network {@link SimCluster#SIMNET}), and returns the chain's
 * summary of epoch 1.
 */
final class FolderCluster {
  private FolderCluster() {}

  /** Each node's Raft port; the partial-signature exchange takes the next one. */
  static List<Integer> p2pPorts(int n) throws IOException {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ports.add(LoopbackPorts.freePair());
    }
    return ports;
  }

  /** As {@link #runEpochOne(Path, int, List, Duration)} with 1.5 s slots. */
  static Summary runEpochOne(Path cluster, int n, List<Integer> p2p) throws Exception {
    return runEpochOne(cluster, n, p2p, Duration.ofMillis(1500));
  }

  /** Starts nodes node0.. in {@code cluster} and their validator clients; runs until epoch 1 is over. */
  static Summary runEpochOne(Path cluster, int n, List<Integer> p2p, Duration slot) throws Exception {
    List<Integer> api = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      api.add(LoopbackPorts.free());
    }
    ClusterLock lock = ClusterLock.load(NodeDirectory.inCluster(cluster, 0).lockFile());
    // Time for four nodes to start and elect a Raft leader before epoch 1, on a busy machine too.
    Instant genesis = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 4);
    SimulatedChainConfig chainConfig = new SimulatedChainConfig(
        lock.validators().stream().map(DistributedValidator::groupPublicKey).toList(), genesis, slot, 4,
        SimCluster.SIMNET.genesisValidatorsRoot(), SimCluster.SIMNET.genesisForkVersion(), Clock.systemUTC(), m -> { });
    ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    List<PhalanxNode> nodes = new ArrayList<>();
    List<SimulatedValidatorClient> clients = new ArrayList<>();
    try (SimulatedBeaconNode beaconNode = new SimulatedBeaconNode(chainConfig).start(0)) {
      List<InetSocketAddress> peers = p2p.stream().map(p -> new InetSocketAddress("127.0.0.1", p)).toList();
      for (int i = 0; i < n; i++) {
        NodeData data = NodeData.load(NodeDirectory.inCluster(cluster, i).root());
        assertEquals(i, data.nodeIndex(), "the identity in node" + i + "/ is operator " + i);
        nodes.add(PhalanxNode.start(new PhalanxNode.Config(data, beaconNode.url(),
            new InetSocketAddress("127.0.0.1", api.get(i)), peers.get(i), peers, Duration.ofMillis(600),
            Duration.ofMillis(1200), slot.multipliedBy(2), "test")));
      }
      for (int i = 0; i < n; i++) {
        List<BlsSecretKey> shares = new ArrayList<>();
        for (int j = 0; j < lock.validators().size(); j++) {
          shares.add(KeystoreFiles.read(NodeDirectory.inCluster(cluster, i).keystore(j)));
        }
        SimulatedValidatorClient client = new SimulatedValidatorClient(SimulatedValidatorClient.Config.of("vc" + i,
            shares, new HttpBeaconNode(HttpBeaconNode.Config.of(URI.create("http://127.0.0.1:" + api.get(i)))),
            TaskScheduler.of(executor), Clock.systemUTC()));
        clients.add(client);
        client.start();
      }
      // Epoch 1 (slots 4-7) once it is over and its last duties are in.
      long waitUntil = genesis.plus(slot.multipliedBy(9)).toEpochMilli();
      while (System.currentTimeMillis() < waitUntil) {
        Thread.sleep(100);
      }
      return beaconNode.chain().summary(1);
    } finally {
      clients.forEach(SimulatedValidatorClient::close);
      nodes.forEach(PhalanxNode::close);
      executor.shutdownNow();
    }
  }
}
