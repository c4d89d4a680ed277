package io.phalanx.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.node.sim.SimCluster;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeDataTest {
  @TempDir Path dir;

  static SimCluster cluster() {
    return SimCluster.create(4, 3, 1, List.of(9000, 9002, 9004, 9006), new SecureRandom());
  }

  @Test
  void theIdentityDecidesTheNodeIndex() {
    SimCluster c = cluster();
    NodeData data = NodeData.forLock(c.lock(), c.identities().get(2), dir.resolve("state"));
    assertEquals(2, data.nodeIndex());
  }

  @Test
  void anIdentityFromAnotherClusterIsRefused() {
    SimCluster c = cluster();
    NodeIdentity stranger = NodeIdentity.generate("stranger", new SecureRandom());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NodeData.forLock(c.lock(), stranger, dir.resolve("state")));
    assertTrue(e.getMessage().contains("is not one of the cluster lock's operators"), e.getMessage());
  }

  @Test
  void aStateFolderOfAnotherClusterIsRefused() {
    SimCluster first = cluster();
    NodeData.forLock(first.lock(), first.identities().get(0), dir.resolve("state"));
    SimCluster second = cluster();
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
