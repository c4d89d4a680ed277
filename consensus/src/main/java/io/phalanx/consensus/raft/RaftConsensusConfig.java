package io.phalanx.consensus.raft;

import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.lock.ClusterLock;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one node joins the cluster's Raft group.
 *
 * @param nodeIndex this node's index in the lock's operators
 * @param lock the cluster lock: the group is its operators, and peers are pinned to its certificates
 * @param identity this node's identity, whose certificate the lock pins at {@code nodeIndex}
 * @param dataDir the node's data folder; the Raft log and snapshots go in {@code raft/} inside it
 * @param bindAddress where this node's Raft server listens
 * @param peerAddresses every node's Raft address, by node index (this node's own included)
 * @param electionTimeoutMin the shortest a follower waits for a leader before it stands for
 *     election; LAN default {@link #LAN_ELECTION_TIMEOUT_MIN}, cross-region clusters raise it above
 *     a few round trips
 * @param electionTimeoutMax the longest such wait; elections pick at random between the two
 * @param requestTimeout how long {@code propose} waits for a decision before it fails
 * @param decidedWindowSlots how many slots below the highest decided slot are kept; older keys are
 *     pruned and refused. Must be the same on every node (it is part of the Raft group id, so
 *     nodes that differ do not form a group)
 * @param snapshotEveryEntries a snapshot is taken after this many applied log entries, and the log
 *     before it may be purged
 * @param slashing how the state machine keeps the slashing-protection history; its window is part
 *     of the Raft group id too, as nodes that prune differently would refuse differently
 */
public record RaftConsensusConfig(
    int nodeIndex,
    ClusterLock lock,
    NodeIdentity identity,
    Path dataDir,
    InetSocketAddress bindAddress,
    List<InetSocketAddress> peerAddresses,
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    Duration requestTimeout,
    long decidedWindowSlots,
    long snapshotEveryEntries,
    SlashingConfig slashing) {
  public static final Duration LAN_ELECTION_TIMEOUT_MIN = Duration.ofMillis(150);
  public static final Duration LAN_ELECTION_TIMEOUT_MAX = Duration.ofMillis(300);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(2);
  /** Two epochs of 32 slots: a duty's decided value is needed until its slot is well past. */
  public static final long DEFAULT_DECIDED_WINDOW_SLOTS = 64;
  public static final long DEFAULT_SNAPSHOT_EVERY_ENTRIES = 4096;

  /** A configuration whose slashing history uses the lock's genesis fork and the default window. */
  public RaftConsensusConfig(int nodeIndex, ClusterLock lock, NodeIdentity identity, Path dataDir,
      InetSocketAddress bindAddress, List<InetSocketAddress> peerAddresses, Duration electionTimeoutMin,
      Duration electionTimeoutMax, Duration requestTimeout, long decidedWindowSlots, long snapshotEveryEntries) {
    this(nodeIndex, lock, identity, dataDir, bindAddress, peerAddresses, electionTimeoutMin, electionTimeoutMax,
        requestTimeout, decidedWindowSlots, snapshotEveryEntries, SlashingConfig.genesisFork(lock));
  }

  public RaftConsensusConfig {
    Objects.requireNonNull(lock, "lock");
    Objects.requireNonNull(slashing, "slashing");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(bindAddress, "bindAddress");
    peerAddresses = List.copyOf(peerAddresses);
    if (nodeIndex < 0 || nodeIndex >= lock.nodeCount()) {
      throw new IllegalArgumentException(
          "node index " + nodeIndex + " is not in the lock, which has nodes 0 to " + (lock.nodeCount() - 1));
    }
    if (peerAddresses.size() != lock.nodeCount()) {
      throw new IllegalArgumentException(
          peerAddresses.size() + " peer addresses for " + lock.nodeCount() + " nodes: give one per node, in node order");
    }
    requirePositive(electionTimeoutMin, "electionTimeoutMin");
    requirePositive(electionTimeoutMax, "electionTimeoutMax");
    requirePositive(requestTimeout, "requestTimeout");
    if (electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
      throw new IllegalArgumentException(
          "electionTimeoutMax " + electionTimeoutMax.toMillis() + " ms must be above electionTimeoutMin "
              + electionTimeoutMin.toMillis() + " ms");
    }
    if (decidedWindowSlots < 1) {
      throw new IllegalArgumentException("decidedWindowSlots must be at least 1, got " + decidedWindowSlots);
    }
    if (snapshotEveryEntries < 1) {
      throw new IllegalArgumentException("snapshotEveryEntries must be at least 1, got " + snapshotEveryEntries);
    }
  }

  /** A configuration with the LAN defaults. */
  public static RaftConsensusConfig lan(
      int nodeIndex,
      ClusterLock lock,
      NodeIdentity identity,
      Path dataDir,
      InetSocketAddress bindAddress,
      List<InetSocketAddress> peerAddresses) {
    return new RaftConsensusConfig(nodeIndex, lock, identity, dataDir, bindAddress, peerAddresses,
        LAN_ELECTION_TIMEOUT_MIN, LAN_ELECTION_TIMEOUT_MAX, DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_DECIDED_WINDOW_SLOTS, DEFAULT_SNAPSHOT_EVERY_ENTRIES);
  }

  /** The same configuration with other election and request timeouts, e.g. for a cross-region cluster. */
  public RaftConsensusConfig withTimeouts(Duration electionMin, Duration electionMax, Duration request) {
    return new RaftConsensusConfig(nodeIndex, lock, identity, dataDir, bindAddress, peerAddresses,
        electionMin, electionMax, request, decidedWindowSlots, snapshotEveryEntries, slashing);
  }

  /** The same configuration with another decided window and snapshot interval. */
  public RaftConsensusConfig withWindow(long windowSlots, long snapshotEvery) {
    return new RaftConsensusConfig(nodeIndex, lock, identity, dataDir, bindAddress, peerAddresses,
        electionTimeoutMin, electionTimeoutMax, requestTimeout, windowSlots, snapshotEvery, slashing);
  }

  /** The same configuration with another slashing-protection setting (the chain's fork, the history window). */
  public RaftConsensusConfig withSlashing(SlashingConfig settings) {
    return new RaftConsensusConfig(nodeIndex, lock, identity, dataDir, bindAddress, peerAddresses,
        electionTimeoutMin, electionTimeoutMax, requestTimeout, decidedWindowSlots, snapshotEveryEntries, settings);
  }

  /** Where Ratis keeps this node's log and snapshots. */
  public Path raftDir() {
    return dataDir.resolve("raft");
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
