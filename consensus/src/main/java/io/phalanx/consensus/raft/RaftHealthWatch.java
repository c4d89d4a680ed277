package io.phalanx.consensus.raft;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples this node's Raft role on {@link RaftConsensus}'s schedule: counts leader changes, logs
 * lost and regained quorums once per change ({@link QuorumWatch}), and gets a node whose log was
 * lost back into the group.
 */
final class RaftHealthWatch implements Runnable {
  /** Logged under the facade's name, which operators' logging configurations know. */
  private static final Logger LOG = LoggerFactory.getLogger(RaftConsensus.class);
  private static final int MAX_STEP_DOWN_REQUESTS = 3;

  private final RaftConsensusConfig config;
  private final LocalDivision division;
  private final RaftClient client;
  private final QuorumWatch quorumWatch;
  private final RaftStats.LeaderChanges leaderChanges = new RaftStats.LeaderChanges();
  /** This node started without a Raft log of its group (first start, or its data folder was lost). */
  private volatile boolean freshStorage;
  private long emptyLogSinceMillis = -1;
  private int stepDownRequests;

  RaftHealthWatch(RaftConsensusConfig config, LocalDivision division, RaftClient client, boolean freshStorage) {
    this.config = config;
    this.division = division;
    this.client = client;
    this.freshStorage = freshStorage;
    this.quorumWatch = new QuorumWatch(
        config.nodeIndex(), config.lock().nodeCount(), 2 * config.electionTimeoutMax().toMillis());
  }

  /** Words why a proposal is still undecided, from the last sample. */
  String whyUndecided() {
    return quorumWatch.whyUndecided();
  }

  long leaderChanges() {
    return leaderChanges.count();
  }

  @Override
  public void run() {
    try {
      Optional<DivisionInfo> info = division.info();
      if (info.isEmpty()) {
        return;
      }
      RoleInfoProto role = info.get().getRoleInfoProto();
      leaderChanges.observe(division.indexOf(info.get().getLeaderId()));
      rejoinIfStuck(info.get());
      OptionalInt reachable = OptionalInt.empty();
      if (role.getRole() == RaftPeerRole.LEADER) {
        long fresh = config.electionTimeoutMax().toMillis();
        reachable = OptionalInt.of((int) role.getLeaderInfo().getFollowerInfoList().stream()
            .filter(f -> f.getLastRpcElapsedTimeMs() <= fresh)
            .count());
      }
      QuorumWatch.Sample sample = new QuorumWatch.Sample(
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime()),
          role.getRole().name(),
          division.indexOf(info.get().getLeaderId()),
          reachable);
      quorumWatch.observe(sample).ifPresent(change -> {
        if (change.warning()) {
          LOG.warn("Node {}: {}", config.nodeIndex(), change.message());
        } else {
          LOG.info("Node {}: {}", config.nodeIndex(), change.message());
        }
      });
    } catch (RuntimeException e) {
      LOG.debug("Could not sample the Raft role", e);
    }
  }

  /**
   * A node whose data folder was lost rejoins with an empty log, but a leader that knew it keeps
   * its old match index and sends only entries after it, which the empty log refuses for ever
   * (Ratis assumes a follower never loses its log). A new leadership starts from scratch with each
   * follower, so such a node, still empty a few election timeouts after it learned of a leader,
   * asks the leader to step down; the new leader sends it the log or its snapshot, which carry the
   * slashing-protection history.
   */
  private void rejoinIfStuck(DivisionInfo info) {
    if (!freshStorage || stepDownRequests >= MAX_STEP_DOWN_REQUESTS) {
      return;
    }
    RaftPeerId leader = info.getLeaderId();
    long logNext;
    try {
      logNext = division.nextLogIndex();
    } catch (IOException e) {
      return;
    }
    // A leader sends a new follower its first entry within a heartbeat, committed or not; only a
    // leader that still believes the follower has its old log sends nothing it can take.
    if (logNext > 0) {
      freshStorage = false;
      return;
    }
    long now = TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    if (leader == null || leader.equals(division.peerId(config.nodeIndex()))) {
      return;
    }
    if (emptyLogSinceMillis < 0) {
      emptyLogSinceMillis = now;
      return;
    }
    if (now - emptyLogSinceMillis > 4 * config.electionTimeoutMax().toMillis()) {
      stepDownRequests++;
      emptyLogSinceMillis = now;
      LOG.warn("Node {}: its Raft log is still empty although {} leads: asking the leader to step down so that"
          + " a new leadership sends it the log (was its data folder lost?)", config.nodeIndex(), leader);
      CompletableFuture.runAsync(() -> {
        try {
          client.admin().transferLeadership(null, config.electionTimeoutMax().toMillis() * 4);
        } catch (IOException | RuntimeException e) {
          LOG.debug("Step-down request failed: {}", e.toString());
        }
      });
    }
  }
}
