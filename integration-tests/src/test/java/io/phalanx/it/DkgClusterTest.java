package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.bench.LocalCeremony;
import io.phalanx.cluster.dealer.ClusterSpec;
import io.phalanx.cluster.dealer.KeyCombiner;
import io.phalanx.cluster.dealer.TrustedDealer;
import io.phalanx.cluster.dkg.DkgNodeFiles;
import io.phalanx.cluster.files.SafeFiles;
import io.phalanx.cluster.layout.NodeDirectory;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.consensus.dkg.DkgResult;
import io.phalanx.sim.SimCluster;
import io.phalanx.sim.chain.Summary;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.keystore.KdfParams;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster made without a trusted dealer: four operators run the DKG ceremony on 127.0.0.1 for
 * ten validators, each node's folder is written as {@code phalanx dkg} writes it, and the nodes then
 * run from those folders through attestation and aggregation duties on the simulated chain, which
 * verifies every aggregate against the group keys. Three of the folders recover the validator keys.
 */
class DkgClusterTest {
  private static final int N = 4;
  private static final int T = 3;
  private static final int VALIDATORS = 10;
  private static final KdfParams FAST_KDF = new KdfParams.Pbkdf2(1024, 32, "hmac-sha256");

  @TempDir Path dir;

  @Test
  void aClusterFromTheCeremonyRunsDutiesAndItsFoldersLookLikeTheDealers() throws Exception {
    List<Integer> p2p = FolderCluster.p2pPorts(N);
    SecureRandom random = new SecureRandom();
    LocalCeremony ceremony = new LocalCeremony("dkg-it", SimCluster.SIMNET, N, T, VALIDATORS, random,
        i -> Optional.of("127.0.0.1:" + p2p.get(i)));
    List<DkgResult> results = ceremony.run(Duration.ofSeconds(30), random);

    Path cluster = dir.resolve("cluster");
    Files.createDirectories(cluster);
    for (int i = 0; i < N; i++) {
      NodeDirectory node = NodeDirectory.inCluster(cluster, i);
      SafeFiles.createPrivateDirectory(node.root());
      ceremony.identities().get(i).write(node.identityDir());
      DkgResult r = results.get(i);
      assertEquals(i, r.nodeIndex());
      DkgNodeFiles.write(node, i, r.lock(), r.shares(), r.deposits(), FAST_KDF, random);
    }
    ClusterLock lock = ClusterLock.load(NodeDirectory.inCluster(cluster, 0).lockFile());
    assertEquals(ceremony.definition().operators(), lock.operators());
    assertEquals(VALIDATORS, lock.validators().size());

    Path dealt = dir.resolve("dealt");
    List<BlsSecretKey> keys = new ArrayList<>();
    for (int j = 0; j < VALIDATORS; j++) {
      keys.add(BlsSecretKey.random(random));
    }
    new TrustedDealer(random).create(new ClusterSpec("dealt", SimCluster.SIMNET, N, T, Bytes.zero(20), Bytes.zero(20),
        List.of(), ClusterSpec.DEFAULT_DEPOSIT_GWEI, FAST_KDF), keys, dealt);
    Map<String, String> dealer = layout(NodeDirectory.inCluster(dealt, 1).root());
    dealer.put(DkgNodeFiles.DEPOSIT_DATA_FILE, "rw-r--r--"); // the dealer writes it once, beside the node folders
    assertEquals(dealer, layout(NodeDirectory.inCluster(cluster, 1).root()));

    // 2 s slots: ten validators' aggregations on one busy machine.
    Summary epoch1 = FolderCluster.runEpochOne(cluster, N, p2p, Duration.ofSeconds(2));
    assertEquals(VALIDATORS, epoch1.attester().expected());
    assertEquals(VALIDATORS, epoch1.attester().succeeded(), epoch1.toString());
    assertEquals(epoch1.aggregator().expected(), epoch1.aggregator().succeeded(), epoch1.toString());
    assertTrue(epoch1.aggregator().expected() > 0);

    Path three = dir.resolve("three");
    Files.createDirectories(three);
    for (int i = 0; i < T; i++) {
      Files.move(NodeDirectory.inCluster(cluster, i).root(), three.resolve(NodeDirectory.nodeName(i)));
    }
    KeyCombiner.Result recovered = new KeyCombiner(random).combine(three, dir.resolve("recovered"), FAST_KDF);
    assertEquals(lock.validators().stream().map(v -> v.groupPublicKey()).toList(), recovered.recovered());
  }

  /** Relative path of every file in a node folder, with its permissions (state/ is the node's own). */
  private static Map<String, String> layout(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = root.relativize(f).toString();
        if (!name.startsWith("state")) {
          out.put(name, PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        }
      }
    }
    return out;
  }
}
