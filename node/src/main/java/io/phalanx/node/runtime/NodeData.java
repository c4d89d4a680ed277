package io.phalanx.node.runtime;

import io.phalanx.cluster.files.SafeFiles;
import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.layout.NodeDirectory;
import io.phalanx.cluster.lock.ClusterLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a node loads from its data folder before it starts: the verified lock, its identity, which
 * operator of the lock it is, and the folder for its Raft log, which must belong to this cluster.
 *
 * @param nodeIndex the operator whose certificate the identity holds
 * @param stateDir where the node keeps its Raft log and snapshots
 */
public record NodeData(ClusterLock lock, NodeIdentity identity, int nodeIndex, Path stateDir) {
  static final String STATE_DIR = "state";
  static final String CLUSTER_MARKER = "cluster-lock-hash";

  /**
   * Loads and checks a node folder as {@code create cluster} wrote it.
   *
   * @throws IllegalArgumentException saying what does not fit and how to fix it
   */
  public static NodeData load(Path dataDir) {
    NodeDirectory dir = new NodeDirectory(dataDir);
    if (!Files.isDirectory(dataDir)) {
      throw new IllegalArgumentException("data folder not found: " + dataDir
          + " (give a node folder made by 'phalanx create cluster', e.g. cluster/node0)");
    }
    ClusterLock lock = ClusterLock.load(dir.lockFile());
    NodeIdentity identity = NodeIdentity.load(dir.identityDir());
    return forLock(lock, identity, dataDir.resolve(STATE_DIR));
  }

  /** Checks that {@code identity} is one of the lock's operators and that {@code stateDir} is this cluster's. */
  public static NodeData forLock(ClusterLock lock, NodeIdentity identity, Path stateDir) {
    int index = -1;
    for (int i = 0; i < lock.operators().size(); i++) {
      if (lock.operators().get(i).certificateFingerprint().equals(identity.certificateFingerprint())) {
        index = i;
      }
    }
    if (index < 0) {
      throw new IllegalArgumentException("the node identity (certificate " + identity.certificateFingerprint()
          + ") is not one of the cluster lock's operators: the identity/ folder and cluster-lock.json"
          + " come from different clusters or nodes");
    }
    claimStateDir(lock, stateDir);
    return new NodeData(lock, identity, index, stateDir);
  }

  /** A state folder remembers its cluster's lock hash; another cluster's is refused. */
  private static void claimStateDir(ClusterLock lock, Path stateDir) {
    Path marker = stateDir.resolve(CLUSTER_MARKER);
    try {
      if (Files.exists(marker)) {
        String recorded = Files.readString(marker, StandardCharsets.UTF_8).trim();
        if (!recorded.equals(lock.lockHash().toHex())) {
          throw new IllegalArgumentException("the state folder " + stateDir + " belongs to another cluster (lock hash "
              + recorded + ", this lock is " + lock.lockHash() + "); point --data-dir at this cluster's node"
              + " folder, or move the old state folder away");
        }
        return;
      }
      Files.createDirectories(stateDir.getParent());
      SafeFiles.createPrivateDirectory(stateDir);
      SafeFiles.writeString(marker, lock.lockHash().toHex() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use state folder " + stateDir + ": " + e.getMessage(), e);
    }
  }
}
