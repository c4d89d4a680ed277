package io.phalanx.consensus.raft;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Follows whether this node sees a working Raft quorum, from samples of its Raft role taken on a
 * schedule, and says so once per change: the log gets one line when the leader changes or the
 * quorum is lost and one when it is back, never one per proposal. It also words why a proposal
 * failed. Time comes in with each sample, so tests drive it without waiting.
 */
final class QuorumWatch {
  /** What the Raft server reported at {@code nowMillis}. */
  record Sample(long nowMillis, String role, OptionalInt leader, OptionalInt reachableFollowers) {}

  /** A line for the log. */
  record Change(boolean warning, String message) {}

  private static final int STARTUP_GRACE_FACTOR = 10;

  private final int nodeIndex;
  private final int nodeCount;
  private final long graceMillis;

  private Sample last;
  private boolean everHadLeader;
  private OptionalInt reportedLeader = OptionalInt.empty();
  private long noLeaderSince = -1;
  private boolean warnedNoLeader;
  private boolean warnedFewFollowers;

  /**
   * @param graceMillis how long an election may take before the missing leader is worth a
   *     warning; elections after a leader's loss are normal and take about one election timeout
   */
  QuorumWatch(int nodeIndex, int nodeCount, long graceMillis) {
    this.nodeIndex = nodeIndex;
    this.nodeCount = nodeCount;
    this.graceMillis = graceMillis;
  }

  /** The number of nodes that make a decision. */
  int quorum() {
    return nodeCount / 2 + 1;
  }

  /** Takes a sample; returns the line to log if the state changed in a way worth telling. */
  synchronized Optional<Change> observe(Sample sample) {
    last = sample;
    if (sample.leader().isEmpty()) {
      if (noLeaderSince < 0) {
        noLeaderSince = sample.nowMillis();
      }
      long without = sample.nowMillis() - noLeaderSince;
      // The first election waits for every peer to start, so it gets a longer grace.
      long grace = everHadLeader ? graceMillis : STARTUP_GRACE_FACTOR * graceMillis;
      if (!warnedNoLeader && without >= grace) {
        warnedNoLeader = true;
        return Optional.of(new Change(true, noLeaderReason(without)
            + "; proposals fail until a quorum is back"));
      }
      return Optional.empty();
    }
    int leader = sample.leader().getAsInt();
    everHadLeader = true;
    long without = noLeaderSince < 0 ? 0 : sample.nowMillis() - noLeaderSince;
    boolean wasWarned = warnedNoLeader;
    noLeaderSince = -1;
    warnedNoLeader = false;
    Optional<Change> change = Optional.empty();
    if (reportedLeader.isEmpty() || reportedLeader.getAsInt() != leader || wasWarned) {
      reportedLeader = OptionalInt.of(leader);
      String after = wasWarned ? " after " + without + " ms without one" : "";
      change = Optional.of(new Change(false, "Raft leader is node " + leader + after));
    }
    if (leader == nodeIndex && sample.reachableFollowers().isPresent()) {
      int reachable = sample.reachableFollowers().getAsInt();
      if (reachable + 1 < quorum() && !warnedFewFollowers) {
        warnedFewFollowers = true;
        return Optional.of(new Change(true, fewFollowers(reachable)));
      }
      if (reachable + 1 >= quorum() && warnedFewFollowers) {
        warnedFewFollowers = false;
        return Optional.of(new Change(false, "Raft quorum is back: this node leads and reaches "
            + reachable + " of " + (nodeCount - 1) + " followers"));
      }
    }
    return change;
  }

  /** Why nothing was decided in time, from the latest sample. */
  synchronized String whyUndecided() {
    if (last == null) {
      return "no Raft quorum: the Raft server has not started yet";
    }
    if (last.leader().isEmpty()) {
      long without = noLeaderSince < 0 ? 0 : last.nowMillis() - noLeaderSince;
      return noLeaderReason(without);
    }
    int leader = last.leader().getAsInt();
    if (leader == nodeIndex && last.reachableFollowers().isPresent()
        && last.reachableFollowers().getAsInt() + 1 < quorum()) {
      return fewFollowers(last.reachableFollowers().getAsInt());
    }
    return "no decision in time: Raft leader is node " + leader + ", but the proposal was not committed";
  }

  private String noLeaderReason(long withoutMillis) {
    return "no Raft quorum: no leader for " + withoutMillis + " ms (this node is " + last.role()
        + "; a decision needs " + quorum() + " of " + nodeCount + " nodes up and connected)";
  }

  private String fewFollowers(int reachable) {
    return "no Raft quorum: " + (reachable + 1) + " of " + nodeCount + " nodes reachable (this node leads and"
        + " reaches " + reachable + " of " + (nodeCount - 1) + " followers; a decision needs " + quorum() + ")";
  }
}
