package io.phalanx.consensus.raft;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

/**
 * One node's view of its Raft group, for metrics and readiness.
 *
 * @param role LEADER, FOLLOWER, CANDIDATE, or UNKNOWN when the server is not running
 * @param term the current term
 * @param leader the leader's node index, if one is known
 * @param commitIndex the highest log index known committed
 * @param lastAppliedIndex the highest log index applied to the duty state machine
 * @param leaderChanges how often the known leader changed since start (to another node or to none)
 * @param followerLag on the leader only: per follower node index, commit index minus the
 *     follower's match index (entries it still lacks)
 */
public record RaftStats(String role, long term, OptionalInt leader, long commitIndex, long lastAppliedIndex,
    long leaderChanges, Map<Integer, Long> followerLag) {

  static RaftStats of(RaftServer.Division division, List<RaftPeerId> peerIds, long leaderChanges) throws IOException {
    DivisionInfo info = division.getInfo();
    long commit = division.getRaftLog().getLastCommittedIndex();
    Map<Integer, Long> lag = new TreeMap<>();
    RoleInfoProto role = info.getRoleInfoProto();
    if (role.getRole() == RaftPeerRole.LEADER) {
      // Ratis lists the follower infos and the match indices from the same log appenders, in order.
      List<ServerRpcProto> followers = role.getLeaderInfo().getFollowerInfoList();
      long[] match = info.getFollowerMatchIndices();
      for (int i = 0; i < Math.min(followers.size(), match.length); i++) {
        int index = peerIds.indexOf(RaftPeerId.valueOf(followers.get(i).getId().getId()));
        if (index >= 0) {
          lag.put(index, Math.max(0, commit - match[i]));
        }
      }
    }
    RaftPeerId leaderId = info.getLeaderId();
    int leader = leaderId == null ? -1 : peerIds.indexOf(leaderId);
    return new RaftStats(role.getRole().name(), info.getCurrentTerm(),
        leader < 0 ? OptionalInt.empty() : OptionalInt.of(leader), commit, info.getLastAppliedIndex(), leaderChanges,
        Map.copyOf(lag));
  }

  static RaftStats unknown(long leaderChanges) {
    return new RaftStats("UNKNOWN", 0, OptionalInt.empty(), 0, 0, leaderChanges, Map.of());
  }

  /** Counts changes of the known leader between samples. */
  static final class LeaderChanges {
    private final AtomicInteger last = new AtomicInteger(Integer.MIN_VALUE);
    private final AtomicLong changes = new AtomicLong();

    void observe(OptionalInt leader) {
      int now = leader.orElse(-1);
      int before = last.getAndSet(now);
      if (before != Integer.MIN_VALUE && before != now) {
        changes.incrementAndGet();
      }
    }

    long count() {
      return changes.get();
    }
  }
}
