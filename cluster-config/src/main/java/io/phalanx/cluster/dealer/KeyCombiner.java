package io.phalanx.cluster.dealer;

import io.phalanx.cluster.files.Parallel;
import io.phalanx.cluster.files.SafeFiles;
import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.layout.KeystoreFiles;
import io.phalanx.cluster.layout.NodeDirectory;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.ThresholdBls;
import io.phalanx.spec.keystore.KdfParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Recovers whole validator keys from the share keystores of at least T nodes, e.g. to leave DVT
 * or to exit from a single machine. Each share is checked against the lock before it is used and
 * each recovered key against the validator's group public key before it is written.
 */
public final class KeyCombiner {
  private final SecureRandom random;

  public KeyCombiner(SecureRandom random) {
    this.random = random;
  }

  /** What was written. */
  public record Result(Path output, ClusterLock lock, List<Integer> nodesUsed, List<BlsPublicKey> recovered) {}

  /**
   * Combines the shares found in the node folders below {@code clusterDir} and writes
   * {@code keystore-<j>.json} with {@code keystore-<j>.txt} for every validator to {@code output},
   * which must not exist or be empty.
   */
  public Result combine(Path clusterDir, Path output, KdfParams kdf) {
    SafeFiles.requireAbsentOrEmpty(output);
    Map<Integer, NodeDirectory> nodes = findNodes(clusterDir);
    ClusterLock lock = null;
    for (Map.Entry<Integer, NodeDirectory> e : nodes.entrySet()) {
      ClusterLock nodeLock = ClusterLock.load(e.getValue().lockFile());
      if (lock == null) {
        lock = nodeLock;
      } else if (!lock.lockHash().equals(nodeLock.lockHash())) {
        throw new IllegalArgumentException(
            e.getValue().root() + " belongs to another cluster: its lock hash " + nodeLock.lockHash()
                + " differs from " + lock.lockHash());
      }
    }
    ClusterLock theLock = lock;
    Map<Integer, NodeDirectory> indexed = new TreeMap<>();
    for (NodeDirectory node : nodes.values()) {
      int index = nodeIndex(theLock, node);
      if (indexed.put(index, node) != null) {
        throw new IllegalArgumentException("two folders hold node " + index + "'s identity");
      }
    }
    int t = theLock.threshold();
    if (indexed.size() < t) {
      throw new IllegalArgumentException(
          "found " + indexed.size() + " node folder(s) in " + clusterDir + " ("
              + indexed.values().stream().map(n -> n.root().getFileName().toString()).collect(Collectors.joining(", "))
              + ") but the threshold is " + t + ": combining needs the folders of at least " + t + " nodes");
    }
    List<Integer> used = indexed.keySet().stream().limit(t).toList();

    List<Callable<BlsSecretKey>> work = new ArrayList<>();
    for (int j = 0; j < theLock.validators().size(); j++) {
      int validator = j;
      work.add(() -> recover(theLock, validator, used, indexed));
    }
    List<BlsSecretKey> keys = Parallel.map(work);

    SafeFiles.buildDirectory(output, staging -> {
      List<Runnable> writes = new ArrayList<>();
      for (int j = 0; j < keys.size(); j++) {
        Path file = staging.resolve(KeystoreFiles.keystoreName(j));
        BlsSecretKey key = keys.get(j);
        writes.add(() -> KeystoreFiles.write(file, key, kdf, "validator key recovered by Phalanx", random));
      }
      Parallel.run(writes);
    });
    return new Result(output, theLock, used, keys.stream().map(BlsSecretKey::publicKey).toList());
  }

  private static BlsSecretKey recover(
      ClusterLock lock, int validator, List<Integer> nodes, Map<Integer, NodeDirectory> dirs) {
    DistributedValidator v = lock.validators().get(validator);
    Map<Integer, BlsSecretKey> shares = new TreeMap<>();
    for (int node : nodes) {
      Path file = dirs.get(node).keystore(validator);
      if (!Files.exists(file)) {
        throw new IllegalArgumentException("share keystore missing: " + file);
      }
      BlsSecretKey share = KeystoreFiles.read(file);
      if (!share.publicKey().equals(v.publicShare(node))) {
        throw new IllegalArgumentException(
            file + " is not node " + node + "'s share of validator " + validator
                + ": its public key differs from the lock's");
      }
      shares.put(node + 1, share);
    }
    BlsSecretKey key = ThresholdBls.combineSecretKeys(shares);
    if (!key.publicKey().equals(v.groupPublicKey())) {
      throw new IllegalStateException(
          "the shares of validator " + validator + " combine to a key other than its group key "
              + v.groupPublicKey());
    }
    return key;
  }

  /** Node folders: the sub-folders of {@code clusterDir} that hold a cluster lock. */
  private static Map<Integer, NodeDirectory> findNodes(Path clusterDir) {
    if (!Files.isDirectory(clusterDir)) {
      throw new IllegalArgumentException("cluster folder not found: " + clusterDir);
    }
    if (Files.exists(clusterDir.resolve(ClusterLock.FILE_NAME))) {
      throw new IllegalArgumentException(
          clusterDir + " is one node's folder; give the folder that holds the node folders (node0, node1, ...)");
    }
    Map<Integer, NodeDirectory> nodes = new TreeMap<>();
    try (Stream<Path> entries = Files.list(clusterDir)) {
      List<Path> dirs = entries
          .filter(p -> Files.isRegularFile(p.resolve(ClusterLock.FILE_NAME)))
          .sorted()
          .toList();
      for (int i = 0; i < dirs.size(); i++) {
        nodes.put(i, new NodeDirectory(dirs.get(i)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + clusterDir + ": " + e.getMessage(), e);
    }
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException(
          "no node folders in " + clusterDir + ": expected folders such as node0/ holding cluster-lock.json");
    }
    return nodes;
  }

  /** Which operator a folder belongs to: the one whose certificate its identity holds. */
  private static int nodeIndex(ClusterLock lock, NodeDirectory node) {
    NodeIdentity identity = NodeIdentity.load(node.identityDir());
    for (int i = 0; i < lock.operators().size(); i++) {
      if (lock.operators().get(i).certificateFingerprint().equals(identity.certificateFingerprint())) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        node.root() + "'s identity is not one of the lock's operators");
  }
}
