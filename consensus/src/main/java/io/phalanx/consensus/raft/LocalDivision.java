package io.phalanx.consensus.raft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

/**
 * This node's member of the Raft group as its own server sees it: role, leader and log. Nothing
 * here throws for a server that is starting or stopping; such a view is simply empty.
 */
final class LocalDivision {
  private final RaftServer server;
  private final RaftGroupId groupId;
  private final List<RaftPeerId> peerIds;

  LocalDivision(RaftServer server, RaftGroupId groupId, List<RaftPeerId> peerIds) {
    this.server = server;
    this.groupId = groupId;
    this.peerIds = List.copyOf(peerIds);
  }

  Optional<DivisionInfo> info() {
    try {
      return Optional.of(server.getDivision(groupId).getInfo());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  Optional<RaftPeerId> leaderId() {
    return info().map(DivisionInfo::getLeaderId);
  }

  OptionalInt leaderIndex() {
    return info().map(DivisionInfo::getLeaderId).map(this::indexOf).orElse(OptionalInt.empty());
  }

  OptionalInt indexOf(RaftPeerId id) {
    int i = id == null ? -1 : peerIds.indexOf(id);
    return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
  }

  RaftPeerId peerId(int nodeIndex) {
    return peerIds.get(nodeIndex);
  }

  /** The index the next entry of this node's Raft log will take: 0 while the log is empty. */
  long nextLogIndex() throws IOException {
    return server.getDivision(groupId).getRaftLog().getNextIndex();
  }

  /** The first index still in this node's Raft log: above 0 once a snapshot let it be purged. */
  long firstLogIndex() {
    try {
      return server.getDivision(groupId).getRaftLog().getStartIndex();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Role, term, leader, commit index and the followers' lag, as this node sees them now. */
  RaftStats stats(long leaderChanges) {
    try {
      return RaftStats.of(server.getDivision(groupId), peerIds, leaderChanges);
    } catch (IOException | RuntimeException e) {
      return RaftStats.unknown(leaderChanges);
    }
  }
}
