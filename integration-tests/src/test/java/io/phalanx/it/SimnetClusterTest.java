package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.sim.NodeEvent;
import io.phalanx.sim.Simnet;
import io.phalanx.sim.chain.DutyTally;
import io.phalanx.sim.chain.JsonLinesRecorder;
import io.phalanx.sim.chain.Summary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole clusters on real sockets on 127.0.0.1: 4 Phalanx nodes (threshold 3), their validator
 * clients and a simulated chain that verifies every aggregate against the validator's group key.
 * Epoch 0 is the start-up (first Raft election, JIT); the checks cover the epochs after it.
 */
class SimnetClusterTest {
  static final Duration SLOT = Duration.ofMillis(1500);
  static final int SLOTS_PER_EPOCH = 4;

  @TempDir Path dir;

  Simnet run(int epochs, List<NodeEvent> stops, List<NodeEvent> starts, StringWriter out) throws Exception {
    return run(epochs, stops, starts, out, 0);
  }

  Simnet run(int epochs, List<NodeEvent> stops, List<NodeEvent> starts, StringWriter out, long fuluForkEpoch)
      throws Exception {
    Simnet simnet = new Simnet(new Simnet.Options(4, 3, 8, SLOT, SLOTS_PER_EPOCH, OptionalLong.of(epochs), stops, starts,
        Optional.of(dir.resolve("summary.json")), Optional.of(dir.resolve("record.jsonl")))
        .withFuluForkEpoch(fuluForkEpoch), new PrintWriter(out, true));
    // Two voluntary exits through the validator clients: one for an epoch long past, one for epoch 2.
    simnet.requestExit(EXITED_IN_EPOCH_0, 0);
    simnet.requestExit(EXITED_IN_EPOCH_2, 2);
    simnet.start();
    return simnet;
  }

  static final long EXITED_IN_EPOCH_0 = 1;
  static final long EXITED_IN_EPOCH_2 = 4;

  /**
   * Every duty a validator has, from {@code fromEpoch} to {@code toEpoch}, aggregated and verified
   * against the group keys by the simulated chain: attestations, aggregations, a block in every
   * slot (full or blinded, as each beacon node's builder bids), sync committee messages and
   * contributions, a builder registration of every validator each epoch, and the two exits the
   * run requested.
   */
  static void assertEveryDutySucceeded(Simnet simnet, long fromEpoch, long toEpoch, String out) {
    assertAllSucceeded(simnet, fromEpoch, toEpoch, out);
    ProposalsTest.assertEveryProposal(simnet.beaconNode().chain(), fromEpoch, toEpoch, out);
    SyncCommitteeTest.assertSyncDutiesComplete(simnet, fromEpoch, toEpoch, out);
    for (long e = fromEpoch; e <= toEpoch; e++) {
      DutyTally registrations = simnet.beaconNode().chain().summary(e).builderRegistration();
      assertEquals(8, registrations.succeeded(), "registrations of epoch " + e + ": " + registrations + "\n" + out);
      assertEquals(0, registrations.failedCount() + registrations.refusedCount(), registrations + "\n" + out);
    }
    assertEquals(Optional.of(0L), simnet.beaconNode().chain().exitEpoch(EXITED_IN_EPOCH_0), "exit for epoch 0\n" + out);
    assertEquals(Optional.of(2L), simnet.beaconNode().chain().exitEpoch(EXITED_IN_EPOCH_2), "exit for epoch 2\n" + out);
    assertEquals(Optional.empty(), simnet.beaconNode().chain().exitEpoch(0), "no other exit\n" + out);
  }

  static void assertAllSucceeded(Simnet simnet, long fromEpoch, long toEpoch, String out) {
    for (long e = fromEpoch; e <= toEpoch; e++) {
      Summary s = simnet.beaconNode().chain().summary(e);
      assertComplete("attester", e, s.attester(), out);
      assertComplete("aggregator", e, s.aggregator(), out);
    }
  }

  static void assertComplete(String type, long epoch, DutyTally t, String out) {
    assertTrue(t.expected() > 0, type + " duties expected in epoch " + epoch + "\n" + out);
    assertEquals(t.expected(), t.succeeded(), type + " duties of epoch " + epoch + ": " + t + "\n" + out);
  }

  /** No validator ever signed two different attestations for one target or a surrounding pair. */
  void assertNothingSlashable(Simnet simnet) throws Exception {
    assertEquals(0, simnet.beaconNode().chain().summary().slashable(), "slashable messages");
    JsonLinesRecorder.Recording recording = JsonLinesRecorder.read(dir.resolve("record.jsonl"));
    assertTrue(recording.messages().size() > 0, "the record file holds the accepted messages");
    assertEquals(List.of(), SlashingCheck.violations(recording), "slashable pairs in the record file");
  }

  /**
   * On a chain that starts at Electra and forks to Fulu at epoch 2, with every node up: the nodes
   * and clients take the schedule from the beacon node's spec and sign under each fork's version.
   */
  @Test
  void everyDutySucceedsWithAllNodesUpAcrossTheFuluFork() throws Exception {
    StringWriter out = new StringWriter();
    try (Simnet simnet = run(4, List.of(), List.of(), out, 2)) {
      simnet.awaitEnd();
      simnet.finish();
      assertEquals(io.phalanx.spec.types.ConsensusVersion.ELECTRA,
          simnet.beaconNode().chain().consensusVersionAtSlot(2 * SLOTS_PER_EPOCH - 1));
      assertEquals(io.phalanx.spec.types.ConsensusVersion.FULU,
          simnet.beaconNode().chain().consensusVersionAtSlot(2 * SLOTS_PER_EPOCH));
      assertTrue(out.toString().contains("forks: genesis@0, altair@0, bellatrix@0, capella@0, deneb@0, electra@0, fulu@2"),
          out.toString());
      assertEveryDutySucceeded(simnet, 1, 3, out.toString());
      assertNothingSlashable(simnet);
    }
  }

  @Test
  void everyDutySucceedsWithOneNodeDownFromTheStart() throws Exception {
    StringWriter out = new StringWriter();
    try (Simnet simnet = run(4, List.of(new NodeEvent(3, 0)), List.of(), out)) {
      simnet.awaitEnd();
      simnet.finish();
      assertEveryDutySucceeded(simnet, 1, 3, out.toString());
      assertNothingSlashable(simnet);
    }
  }

  @Test
  void aNodeStoppedMidEpochRejoinsTwoEpochsLater() throws Exception {
    StringWriter out = new StringWriter();
    long stopSlot = SLOTS_PER_EPOCH + 2;
    long startSlot = stopSlot + 2 * SLOTS_PER_EPOCH;
    try (Simnet simnet = run(5, List.of(new NodeEvent(1, stopSlot)), List.of(new NodeEvent(1, startSlot)), out)) {
      simnet.awaitEnd();
      simnet.finish();
      // Three nodes carry every duty while it is away, and all four after it is back. If the
      // stopped node led Raft, the duties of the slot it stopped in may be lost to the election
      // (at most one slot's: 8 validators attest over 4 slots); none after it.
      assertAllSucceeded(simnet, 2, 4, out.toString());
      Summary stopEpoch = simnet.beaconNode().chain().summary(1);
      for (DutyTally t : List.of(stopEpoch.attester(), stopEpoch.aggregator())) {
        assertTrue(t.expected() > 0 && t.expected() - t.succeeded() <= 8 / SLOTS_PER_EPOCH,
            "epoch 1 lost more than the stop slot's duties: " + t + "\n" + out);
      }
      assertNothingSlashable(simnet);
    }
  }

  @Test
  void aNewLeaderTakesOverWhenTheLeaderStops() throws Exception {
    StringWriter out = new StringWriter();
    try (Simnet simnet = run(4, List.of(), List.of(), out)) {
      long stopAt = SLOTS_PER_EPOCH + 1;
      while (simnet.clock().currentSlot() < stopAt) {
        Thread.sleep(50);
      }
      OptionalInt leader = simnet.leader();
      assertTrue(leader.isPresent(), "a leader before the stop\n" + out);
      simnet.stopNode(leader.getAsInt());
      simnet.awaitEnd();
      simnet.finish();
      // The slot of the stop may be lost; none after it.
      assertAllSucceeded(simnet, 2, 3, out.toString());
      assertTrue(simnet.leader().isPresent() && simnet.leader().getAsInt() != leader.getAsInt(), "a new leader\n" + out);
      assertNothingSlashable(simnet);
    }
  }

  @Test
  void withTwoNodesDownNothingIsSigned() throws Exception {
    StringWriter out = new StringWriter();
    try (Simnet simnet = run(2, List.of(new NodeEvent(2, 0), new NodeEvent(3, 0)), List.of(), out)) {
      simnet.awaitEnd();
      simnet.finish();
      Summary total = simnet.beaconNode().chain().summary();
      assertEquals(0, total.attester().succeeded(), out.toString());
      assertEquals(0, total.aggregator().succeeded(), out.toString());
      assertTrue(simnet.summaryJson().get("failures").toString().contains("no Raft quorum"),
          "the nodes say why: " + simnet.summaryJson());
    }
  }
}
