package io.phalanx.consensus.raft;

import static io.phalanx.consensus.raft.RaftTestCluster.value;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.consensus.raft.ProposalFailedException.Reason;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.util.Bytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a node keeps and recovers: catching up after downtime, snapshots, and the pruned window. */
@Timeout(120)
class RaftRecoveryTest {
  @TempDir Path dir;

  @Test
  void aRestartedNodeCatchesUpOnWhatWasDecidedWhileItWasDown() throws Exception {
    RaftTestCluster.runWithNewCluster(4, dir, cluster -> {
      cluster.node(0).propose(new DutyKey(1, DutyType.ATTESTER), value("all up")).join();
      int down = (cluster.awaitLeader() + 1) % 4;
      cluster.stop(down);
      int proposer = (down + 1) % 4;
      List<DutyKey> meanwhile = new ArrayList<>();
      for (int s = 2; s < 30; s++) {
        DutyKey key = new DutyKey(s, DutyType.SELECTION_PROOF);
        meanwhile.add(key);
        cluster.node(proposer).propose(key, value("while down " + s)).join();
      }
      cluster.start(down);
      for (DutyKey key : meanwhile) {
        cluster.awaitDecided(List.of(down), key, cluster.node(proposer).decided(key).orElseThrow());
      }
      DutyKey after = new DutyKey(40, DutyType.ATTESTER);
      Bytes decided = cluster.node(down).propose(after, value("back")).join();
      cluster.awaitDecided(List.of(0, 1, 2, 3), after, decided);
    });
  }


  @Test
  void aNodeBackAfterTheLogWasPurgedCatchesUpFromTheLeadersSnapshot() throws Exception {
    RaftTestCluster.runWithNewCluster(4, dir, c -> c.withWindow(10_000, 16), cluster -> {
      int leader = cluster.awaitLeader();
      int down = (leader + 1) % 4;
      int proposer = (leader + 2) % 4;
      cluster.stop(down);
      // Large values fill a 4 MB log segment, so that once closed it can be purged.
      int keys = 96;
      for (int batch = 0; batch < keys; batch += 24) {
        List<CompletableFuture<Bytes>> proposals = new ArrayList<>();
        for (int s = batch; s < batch + 24; s++) {
          proposals.add(cluster.node(proposer).propose(new DutyKey(s, DutyType.ATTESTER), bigValue(s)));
        }
        proposals.forEach(CompletableFuture::join);
      }
      await("the leader's log purged").atMost(RaftTestCluster.WAIT).until(() -> cluster.node(leader).firstLogIndex() > 0);

      cluster.start(down);
      await("node " + down + " caught up").atMost(RaftTestCluster.WAIT).until(() -> cluster.heard(down).size() == keys);
      for (int s = 0; s < keys; s++) {
        DutyKey key = new DutyKey(s, DutyType.ATTESTER);
        assertEquals(Optional.of(bigValue(s)), cluster.node(down).decided(key), key.toString());
        assertEquals(1, cluster.heardCount(down, key));
      }
      DutyKey after = new DutyKey(keys, DutyType.ATTESTER);
      Bytes decided = cluster.node(down).propose(after, value("back")).join();
      cluster.awaitDecided(List.of(0, 1, 2, 3), after, decided);
    });
  }


  @Test
  void oldKeysArePrunedOnEveryNodeAndALateProposalForOneIsRefused() throws Exception {
    long window = 8;
    RaftTestCluster.runWithNewCluster(4, dir, c -> c.withWindow(window, 1_000), cluster -> {
      for (int s = 0; s <= 40; s++) {
        cluster.node(s % 4).propose(new DutyKey(s, DutyType.ATTESTER), value("slot " + s)).join();
      }
      DutyKey newest = new DutyKey(40, DutyType.ATTESTER);
      cluster.awaitDecided(List.of(0, 1, 2, 3), newest, value("slot 40"));
      for (int i = 0; i < 4; i++) {
        for (int s = 0; s < 40 - window; s++) {
          assertEquals(Optional.empty(), cluster.node(i).decided(new DutyKey(s, DutyType.ATTESTER)), "slot " + s);
        }
        for (long s = 40 - window; s <= 40; s++) {
          assertEquals(Optional.of(value("slot " + s)), cluster.node(i).decided(new DutyKey(s, DutyType.ATTESTER)));
        }
      }
      CompletionException late = assertThrows(CompletionException.class,
          () -> cluster.node(1).propose(new DutyKey(3, DutyType.ATTESTER), value("late")).join());
      ProposalFailedException cause = assertInstanceOf(ProposalFailedException.class, late.getCause());
      assertEquals(Reason.REFUSED, cause.reason());
      assertTrue(cause.getMessage().contains("prune horizon"), cause.getMessage());
      // A never-decided key of a slot in the window is still open.
      DutyKey open = new DutyKey(35, DutyType.AGGREGATOR);
      assertEquals(value("in window"), cluster.node(2).propose(open, value("in window")).join());
    });
  }


  @Test
  void aRestartAfterASnapshotRestoresTheDecidedWindow() throws Exception {
    long window = 16;
    RaftTestCluster.runWithNewCluster(4, dir, c -> c.withWindow(window, 10), cluster -> {
      for (int s = 0; s < 50; s++) {
        cluster.node(0).propose(new DutyKey(s, DutyType.ATTESTER), value("slot " + s)).join();
      }
      cluster.awaitDecided(List.of(0, 1, 2, 3), new DutyKey(49, DutyType.ATTESTER), value("slot 49"));
      Path raftDir = cluster.config(1).raftDir();
      await("a snapshot of node 1").atMost(RaftTestCluster.WAIT).until(() -> hasSnapshot(raftDir));

      for (int i = 0; i < 4; i++) {
        cluster.stop(i);
      }
      // Alone, without a quorum, node 1 can only know what its snapshot and its own log hold.
      cluster.start(1);
      RaftConsensus node = cluster.node(1);
      await().atMost(RaftTestCluster.WAIT).until(() -> node.decided(new DutyKey(49, DutyType.ATTESTER)).isPresent());
      for (long s = 49 - window; s < 50; s++) {
        assertEquals(Optional.of(value("slot " + s)), node.decided(new DutyKey(s, DutyType.ATTESTER)), "slot " + s);
      }
      assertEquals(Optional.empty(), node.decided(new DutyKey(49 - window - 1, DutyType.ATTESTER)));
      CompletionException pruned = assertThrows(CompletionException.class,
          () -> node.propose(new DutyKey(2, DutyType.ATTESTER), value("late")).join());
      assertEquals(Reason.REFUSED, assertInstanceOf(ProposalFailedException.class, pruned.getCause()).reason());
    });
  }


  private static Bytes bigValue(int slot) {
    byte[] bytes = new byte[64 * 1024];
    Arrays.fill(bytes, (byte) slot);
    return Bytes.of(bytes);
  }

  private static boolean hasSnapshot(Path raftDir) throws Exception {
    if (!Files.isDirectory(raftDir)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(raftDir)) {
      return files.anyMatch(f -> f.getFileName().toString().matches("snapshot\\.\\d+_\\d+"));
    }
  }
}
