package io.phalanx.consensus.raft;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.cluster.files.SafeFiles;
import io.phalanx.consensus.raft.ProposalFailedException.Reason;
import io.phalanx.consensus.slashing.Interchange;
import io.phalanx.consensus.slashing.Rule;
import io.phalanx.consensus.slashing.SignedAttestation;
import io.phalanx.consensus.slashing.SlashingHistory;
import io.phalanx.consensus.slashing.Verdict;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.Checkpoint;
import io.phalanx.spec.util.Bytes;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slashing-protection history on a real Raft cluster: every node refuses the same slashable
 * proposal and the next valid one wins; the history reaches a node whose data folder was wiped and
 * one restarted from its snapshot; an import into one node reaches every node.
 */
@Timeout(120)
class SlashingRaftTest {
  @TempDir Path dir;

  private static Bytes validator() {
    return RaftTestCluster.fixture(4).lock().validators().get(0).groupPublicKey().toBytes();
  }

  static Bytes data(long slot, long source, long target, int block) {
    Bytes root = Bytes.of(new byte[] {(byte) block}).concat(Bytes.zero(31));
    return Bytes.of(AttestationData.SSZ.serialize(new AttestationData(slot, 0, root,
        new Checkpoint(source, Bytes.zero(32)), new Checkpoint(target, Bytes.zero(32)))));
  }

  private static ProposalFailedException refused(RaftConsensus node, DutyKey key, Bytes value) {
    CompletionException e = assertThrows(CompletionException.class,
        () -> node.propose(key, value, List.of(validator())).join());
    ProposalFailedException cause = assertInstanceOf(ProposalFailedException.class, e.getCause());
    assertEquals(Reason.REFUSED, cause.reason(), cause.getMessage());
    return cause;
  }

  @Test
  void everyNodeRefusesASlashableProposalAndTheNextValidOneIsDecided() throws Exception {
    RaftTestCluster.runWithNewCluster(4, dir, cluster -> {
      DutyKey first = new DutyKey(96, DutyType.ATTESTER);
      Bytes honest = data(96, 2, 3, 1);
      assertEquals(honest, cluster.node(0).propose(first, honest, List.of(validator())).join());

      // A beacon node on a minority fork serves a vote that surrounds the one the cluster signed.
      DutyKey next = new DutyKey(128, DutyType.ATTESTER);
      ProposalFailedException surround = refused(cluster.node(1), next, data(128, 1, 4, 2));
      assertTrue(surround.getMessage().contains("surrounds"), surround.getMessage());
      // Another target-3 vote (a second slot of epoch 3 with other data) is a double vote.
      ProposalFailedException doubleVote = refused(cluster.node(2), new DutyKey(97, DutyType.ATTESTER),
          data(97, 2, 3, 9));
      assertTrue(doubleVote.getMessage().contains("double_vote") || doubleVote.getMessage().contains("another attestation"),
          doubleVote.getMessage());

      // A vote for a far target is no EIP-3076 offence but would block every honest vote below it.
      ProposalFailedException far = refused(cluster.node(3), new DutyKey(160, DutyType.ATTESTER), data(160, 4, 100, 1));
      assertTrue(far.getMessage().contains("not for slot 160"), far.getMessage());

      // The honest nodes' proposal for the same key wins.
      Bytes valid = data(128, 3, 4, 3);
      assertEquals(valid, cluster.node(3).propose(next, valid, List.of(validator())).join());
      cluster.awaitDecided(List.of(0, 1, 2, 3), next, valid);
      await("every node counted both refusals").atMost(RaftTestCluster.WAIT).until(() -> {
        for (int i = 0; i < 4; i++) {
          SlashingRefusals r = cluster.node(i).slashingRefusals();
          if (r.byRule().get(Rule.SURROUNDING_VOTE) != 1 || r.byRule().get(Rule.DOUBLE_VOTE) != 1 || r.malformed() != 1
              || r.total() != 3) {
            return false;
          }
        }
        return true;
      });
      for (int i = 0; i < 4; i++) {
        List<SignedAttestation> history = cluster.node(i).exportHistory().data().get(0).signedAttestations();
        assertEquals(List.of(3L, 4L), history.stream().map(SignedAttestation::targetEpoch).toList(), "node " + i);
      }
    });
  }

  @Test
  void aNodeWhoseDataFolderWasWipedRejoinsAndRefusesWhatTheClusterSigned() throws Exception {
    RaftTestCluster.runWithNewCluster(4, dir, c -> c.withWindow(10_000, 8), cluster -> {
      for (long epoch = 1; epoch <= 12; epoch++) {
        long slot = epoch * 32;
        cluster.node(0).propose(new DutyKey(slot, DutyType.ATTESTER), data(slot, epoch - 1, epoch, 1),
            List.of(validator())).join();
      }
      int leader = cluster.awaitLeader();
      int wiped = (leader + 1) % 4;
      cluster.stop(wiped);
      SafeFiles.deleteRecursively(cluster.config(wiped).dataDir());
      cluster.start(wiped);
      RaftConsensus node = cluster.node(wiped);
      await("the wiped node has the history again").atMost(RaftTestCluster.WAIT)
          .until(() -> node.exportHistory().data().size() == 1
              && node.exportHistory().data().get(0).signedAttestations().stream()
                  .anyMatch(a -> a.targetEpoch() == 12));
      // Its own copy refuses a conflicting vote for an epoch the cluster signed ...
      Verdict local = node.slashingProtection().checkAttestation(validator(), 11, 12, Bytes.zero(32));
      assertInstanceOf(Verdict.Refused.class, local);
      // ... and so does the cluster when it proposes one.
      refused(node, new DutyKey(12 * 32 + 1, DutyType.ATTESTER), data(12 * 32 + 1, 11, 12, 7));
      refused(node, new DutyKey(13 * 32, DutyType.ATTESTER), data(13 * 32, 0, 13, 7));
      Bytes next = data(13 * 32, 12, 13, 1);
      assertEquals(next, node.propose(new DutyKey(13 * 32, DutyType.ATTESTER), next, List.of(validator())).join());
    });
  }

  @Test
  void aStoppedNodesHistoryIsReadBackFromItsSnapshotAndItsLog() throws Exception {
    RaftTestCluster.runWithNewCluster(4, dir, c -> c.withWindow(10_000, 5), cluster -> {
      for (long epoch = 1; epoch <= 12; epoch++) {
        long slot = epoch * 32;
        cluster.node((int) epoch % 4).propose(new DutyKey(slot, DutyType.ATTESTER), data(slot, epoch - 1, epoch, 1),
            List.of(validator())).join();
      }
      refused(cluster.node(1), new DutyKey(13 * 32, DutyType.ATTESTER), data(13 * 32, 0, 13, 1));
      cluster.awaitDecided(List.of(0, 1, 2, 3), new DutyKey(12 * 32, DutyType.ATTESTER), data(12 * 32, 11, 12, 1));
      assertThrows(IllegalStateException.class,
          () -> OfflineHistory.read(cluster.fixture().lock(), cluster.config(0).dataDir()), "the node is running");
      Interchange[] live = new Interchange[4];
      for (int i = 0; i < 4; i++) {
        live[i] = cluster.node(i).exportHistory();
        assertEquals(12, live[i].data().get(0).signedAttestations().size(), "node " + i);
      }
      for (int i = 0; i < 4; i++) {
        cluster.stop(i);
      }
      for (int i = 0; i < 4; i++) {
        Interchange offline = OfflineHistory.read(cluster.fixture().lock(), cluster.config(i).dataDir())
            .toInterchange(live[i].genesisValidatorsRoot());
        assertEquals(live[i], offline, "node " + i + ": snapshot and log replayed give what the node held");
      }
    });
  }

  @Test
  void aHistoryImportedIntoOneNodeReachesEveryNodeAndIsEnforced() throws Exception {
    RaftTestCluster.runWithNewCluster(4, dir, cluster -> {
      SlashingHistory imported = SlashingHistory.complete();
      imported.importInterchange(new Interchange(RaftTestCluster.fixture(4).lock().content().network()
          .genesisValidatorsRoot(), List.of(new Interchange.ValidatorData(validator(), List.of(),
              List.of(new SignedAttestation(10, 20, Optional.empty()))))));
      assertEquals(1, cluster.node(2).importHistory(imported).join());
      assertTrue(!cluster.node(2).slashingProtection().importPending(validator()));
      for (int i = 0; i < 4; i++) {
        RaftConsensus node = cluster.node(i);
        await("node " + i + " merged the import").atMost(RaftTestCluster.WAIT).until(() ->
            node.slashingProtection().checkAttestation(validator(), 5, 15, Bytes.zero(32)) instanceof Verdict.Refused);
      }
      refused(cluster.node(0), new DutyKey(15 * 32, DutyType.ATTESTER), data(15 * 32, 5, 15, 1));
      Bytes after = data(21 * 32, 10, 21, 1);
      assertEquals(after, cluster.node(0).propose(new DutyKey(21 * 32, DutyType.ATTESTER), after,
          List.of(validator())).join());
    });
  }
}
