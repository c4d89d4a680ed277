package io.phalanx.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.cluster.lock.LockContent;
import io.phalanx.cluster.lock.Operator;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.ThresholdBls;
import io.phalanx.spec.network.Network;
import io.phalanx.spec.util.Bytes;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeDataTest {
  @TempDir Path dir;

  /** A signed lock of 4 nodes (threshold 3) and 1 validator, and the nodes' identities. */
  record Cluster(ClusterLock lock, List<NodeIdentity> identities) {}

  static Cluster cluster() {
    SecureRandom random = new SecureRandom();
    List<NodeIdentity> identities = new ArrayList<>();
    List<Operator> operators = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      NodeIdentity identity = NodeIdentity.generate("phalanx-node" + i, random);
      identities.add(identity);
      operators.add(new Operator(identity.publicKey(), identity.certificateFingerprint(),
          Optional.of("127.0.0.1:" + (9000 + 2 * i))));
    }
    BlsSecretKey key = BlsSecretKey.random(random);
    List<BlsSecretKey> shares = ThresholdBls.split(key, 4, 3, random);
    DistributedValidator validator = new DistributedValidator(key.publicKey(),
        shares.stream().map(BlsSecretKey::publicKey).toList(), Bytes.zero(20), Bytes.zero(20));
    ClusterLock lock = ClusterLock.sign(new LockContent(ClusterLock.VERSION, "t", Network.HOODI, 3, operators,
        List.of(validator), "2026-01-01T00:00:00Z"), identities);
    return new Cluster(lock, identities);
  }

  @Test
  void theIdentityDecidesTheNodeIndex() {
    Cluster c = cluster();
    NodeData data = NodeData.forLock(c.lock(), c.identities().get(2), dir.resolve("state"));
    assertEquals(2, data.nodeIndex());
  }

  @Test
  void anIdentityFromAnotherClusterIsRefused() {
    Cluster c = cluster();
    NodeIdentity stranger = NodeIdentity.generate("stranger", new SecureRandom());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NodeData.forLock(c.lock(), stranger, dir.resolve("state")));
    assertTrue(e.getMessage().contains("is not one of the cluster lock's operators"), e.getMessage());
  }

  @Test
  void aStateFolderOfAnotherClusterIsRefused() {
    Cluster first = cluster();
    NodeData.forLock(first.lock(), first.identities().get(0), dir.resolve("state"));
    Cluster second = cluster();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NodeData.forLock(second.lock(), second.identities().get(0), dir.resolve("state")));
    assertTrue(e.getMessage().contains("belongs to another cluster"), e.getMessage());
    // The same cluster may use its folder again, as after a restart.
    assertEquals(0, NodeData.forLock(first.lock(), first.identities().get(0), dir.resolve("state")).nodeIndex());
  }

  @Test
  void aMissingDataFolderIsExplained() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeData.load(dir.resolve("nope")));
    assertTrue(e.getMessage().contains("data folder not found"), e.getMessage());
  }
}
