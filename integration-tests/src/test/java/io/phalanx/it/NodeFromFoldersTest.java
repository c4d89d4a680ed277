package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.cluster.dealer.ClusterSpec;
import io.phalanx.cluster.dealer.TrustedDealer;
import io.phalanx.cluster.layout.KeystoreFiles;
import io.phalanx.cluster.layout.NodeDirectory;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.node.runtime.NodeData;
import io.phalanx.node.runtime.PhalanxNode;
import io.phalanx.node.sim.LoopbackPorts;
import io.phalanx.node.sim.SimCluster;
import io.phalanx.node.sim.chain.SimulatedBeaconNode;
import io.phalanx.node.sim.chain.SimulatedChainConfig;
import io.phalanx.node.sim.chain.Summary;
import io.phalanx.node.sim.vc.SimulatedValidatorClient;
import io.phalanx.node.sim.vc.TaskScheduler;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.keystore.KdfParams;
import io.phalanx.spec.util.Bytes;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's way: node folders written by the trusted dealer (lock, identity, share keystores),
 * four nodes started from them as {@code phalanx run} does, and validator clients that load the
 * share keystores from those folders. Phalanx holds no validator key; the chain sees whole
 * signatures of the validators.
 */
class NodeFromFoldersTest {
  @TempDir Path dir;

  @Test
  void nodesRunFromTheirFoldersAndTheirValidatorClientsSignWithTheKeystores() throws Exception {
    try (LogCapture logs = LogCapture.begin()) {
      try {
        runFromFolders();
      } finally {
        // Checked whatever became of the duties: a leaked secret matters more.
        assertNoSecretLogged(logs);
      }
    }
  }

  /**
   * Nothing secret reaches the log, even at debug: not a share keystore's password, not a share's
   * secret key, not a node's identity key.
   */
  private void assertNoSecretLogged(LogCapture logs) throws Exception {
    String text = logs.text();
    assertTrue(logs.lineCount() > 20 && text.contains("running"), "the capture holds the run's log:\n" + text);
    Path cluster = dir.resolve("cluster");
    List<String> secrets = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      NodeDirectory node = NodeDirectory.inCluster(cluster, i);
      for (int j = 0; j < 4; j++) {
        secrets.add(Files.readString(node.password(j)).trim());
        String share = KeystoreFiles.read(node.keystore(j)).toBytes().toHex();
        secrets.add(share);
        secrets.add(share.substring(2));
      }
      try (var files = Files.list(node.identityDir())) {
        for (Path f : files.filter(f -> f.getFileName().toString().contains("key")).toList()) {
          Files.readAllLines(f).stream().filter(l -> !l.startsWith("-----") && l.length() > 16).forEach(secrets::add);
        }
      }
    }
    assertTrue(secrets.size() > 4 * 4 * 3, "secrets to look for: " + secrets.size());
    for (String secret : secrets) {
      assertFalse(text.contains(secret), "a secret is in the log: " + secret.substring(0, 6) + "...");
    }
  }

  private void runFromFolders() throws Exception {
    int n = 4;
    List<Integer> p2p = new ArrayList<>();
    List<Integer> api = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      p2p.add(LoopbackPorts.freePair());
      api.add(LoopbackPorts.free());
    }
    Path cluster = dir.resolve("cluster");
    ClusterSpec spec = new ClusterSpec("folders", SimCluster.SIMNET, n, 3, Bytes.zero(20), Bytes.zero(20),
        p2p.stream().map(p -> Optional.of("127.0.0.1:" + p)).toList(), ClusterSpec.DEFAULT_DEPOSIT_GWEI,
        new KdfParams.Pbkdf2(1024, 32, "hmac-sha256"));
    SecureRandom random = new SecureRandom();
    List<BlsSecretKey> keys = List.of(BlsSecretKey.random(random), BlsSecretKey.random(random),
        BlsSecretKey.random(random), BlsSecretKey.random(random));
    ClusterLock lock = new TrustedDealer(random).create(spec, keys, cluster).lock();

    Instant genesis = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 6);
    Duration slot = Duration.ofMillis(1500);
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
        for (int j = 0; j < keys.size(); j++) {
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
      Summary epoch1 = beaconNode.chain().summary(1);
      assertEquals(4, epoch1.attester().expected());
      assertEquals(4, epoch1.attester().succeeded(), epoch1.toString());
      assertEquals(epoch1.aggregator().expected(), epoch1.aggregator().succeeded(), epoch1.toString());
      assertTrue(epoch1.aggregator().expected() > 0);
    } finally {
      clients.forEach(SimulatedValidatorClient::close);
      nodes.forEach(PhalanxNode::close);
      executor.shutdownNow();
    }
  }
}
