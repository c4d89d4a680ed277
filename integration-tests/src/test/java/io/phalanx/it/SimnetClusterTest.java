package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.duties.ProposalDuty;
import io.phalanx.sim.NodeEvent;
import io.phalanx.sim.Simnet;
import io.phalanx.sim.SimnetOptions;
import io.phalanx.sim.chain.SimulatedChain;
import io.phalanx.sim.chain.Summary;
import io.phalanx.sim.vc.CallPatterns;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole clusters on real sockets on 127.0.0.1 with nodes down, stopped and restarted: 4 Phalanx
 * nodes (threshold 3), their validator clients and a simulated chain that verifies every aggregate
 * against the validator's group key. The all-nodes-up checks share one run, {@link
 * SharedClusterRunTest}, the leader's stop and restart {@link LeaderRestartTest}. Epoch 0 is the start-up (first Raft election, JIT); the checks cover the
 * epochs after it.
 */
class SimnetClusterTest {
  static final Duration SLOT = Duration.ofMillis(1500);
  static final int SLOTS_PER_EPOCH = 4;
  static final int VALIDATORS = 8;

  /**
   * The presets of the one-node-down run's clients, node 0 first; with {@link SharedClusterRunTest#MIX}
   * they cover every preset (node {@link #DOWN}'s client never runs, so it counts for nothing).
   */
  static final String MIX = "0=default,1=lodestar,2=teku,3=lighthouse";
  static final int DOWN = 3;

  @TempDir Path dir;

  Simnet run(int epochs, Duration slot, List<NodeEvent> stops, List<NodeEvent> starts, ProposalDuty.Config proposals,
      StringWriter out) throws Exception {
    return simnet(dir, epochs, slot, stops, starts, proposals, out);
  }

  /** A 4-node cluster of {@link #VALIDATORS} validators that writes its summary and record into {@code dir}. */
  static Simnet simnet(Path dir, int epochs, Duration slot, List<NodeEvent> stops, List<NodeEvent> starts,
      ProposalDuty.Config proposals, StringWriter out) throws Exception {
    Simnet simnet = new Simnet(SimnetOptions.builder(4, 3, VALIDATORS, slot, SLOTS_PER_EPOCH)
        .epochs(OptionalLong.of(epochs))
        .stops(stops)
        .starts(starts)
        .json(Optional.of(dir.resolve("summary.json")))
        .record(Optional.of(dir.resolve("record.jsonl")))
        .proposals(proposals)
        .build(), new PrintWriter(out, true));
    return simnet;
  }

  /**
   * Full blocks of the one-node-down run carry 2 blobs each (256 KiB with their Fulu cell proofs);
   * kept small, as a dozen servers in one JVM on a 2-core machine encode every blob as JSON hex
   * several times a slot. Values of many blobs' size are decided in RaftConsensusTest.
   */
  static final int BLOBS = 2;

  static final long EXITED_IN_EPOCH_0 = 1;
  static final long EXITED_IN_EPOCH_2 = 4;

  /** The operator's block options: graffiti, and a builder boost factor that lets the builder win or not. */
  static ProposalDuty.Config operator(boolean builder) {
    return new ProposalDuty.Config(Optional.of(ProposalDuty.Config.graffitiOf("phalanx it")),
        OptionalLong.of(builder ? 100 : 0));
  }

  /**
   * With node 3 down from the start the three others carry every duty of every epoch after
   * start-up: attestations, aggregations, a block in every slot, sync committee messages and
   * contributions, every validator's registration and two exits. Their clients call as three other
   * clients do and show every duty submitted and none failed; with a builder boost factor of 0
   * every block is a full one, agreed on and published with all its blobs (the simulated beacon
   * node refuses a block without them).
   */
  @Test
  void everyDutySucceedsWithOneNodeDownFromTheStart() throws Exception {
    StringWriter out = new StringWriter();
    int epochs = 4;
    try (Simnet simnet = run(epochs, Duration.ofSeconds(2), List.of(new NodeEvent(DOWN, 0)), List.of(), operator(false), out)
        .withCallPatterns(CallPatterns.parse(MIX)).withBlobsPerBlock(BLOBS)) {
      simnet.requestExit(EXITED_IN_EPOCH_0, 0);
      simnet.requestExit(EXITED_IN_EPOCH_2, 2);
      simnet.start();
      simnet.awaitEnd();
      simnet.finish();
      String log = out.toString();
      SimulatedChain chain = simnet.chain();
      ClusterChecks.assertAllSucceeded(simnet, 1, epochs - 1, log);
      ClusterChecks.assertEveryProposal(chain, SLOTS_PER_EPOCH, 1, epochs - 1, log);
      ClusterChecks.assertSyncDutiesComplete(simnet, 1, epochs - 1, log);
      ClusterChecks.assertRegistrations(simnet, VALIDATORS, 1, epochs - 1, log);
      assertEquals(Optional.of(0L), chain.exitEpoch(EXITED_IN_EPOCH_0), "exit for epoch 0\n" + log);
      assertEquals(Optional.of(2L), chain.exitEpoch(EXITED_IN_EPOCH_2), "exit for epoch 2\n" + log);
      assertEquals(Optional.empty(), chain.exitEpoch(0), "no other exit\n" + log);
      assertEquals(0, chain.blockForms().get("blinded"), "builder boost factor 0: full blocks only");
      assertEquals(BLOBS * chain.blockForms().get("full"), chain.blobsTaken(), "every block with all its blobs");
      ClusterChecks.assertNothingSlashable(simnet, dir.resolve("record.jsonl"));
      ClusterChecks.everyClientDidEveryDuty(simnet, List.of(0, 1, 2), SharedClusterRunTest.FIRST_CLIENT_CHECKED_EPOCH
          * SLOTS_PER_EPOCH, (long) epochs * SLOTS_PER_EPOCH, log);
    }
  }

  @Test
  void withTwoNodesDownNothingIsSigned() throws Exception {
    StringWriter out = new StringWriter();
    try (Simnet simnet = run(2, SLOT, List.of(new NodeEvent(2, 0), new NodeEvent(3, 0)), List.of(),
        ProposalDuty.Config.DEFAULT, out)) {
      simnet.start();
      simnet.awaitEnd();
      simnet.finish();
      Summary total = simnet.chain().summary();
      assertEquals(0, total.attester().succeeded(), out.toString());
      assertEquals(0, total.aggregator().succeeded(), out.toString());
      assertTrue(simnet.summaryJson().get("failures").toString().contains("no Raft quorum"),
          "the nodes say why: " + simnet.summaryJson());
    }
  }
}
