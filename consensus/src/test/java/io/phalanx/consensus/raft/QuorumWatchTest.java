package io.phalanx.consensus.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.consensus.raft.QuorumWatch.Change;
import io.phalanx.consensus.raft.QuorumWatch.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class QuorumWatchTest {
  private final QuorumWatch watch = new QuorumWatch(0, 4, 1_000);
  private final List<Change> log = new ArrayList<>();

  private void observe(long now, String role, OptionalInt leader, OptionalInt reachable) {
    watch.observe(new Sample(now, role, leader, reachable)).ifPresent(log::add);
  }

  private void follower(long now, int leader) {
    observe(now, "FOLLOWER", OptionalInt.of(leader), OptionalInt.empty());
  }

  private void noLeader(long now) {
    observe(now, "CANDIDATE", OptionalInt.empty(), OptionalInt.empty());
  }

  @Test
  void aLostQuorumIsLoggedOnceAndItsReturnOnce() {
    follower(0, 2);
    assertEquals(List.of(new Change(false, "Raft leader is node 2")), log);
    for (long t = 100; t < 60_000; t += 100) {
      noLeader(t);
    }
    assertEquals(2, log.size(), "one warning for a minute without a leader, not one per sample: " + log);
    assertTrue(log.get(1).warning());
    assertTrue(log.get(1).message().startsWith("no Raft quorum: no leader for 1000 ms"), log.get(1).message());
    assertTrue(log.get(1).message().contains("this node is CANDIDATE; a decision needs 3 of 4 nodes"));
    follower(60_000, 3);
    assertEquals(new Change(false, "Raft leader is node 3 after 59900 ms without one"), log.get(2));
    assertEquals(3, log.size());
  }

  @Test
  void aShortElectionIsNotAWarning() {
    follower(0, 1);
    noLeader(100);
    noLeader(400);
    follower(600, 1);
    follower(700, 1);
    assertEquals(List.of(new Change(false, "Raft leader is node 1")), log);
  }

  @Test
  void theFirstElectionGetsALongerGrace() {
    for (long t = 0; t < 9_000; t += 100) {
      noLeader(t);
    }
    assertTrue(log.isEmpty(), log.toString());
    noLeader(10_000);
    assertEquals(1, log.size());
  }

  @Test
  void aLeaderThatReachesTooFewFollowersSaysHowMany() {
    observe(0, "LEADER", OptionalInt.of(0), OptionalInt.of(3));
    observe(100, "LEADER", OptionalInt.of(0), OptionalInt.of(1));
    observe(200, "LEADER", OptionalInt.of(0), OptionalInt.of(1));
    assertEquals(2, log.size(), log.toString());
    assertEquals("no Raft quorum: 2 of 4 nodes reachable (this node leads and reaches 1 of 3 followers;"
        + " a decision needs 3)", log.get(1).message());
    assertEquals(log.get(1).message(), watch.whyUndecided());
    observe(300, "LEADER", OptionalInt.of(0), OptionalInt.of(2));
    assertFalse(log.get(2).warning());
    assertEquals(3, log.size());
  }

  @Test
  void whyUndecidedNamesTheSituation() {
    QuorumWatch fresh = new QuorumWatch(1, 4, 1_000);
    assertTrue(fresh.whyUndecided().startsWith("no Raft quorum"));
    fresh.observe(new Sample(0, "FOLLOWER", OptionalInt.of(2), OptionalInt.empty()));
    assertEquals("no decision in time: Raft leader is node 2, but the proposal was not committed",
        fresh.whyUndecided());
    assertEquals(Optional.empty(), fresh.observe(new Sample(50, "FOLLOWER", OptionalInt.of(2), OptionalInt.empty())));
  }
}
