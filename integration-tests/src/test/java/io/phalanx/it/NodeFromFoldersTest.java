package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.cluster.dealer.ClusterSpec;
import io.phalanx.cluster.dealer.TrustedDealer;
import io.phalanx.cluster.layout.KeystoreFiles;
import io.phalanx.cluster.layout.NodeDirectory;
import io.phalanx.sim.SimCluster;
import io.phalanx.sim.chain.Summary;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.keystore.KdfParams;
import io.phalanx.spec.util.Bytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    List<Integer> p2p = FolderCluster.p2pPorts(n);
    Path cluster = dir.resolve("cluster");
    ClusterSpec spec = new ClusterSpec("folders", SimCluster.SIMNET, n, 3, Bytes.zero(20), Bytes.zero(20),
        p2p.stream().map(p -> Optional.of("127.0.0.1:" + p)).toList(), ClusterSpec.DEFAULT_DEPOSIT_GWEI,
        new KdfParams.Pbkdf2(1024, 32, "hmac-sha256"));
    SecureRandom random = new SecureRandom();
    List<BlsSecretKey> keys = List.of(BlsSecretKey.random(random), BlsSecretKey.random(random),
        BlsSecretKey.random(random), BlsSecretKey.random(random));
    new TrustedDealer(random).create(spec, keys, cluster);

    Summary epoch1 = FolderCluster.runEpochOne(cluster, n, p2p);
    assertEquals(4, epoch1.attester().expected());
    assertEquals(4, epoch1.attester().succeeded(), epoch1.toString());
    assertEquals(epoch1.aggregator().expected(), epoch1.aggregator().succeeded(), epoch1.toString());
    assertTrue(epoch1.aggregator().expected() > 0);
  }
}
