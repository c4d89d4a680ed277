package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.api.json.ApiJson;
import io.phalanx.api.json.BlockCodecs;
import io.phalanx.duties.ProposalDuty;
import io.phalanx.sim.NodeEvent;
import io.phalanx.sim.Simnet;
import io.phalanx.sim.chain.DutyTally;
import io.phalanx.sim.chain.SimulatedChain;
import io.phalanx.spec.testing.TestBlocks;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.SignedBlockContents;
import io.phalanx.spec.util.Bytes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Block proposals through whole clusters (4 nodes, threshold 3, real Raft, exchange and HTTP) on
 * the simulated chain, which has a proposer among the cluster's validators in every slot and
 * verifies every block against the proposer's group key: each slot's block is combined, published
 * and taken, full or blinded (the simulated beacon node's builder wins on even slots when the
 * operator's builder boost factor lets it); never two different blocks for one slot.
 */
class ProposalsTest {
  // 2 s slots: each slot carries a block as well as attestations and aggregates on a shared 2-core machine.
  static final Duration SLOT = Duration.ofSeconds(2);
  static final int SLOTS_PER_EPOCH = 4;

  @TempDir Path dir;

  Simnet run(int epochs, List<NodeEvent> stops, ProposalDuty.Config proposals, StringWriter out) throws Exception {
    return run(epochs, stops, proposals, 0, out);
  }

  Simnet run(int epochs, List<NodeEvent> stops, ProposalDuty.Config proposals, int blobs, StringWriter out)
      throws Exception {
    Simnet simnet = new Simnet(new Simnet.Options(4, 3, 8, SLOT, SLOTS_PER_EPOCH, OptionalLong.of(epochs), stops,
        List.of(), Optional.of(dir.resolve("summary.json")), Optional.of(dir.resolve("record.jsonl")),
        Simnet.DEFAULT_BEACON_NODES_PER_NODE, List.of(), List.of(), proposals), new PrintWriter(out, true))
        .withBlobsPerBlock(blobs);
    simnet.start();
    return simnet;
  }

  static ProposalDuty.Config operator(boolean builder) {
    return new ProposalDuty.Config(Optional.of(ProposalDuty.Config.graffitiOf("phalanx it")),
        OptionalLong.of(builder ? 100 : 0));
  }

  static void assertEveryProposal(SimulatedChain chain, long fromEpoch, long toEpoch, String out) {
    for (long e = fromEpoch; e <= toEpoch; e++) {
      DutyTally t = chain.summary(e).proposer();
      assertEquals(SLOTS_PER_EPOCH, t.expected(), "proposals expected in epoch " + e + "\n" + out);
      assertEquals(t.expected(), t.succeeded(), "proposals of epoch " + e + ": " + t + "\n" + out);
    }
  }

  /**
   * Full blocks with 2 blobs each (256 KiB with their 256 Fulu cell proofs): every block is agreed
   * on with its blobs and published with all of them, which the simulated beacon node checks. Kept
   * small: a dozen servers in one JVM on a 2-core machine encode every blob as JSON hex many times a
   * slot, and 9 blobs already overloaded a cold simnet here. Values of many blobs' size are decided
   * in RaftConsensusTest.
   */
  static final int BLOBS = 2;

  @Test
  void everyFullBlockIsProposedAndABlockPartialForAnUndecidedBlockIsRefused() throws Exception {
    StringWriter out = new StringWriter();
    try (Simnet simnet = run(3, List.of(), operator(false), BLOBS, out)) {
      SimulatedChain chain = simnet.chain();
      long slot = SLOTS_PER_EPOCH + 2;
      while (simnet.clock().currentSlot() < slot) {
        Thread.sleep(50);
      }
      // A validator client's partial signature over a block the cluster did not decide.
      var block = new TestBlocks(slot).block(slot, chain.proposer(slot));
      byte[] body = ApiJson.write(BlockCodecs.signedBlockJson(ConsensusVersion.FULU,
          new SignedBlockContents(new io.phalanx.spec.types.SignedBeaconBlock(block, Bytes.zero(96)), List.of(),
              List.of())));
      HttpResponse<String> answer;
      try (HttpClient http = HttpClient.newHttpClient()) {
        URI api = simnet.node(0).validatorApiUrl();
        answer = http.send(HttpRequest.newBuilder(api.resolve("/eth/v2/beacon/blocks"))
            .header("Content-Type", "application/json").header("Eth-Consensus-Version", "fulu")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
      }
      assertEquals(400, answer.statusCode(), answer.body());
      JsonNode error = ApiJson.parse(answer.body().getBytes());
      assertTrue(error.get("message").textValue().contains("is not the block the cluster decided"), answer.body());

      simnet.awaitEnd();
      simnet.finish();
      assertEveryProposal(chain, 1, 2, out.toString());
      assertEquals(0, chain.blockForms().get("blinded"), "builder boost factor 0: full blocks only");
      assertEquals(BLOBS * chain.blockForms().get("full"), chain.blobsTaken(), "every block with all its blobs");
      assertEquals(0, chain.doubleProposals(), "double proposals\n" + out);
      assertTrue(out.toString().contains("proposer ok/expected"), out.toString());
    }
  }

  @Test
  void theLeaderStoppedDuringAProposalSlotLosesAtMostThatSlotWithAReason() throws Exception {
    StringWriter out = new StringWriter();
    try (Simnet simnet = run(4, List.of(), operator(true), out)) {
      long stopSlot = SLOTS_PER_EPOCH + 1;
      while (simnet.clock().currentSlot() < stopSlot) {
        Thread.sleep(20);
      }
      OptionalInt leader = simnet.leader();
      assertTrue(leader.isPresent(), "a leader before the stop\n" + out);
      simnet.stopNode(leader.getAsInt());
      simnet.awaitEnd();
      simnet.finish();
      SimulatedChain chain = simnet.chain();
      DutyTally stopEpoch = chain.summary(1).proposer();
      assertEquals(0, stopEpoch.pending(), stopEpoch.toString());
      long missed = stopEpoch.failedCount();
      assertTrue(missed <= 1, "at most the slot of the stop is lost: " + stopEpoch + "\n" + out);
      if (missed == 1) {
        assertTrue(stopEpoch.failed().keySet().stream().allMatch(r -> !r.isBlank()), "the miss has a reason");
      }
      assertEveryProposal(chain, 2, 3, out.toString());
      assertEquals(0, chain.doubleProposals(), "double proposals\n" + out);
    }
  }
}
