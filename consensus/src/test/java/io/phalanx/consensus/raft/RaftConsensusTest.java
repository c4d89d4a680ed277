package io.phalanx.consensus.raft;

import static io.phalanx.consensus.raft.RaftTestCluster.value;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.consensus.raft.ProposalFailedException.Reason;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.util.Bytes;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Agreement across a 4-node cluster: one decided value per key, through leader loss, lost quorum and an impostor. */
@Timeout(120)
class RaftConsensusTest {
  @TempDir Path dir;

  @Test
  void fourNodesProposingDifferentValuesForOneKeyAllDecideTheSame() throws Exception {
    RaftTestCluster.runWithNewCluster(4, dir, cluster -> {
      DutyKey key = new DutyKey(100, DutyType.ATTESTER);
      List<CompletableFuture<Bytes>> proposals = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        proposals.add(cluster.node(i).propose(key, value("node " + i)));
      }
      Set<Bytes> decided = new HashSet<>();
      for (CompletableFuture<Bytes> p : proposals) {
        decided.add(p.join());
      }
      assertEquals(1, decided.size(), "every proposer learns one decided value");
      Bytes value = decided.iterator().next();
      assertTrue(Stream.of(0, 1, 2, 3).anyMatch(i -> value.equals(value("node " + i))));
      cluster.awaitDecided(List.of(0, 1, 2, 3), key, value);
      for (int i = 0; i < 4; i++) {
        assertEquals(1, cluster.heardCount(i, key), "node " + i + " heard the key once");
      }
    });
  }

  /**
   * A block with its blobs is one decided value: Fulu's 21 blobs with their cell proofs and a large
   * block make about 3.4 MiB, so 4 MiB values (two in a row, from two nodes) must reach every node
   * through the real Raft log (Ratis refused entries over 4 MB by default). The key is an
   * aggregation's, whose value the state machine does not parse: a proposer key's must be a block.
   */
  @Test
  void aBlockSizedValueWithManyBlobsIsDecidedOnEveryNode() throws Exception {
    RaftTestCluster.runWithNewCluster(4, dir, cluster -> {
      Random random = new Random(4);
      for (int round = 0; round < 2; round++) {
        byte[] bytes = new byte[4 << 20];
        random.nextBytes(bytes);
        Bytes big = Bytes.of(bytes);
        DutyKey key = new DutyKey(200 + round, DutyType.AGGREGATOR);
        Bytes decided = cluster.node(round * 3).propose(key, big).join();
        assertEquals(big, decided);
        cluster.awaitDecided(List.of(0, 1, 2, 3), key, big);
      }
    });
  }

  @Test
  void manyKeysProposedConcurrentlyByAllNodesAreDecidedIdentically() throws Exception {
    int slots = 200;
    // All slots at once, unlike a real chain: with a window narrower than that, a slow proposer of
    // slot 0 could find it already decided and pruned, and be refused.
    RaftTestCluster.runWithNewCluster(4, dir, c -> c.withWindow(10 * slots, 1_000), cluster -> {
      List<List<CompletableFuture<Bytes>>> bySlot = new ArrayList<>();
      for (int s = 0; s < slots; s++) {
        List<CompletableFuture<Bytes>> proposals = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          proposals.add(cluster.node(i).propose(new DutyKey(s, DutyType.ATTESTER), value("slot " + s + " node " + i)));
        }
        bySlot.add(proposals);
      }
      for (int s = 0; s < slots; s++) {
        DutyKey key = new DutyKey(s, DutyType.ATTESTER);
        Bytes first = bySlot.get(s).get(0).join();
        for (CompletableFuture<Bytes> p : bySlot.get(s)) {
          assertEquals(first, p.join(), "all proposers of " + key + " learn the same value");
        }
      }
      await().atMost(RaftTestCluster.WAIT).until(() -> Stream.of(0, 1, 2, 3).allMatch(i -> cluster.heard(i).size() == slots));
      for (int s = 0; s < slots; s++) {
        DutyKey key = new DutyKey(s, DutyType.ATTESTER);
        Bytes decided = cluster.node(0).decided(key).orElseThrow();
        for (int i = 0; i < 4; i++) {
          assertEquals(Optional.of(decided), cluster.node(i).decided(key), "node " + i + " on " + key);
          assertEquals(decided, cluster.heard(i).get(key));
          assertEquals(1, cluster.heardCount(i, key));
        }
      }
      reportLatency(cluster);
    });
  }

  /** Decision latency of one proposal at a time from a follower, which is the usual case. */
  private static void reportLatency(RaftTestCluster cluster) {
    int leader = cluster.awaitLeader();
    RaftConsensus follower = cluster.node((leader + 1) % 4);
    int rounds = 100;
    long[] micros = new long[rounds];
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      follower.propose(new DutyKey(1_000 + r, DutyType.AGGREGATOR), value("latency " + r)).join();
      micros[r] = (System.nanoTime() - start) / 1_000;
    }
    Arrays.sort(micros);
    System.out.printf("Raft decision latency on loopback, 4 nodes, from a follower: p50 %.1f ms, p99 %.1f ms%n",
        micros[rounds / 2] / 1000.0, micros[rounds * 99 / 100] / 1000.0);
  }

  @Test
  void whenTheLeaderStopsANewLeaderIsElectedAndTheOthersKeepDeciding() throws Exception {
    RaftTestCluster.runWithNewCluster(4, dir, cluster -> {
      int leader = cluster.awaitLeader();
      cluster.node(leader).propose(new DutyKey(1, DutyType.ATTESTER), value("before")).join();
      RaftStats before = cluster.node(leader).stats();
      assertEquals("LEADER", before.role());
      assertEquals(OptionalInt.of(leader), before.leader());
      assertTrue(before.term() >= 1 && before.commitIndex() >= 1, before.toString());
      assertEquals(3, before.followerLag().size(), "the leader reports every follower: " + before);
      cluster.stop(leader);
      int next = cluster.awaitLeader();
      assertNotEquals(leader, next);
      List<Integer> rest = cluster.running();
      for (int s = 2; s < 12; s++) {
        DutyKey key = new DutyKey(s, DutyType.ATTESTER);
        List<CompletableFuture<Bytes>> proposals = new ArrayList<>();
        for (int i : rest) {
          proposals.add(cluster.node(i).propose(key, value("after " + i)));
        }
        Bytes decided = proposals.get(0).join();
        proposals.forEach(p -> assertEquals(decided, p.join()));
        cluster.awaitDecided(rest, key, decided);
      }
      RaftStats after = cluster.node(next).stats();
      assertEquals("LEADER", after.role());
      assertTrue(after.term() > before.term(), "a new term: " + after);
      assertTrue(after.followerLag().get(leader) >= 10,
          "the stopped node lacks the 10 entries decided without it: " + after);
      await().atMost(Duration.ofSeconds(5))
          .until(() -> cluster.node(next).stats().leaderChanges() >= 1);
    });
  }

  @Test
  void withTwoOfFourNodesDownAProposalFailsWithinTheTimeoutAndNothingIsDecided() throws Exception {
    Duration timeout = Duration.ofMillis(2500);
    RaftTestCluster.runWithNewCluster(4, dir,
        c -> c.withTimeouts(c.electionTimeoutMin(), c.electionTimeoutMax(), timeout), cluster -> {
      cluster.node(0).propose(new DutyKey(1, DutyType.ATTESTER), value("all up")).join();
      cluster.stop(2);
      cluster.stop(3);
      DutyKey key = new DutyKey(2, DutyType.ATTESTER);
      long start = System.nanoTime();
      CompletionException failure =
          assertThrows(CompletionException.class, () -> cluster.node(0).propose(key, value("alone")).join());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      ProposalFailedException cause = assertInstanceOf(ProposalFailedException.class, failure.getCause());
      assertEquals(Reason.NO_QUORUM, cause.reason());
      assertTrue(cause.getMessage().startsWith("no Raft quorum"), cause.getMessage());
      assertTrue(took.compareTo(timeout.plusSeconds(2)) < 0, "failed after " + took);
      assertEquals(Optional.empty(), cluster.node(0).decided(key));
      assertEquals(Optional.empty(), cluster.node(1).decided(key));

      cluster.start(3);
      Bytes decided = cluster.node(1).propose(new DutyKey(3, DutyType.ATTESTER), value("quorum back")).join();
      assertEquals(value("quorum back"), decided);
    });
  }

  @Test
  void aNodeWhoseCertificateIsNotPinnedCannotJoinOrLearnDecisions() throws Exception {
    RaftTestCluster.runWithNewCluster(4, dir,
        c -> c.withTimeouts(c.electionTimeoutMin(), c.electionTimeoutMax(), Duration.ofMillis(2500)), cluster -> {
      cluster.stop(3);
      cluster.awaitLeader();
      RaftConsensusConfig pinned = cluster.config(3);
      RaftConsensusConfig impostor = new RaftConsensusConfig(3, pinned.lock(), cluster.fixture().stranger(),
          cluster.root().resolve("impostor"), pinned.bindAddress(), pinned.peerAddresses(),
          pinned.electionTimeoutMin(), pinned.electionTimeoutMax(), pinned.requestTimeout(),
          pinned.decidedWindowSlots(), pinned.snapshotEveryEntries());
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> RaftConsensus.start(impostor));
      assertTrue(refused.getMessage().contains("not the one the cluster lock pins"), refused.getMessage());

      cluster.startWith(3, RaftConsensus.startUnchecked(impostor));
      CompletionException failure = assertThrows(CompletionException.class,
          () -> cluster.node(3).propose(new DutyKey(5, DutyType.ATTESTER), value("impostor")).join());
      assertInstanceOf(ProposalFailedException.class, failure.getCause());

      DutyKey key = new DutyKey(6, DutyType.ATTESTER);
      Bytes decided = cluster.node(0).propose(key, value("pinned")).join();
      cluster.awaitDecided(List.of(0, 1, 2), key, decided);
      assertEquals(Optional.empty(), cluster.node(3).decided(key));
      assertTrue(cluster.heard(3).isEmpty(), "the impostor heard " + cluster.heard(3));
      assertTrue(cluster.node(3).leaderIndex().isEmpty() || cluster.node(3).leaderIndex().getAsInt() == 3);
      assertEquals(Optional.empty(), cluster.node(0).decided(new DutyKey(5, DutyType.ATTESTER)));
    });
  }

  @Test
  void aTakenPortFailsTheStartOfThatNodeAndNotTheProcess() throws Exception {
    RaftTestCluster.Fixture fixture = RaftTestCluster.fixture(4);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InetSocketAddress address = (InetSocketAddress) taken.getLocalSocketAddress();
      RaftConsensusConfig config = RaftConsensusConfig.lan(0, fixture.lock(), fixture.identities().get(0), dir,
          address, List.of(address, address, address, address));
      UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> RaftConsensus.start(config));
      assertTrue(e.getMessage().contains("cannot be bound"), e.getMessage());
    }
  }
}
