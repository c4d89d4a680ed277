package io.phalanx.duties;

import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.util.Bytes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster as one node sees it: its validators by group key, by this node's share key and (once
 * the beacon node told) by validator index, and every node's public share, to verify partials.
 */
public final class ClusterView {
  private final ClusterLock lock;
  private final int nodeIndex;
  private final Map<Bytes, DistributedValidator> byGroupKey = new HashMap<>();
  private final Map<Bytes, DistributedValidator> byOwnShareKey = new HashMap<>();
  private final Map<Long, DistributedValidator> byIndex = new ConcurrentHashMap<>();
  private final Map<Bytes, Long> indexByGroupKey = new ConcurrentHashMap<>();

  public ClusterView(ClusterLock lock, int nodeIndex) {
    if (nodeIndex < 0 || nodeIndex >= lock.nodeCount()) {
      throw new IllegalArgumentException(
          "node index " + nodeIndex + " is not in a cluster of " + lock.nodeCount() + " nodes");
    }
    this.lock = lock;
    this.nodeIndex = nodeIndex;
    for (DistributedValidator v : lock.validators()) {
      byGroupKey.put(v.groupPublicKey().toBytes(), v);
      byOwnShareKey.put(v.publicShare(nodeIndex).toBytes(), v);
    }
  }

  public ClusterLock lock() {
    return lock;
  }

  public int nodeIndex() {
    return nodeIndex;
  }

  /** This node's share index: the x-coordinate of its shares. */
  public int shareIndex() {
    return nodeIndex + 1;
  }

  public int threshold() {
    return lock.threshold();
  }

  public List<DistributedValidator> validators() {
    return lock.validators();
  }

  public Optional<DistributedValidator> byGroupKey(Bytes groupKey) {
    return Optional.ofNullable(byGroupKey.get(groupKey));
  }

  /** A validator by this node's share key: how the node's validator client knows it. */
  public Optional<DistributedValidator> byOwnShareKey(Bytes shareKey) {
    return Optional.ofNullable(byOwnShareKey.get(shareKey));
  }

  public Optional<DistributedValidator> byIndex(long validatorIndex) {
    return Optional.ofNullable(byIndex.get(validatorIndex));
  }

  public Optional<Long> indexOf(DistributedValidator validator) {
    return Optional.ofNullable(indexByGroupKey.get(validator.groupPublicKey().toBytes()));
  }

  /** Records the index the beacon chain gave a validator. */
  public void learnIndex(Bytes groupKey, long validatorIndex) {
    DistributedValidator v = byGroupKey.get(groupKey);
    if (v != null) {
      byIndex.put(validatorIndex, v);
      indexByGroupKey.put(groupKey, validatorIndex);
    }
  }

  public List<Long> knownIndices() {
    return byIndex.keySet().stream().sorted().toList();
  }

  /** The public key of the share with {@code shareIndex} (1-based) of {@code validator}. */
  public BlsPublicKey publicShare(DistributedValidator validator, int shareIndex) {
    return validator.publicShare(shareIndex - 1);
  }

  public BlsPublicKey ownPublicShare(DistributedValidator validator) {
    return validator.publicShare(nodeIndex);
  }
}
