package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.cluster.dealer.ClusterSpec;
import io.phalanx.cluster.dealer.TrustedDealer;
import io.phalanx.cluster.layout.NodeDirectory;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.cli.PhalanxCommand;
import io.phalanx.node.runtime.NodeData;
import io.phalanx.node.runtime.PhalanxNode;
import io.phalanx.sim.LoopbackPorts;
import io.phalanx.sim.SimCluster;
import io.phalanx.sim.chain.SimulatedBeaconNode;
import io.phalanx.sim.chain.SimulatedChainConfig;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.keystore.KdfParams;
import io.phalanx.spec.util.Bytes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code phalanx exit} as operators run it: a cluster of 4 nodes (threshold 3) started from their
 * folders against a simulated chain, no validator clients; three operators each run the command on
 * their own node folder against their own node, and the chain accepts the combined exit. Bad input
 * (an unknown validator, a wrong keystore password, no node to talk to) ends the command non-zero
 * with a clear error and signs nothing.
 */
class ExitCommandTest {
  static final Duration SLOT = Duration.ofMillis(1500);

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run exit(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = PhalanxCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("exit"));
    all.addAll(List.of(args));
    int code = cli.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void threeOperatorsRunningExitProduceAnExitTheChainAccepts() throws Exception {
    int n = 4;
    List<Integer> p2p = FolderCluster.p2pPorts(n);
    Path cluster = dir.resolve("cluster");
    ClusterSpec spec = new ClusterSpec("exits", SimCluster.SIMNET, n, 3, Bytes.zero(20), Bytes.zero(20),
        p2p.stream().map(p -> Optional.of("127.0.0.1:" + p)).toList(), ClusterSpec.DEFAULT_DEPOSIT_GWEI,
        new KdfParams.Pbkdf2(1024, 32, "hmac-sha256"));
    SecureRandom random = new SecureRandom();
    new TrustedDealer(random).create(spec, List.of(BlsSecretKey.random(random), BlsSecretKey.random(random)), cluster);
    ClusterLock lock = ClusterLock.load(NodeDirectory.inCluster(cluster, 0).lockFile());
    SimulatedChainConfig chainConfig = new SimulatedChainConfig(
        lock.validators().stream().map(DistributedValidator::groupPublicKey).toList(),
        Instant.ofEpochSecond(Instant.now().getEpochSecond()), SLOT, 4,
        SimCluster.SIMNET.genesisValidatorsRoot(), SimCluster.SIMNET.genesisForkVersion(), Clock.systemUTC(), m -> { });
    List<PhalanxNode> nodes = new ArrayList<>();
    try (SimulatedBeaconNode beaconNode = new SimulatedBeaconNode(chainConfig).start(0)) {
      List<InetSocketAddress> peers = p2p.stream().map(p -> new InetSocketAddress("127.0.0.1", p)).toList();
      for (int i = 0; i < n; i++) {
        NodeData data = NodeData.load(NodeDirectory.inCluster(cluster, i).root());
        nodes.add(PhalanxNode.start(new PhalanxNode.Config(data, beaconNode.url(),
            new InetSocketAddress("127.0.0.1", LoopbackPorts.free()), peers.get(i), peers, Duration.ofMillis(600),
            Duration.ofMillis(1200), SLOT.multipliedBy(2), "test")));
      }
      String validator1 = lock.validators().get(1).groupPublicKey().toHex();
      for (int i = 0; i < 3; i++) {
        Run run = exit("--data-dir", NodeDirectory.inCluster(cluster, i).root().toString(), "--validator", validator1,
            "--epoch", "0", "--validator-api-url", nodes.get(i).validatorApiUrl().toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("Signed a voluntary exit of validator 1") && run.out().contains("3 of the"),
            run.out());
      }
      long deadline = System.currentTimeMillis() + 20_000;
      while (beaconNode.chain().exitEpoch(1).isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(Optional.of(0L), beaconNode.chain().exitEpoch(1), "the combined exit is on chain");
      // Counted in the epoch it arrived in, which may be epoch 0, before the chain's first counted epoch.
      long exitsCounted = 0;
      for (long e = 0; e <= beaconNode.chain().syncStatus().headSlot() / 4; e++) {
        exitsCounted += beaconNode.chain().summary(e).voluntaryExit().succeeded();
      }
      assertEquals(1, exitsCounted);

      Path node3 = NodeDirectory.inCluster(cluster, 3).root();
      String api3 = nodes.get(3).validatorApiUrl().toString();
      Run unknown = exit("--data-dir", node3.toString(), "--validator", "99", "--epoch", "0",
          "--validator-api-url", api3);
      assertNotEquals(0, unknown.code());
      assertTrue(unknown.err().contains("error:") && unknown.err().contains("--validator 99"), unknown.err());

      Run notInLock = exit("--data-dir", node3.toString(), "--validator", "0x" + "a".repeat(96), "--epoch", "0",
          "--validator-api-url", api3);
      assertNotEquals(0, notInLock.code());
      assertTrue(notInLock.err().contains("is not a validator of cluster"), notInLock.err());

      Path password = NodeDirectory.inCluster(cluster, 3).password(0);
      String rightPassword = Files.readString(password).trim();
      Files.writeString(password, "not-the-password");
      Run wrongPassword = exit("--data-dir", node3.toString(), "--validator", "0", "--epoch", "0",
          "--validator-api-url", api3);
      assertNotEquals(0, wrongPassword.code());
      assertTrue(wrongPassword.err().contains("wrong password"), wrongPassword.err());
      assertFalse(wrongPassword.err().contains("not-the-password") || wrongPassword.err().contains(rightPassword),
          "no password in the error");

      Run noNode = exit("--data-dir", node3.toString(), "--validator", "1", "--epoch", "0",
          "--validator-api-url", "http://127.0.0.1:" + LoopbackPorts.free(), "--timeout", "2s");
      assertNotEquals(0, noNode.code());
      assertTrue(noNode.err().contains("no node or beacon node answered"), noNode.err());
      assertEquals(Optional.empty(), beaconNode.chain().exitEpoch(0), "no exit of validator 0 was made");
    } finally {
      nodes.forEach(PhalanxNode::close);
    }
  }
}
