package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.sim.Simnet;
import io.phalanx.sim.chain.DutyTally;
import io.phalanx.sim.chain.SimulatedChain;
import io.phalanx.sim.chain.Summary;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Raft leader of a whole cluster on real sockets stops and restarts (the cluster of {@link
 * SimnetClusterTest}); a class of its own so the two test JVMs share the whole-cluster runs evenly.
 */
class LeaderRestartTest {
  static final int SLOTS_PER_EPOCH = SimnetClusterTest.SLOTS_PER_EPOCH;
  static final int VALIDATORS = SimnetClusterTest.VALIDATORS;

  @TempDir Path dir;

  /**
   * The Raft leader stops in the second slot of epoch 1, where the simulated chain has a cluster
   * proposer, and starts again two epochs later. A new leader takes over; if the stopped node led
   * Raft, the duties of the slot it stopped in may be lost to the election (at most one slot's: 8
   * validators attest over 4 slots, and one block, with a reason), none after it; three nodes carry
   * every duty while it is away and all four after it is back; never two blocks for one slot and
   * nothing slashable. 2 s slots: each carries a block (full or blinded, the builder may win) beside
   * attestations and aggregates.
   */
  @Test
  void theLeaderStoppedDuringAProposalSlotIsReplacedAndRejoinsTwoEpochsLater() throws Exception {
    StringWriter out = new StringWriter();
    long stopSlot = SLOTS_PER_EPOCH + 1;
    long startSlot = stopSlot + 2 * SLOTS_PER_EPOCH;
    int epochs = 5;
    try (Simnet simnet = SimnetClusterTest.simnet(dir, epochs, Duration.ofSeconds(2), List.of(), List.of(),
        SimnetClusterTest.operator(true), out)) {
      simnet.start();
      ClusterChecks.awaitSlot(simnet, stopSlot);
      OptionalInt leader = simnet.leader();
      assertTrue(leader.isPresent(), "a leader before the stop\n" + out);
      simnet.stopNode(leader.getAsInt());
      ClusterChecks.awaitSlot(simnet, startSlot - 1);
      OptionalInt newLeader = simnet.leader();
      assertTrue(newLeader.isPresent() && newLeader.getAsInt() != leader.getAsInt(), "a new leader\n" + out);
      simnet.startNode(leader.getAsInt());
      simnet.awaitEnd();
      simnet.finish();
      SimulatedChain chain = simnet.chain();
      String log = out.toString();
      ClusterChecks.assertAllSucceeded(simnet, 2, epochs - 1, log);
      Summary stopEpoch = chain.summary(1);
      for (DutyTally t : List.of(stopEpoch.attester(), stopEpoch.aggregator())) {
        assertTrue(t.expected() > 0 && t.expected() - t.succeeded() <= VALIDATORS / SLOTS_PER_EPOCH,
            "epoch 1 lost more than the stop slot's duties: " + t + "\n" + log);
      }
      DutyTally stopProposals = stopEpoch.proposer();
      assertEquals(0, stopProposals.pending(), stopProposals.toString());
      long missed = stopProposals.failedCount();
      assertTrue(missed <= 1, "at most the slot of the stop is lost: " + stopProposals + "\n" + log);
      if (missed == 1) {
        assertTrue(stopProposals.failed().keySet().stream().allMatch(r -> !r.isBlank()), "the miss has a reason");
      }
      ClusterChecks.assertEveryProposal(chain, SLOTS_PER_EPOCH, 2, epochs - 1, log);
      assertEquals(0, chain.doubleProposals(), "double proposals\n" + log);
      ClusterChecks.assertNothingSlashable(simnet, dir.resolve("record.jsonl"));
    }
  }
}
