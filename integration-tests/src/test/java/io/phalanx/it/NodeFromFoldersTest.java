package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.cluster.dealer.ClusterSpec;
import io.phalanx.cluster.dealer.TrustedDealer;
import io.phalanx.node.sim.SimCluster;
import io.phalanx.node.sim.chain.Summary;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.keystore.KdfParams;
import io.phalanx.spec.util.Bytes;
import java.nio.file.Path;
import java.security.SecureRandom;
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
