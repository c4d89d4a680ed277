package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.api.json.ApiCodecs;
import io.phalanx.api.json.ApiJson;
import io.phalanx.duties.SignedMessages;
import io.phalanx.sim.NodeEvent;
import io.phalanx.sim.Simnet;
import io.phalanx.sim.chain.DutyTally;
import io.phalanx.sim.chain.JsonLinesRecorder;
import io.phalanx.sim.chain.RecordedMessage;
import io.phalanx.sim.chain.Summary;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.util.Bytes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sync committee duties through whole clusters on real sockets (4 nodes, threshold 3, the simulated
 * validator clients in distributed mode): every member's message of every slot and every selected
 * aggregator's contribution reaches the simulated chain combined, which verifies each against the
 * validator's group key; with one node down the same; a message over a root the cluster did not
 * decide is refused with a 400 that says so, and nothing of it is aggregated.
 */
class SyncCommitteeTest {
  static final Duration SLOT = Duration.ofMillis(2000);
  static final int SLOTS_PER_EPOCH = 4;
  static final int VALIDATORS = 4;

  @TempDir Path dir;

  Simnet run(int epochs, List<NodeEvent> stops, StringWriter out) throws Exception {
    Simnet simnet = new Simnet(new Simnet.Options(4, 3, VALIDATORS, SLOT, SLOTS_PER_EPOCH, OptionalLong.of(epochs),
        stops, List.of(), Optional.of(dir.resolve("summary.json")), Optional.of(dir.resolve("record.jsonl"))),
        new PrintWriter(out, true));
    simnet.start();
    return simnet;
  }

  /**
   * Epoch 0 is the start-up (first election, JIT); the epochs after it must be complete. Every
   * member's message is expected in every slot; a contribution once it shows its aggregator
   * selected (about one of the four members per slot), so some are expected over the epochs.
   */
  static void assertSyncDutiesComplete(Simnet simnet, long fromEpoch, long toEpoch, String out) {
    long contributions = 0;
    for (long e = fromEpoch; e <= toEpoch; e++) {
      Summary s = simnet.beaconNode().chain().summary(e);
      assertComplete("sync message", e, s.syncMessage(), out);
      DutyTally c = s.syncContribution();
      assertEquals(c.expected(), c.succeeded(), "sync contributions of epoch " + e + ": " + c + "\n" + out);
      contributions += c.expected();
    }
    assertTrue(contributions > 0, "sync contributions expected in epochs " + fromEpoch + "-" + toEpoch + "\n" + out);
  }

  static void assertComplete(String type, long epoch, DutyTally t, String out) {
    assertTrue(t.expected() > 0, type + " duties expected in epoch " + epoch + "\n" + out);
    assertEquals(t.expected(), t.succeeded(), type + " duties of epoch " + epoch + ": " + t + "\n" + out);
  }

  void assertRecorded(Simnet simnet) throws Exception {
    simnet.finish();
    JsonLinesRecorder.Recording recording = JsonLinesRecorder.read(dir.resolve("record.jsonl"));
    assertTrue(recording.messages().stream().anyMatch(m -> m.type().equals(RecordedMessage.SYNC_COMMITTEE_MESSAGE)),
        "the record file holds sync committee messages");
    assertTrue(recording.messages().stream().anyMatch(m -> m.type().equals(RecordedMessage.CONTRIBUTION_AND_PROOF)),
        "the record file holds contribution-and-proofs");
    JsonNode duties = simnet.summaryJson().get("duties");
    assertTrue(duties.get("sync_message").get("succeeded").asLong() > 0, duties.toString());
    assertTrue(duties.get("sync_contribution").get("succeeded").asLong() > 0, duties.toString());
  }

  @Test
  void aMessageOverARootTheClusterDidNotDecideIsRefusedAndNothingAggregated() throws Exception {
    StringWriter out = new StringWriter();
    try (Simnet simnet = run(2, List.of(), out)) {
      long slot = SLOTS_PER_EPOCH + 1;
      while (simnet.clock().currentSlot() < slot
          || simnet.clock().clock().instant().isBefore(simnet.clock().slotFraction(slot, 1, 3))) {
        Thread.sleep(20);
      }
      HttpClient http = HttpClient.newHttpClient();
      URI api = simnet.node(0).validatorApiUrl();
      HttpResponse<String> head = http.send(HttpRequest.newBuilder(api.resolve("/eth/v1/beacon/blocks/head/root"))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, head.statusCode(), head.body());
      Bytes decided = Bytes.fromHex(ApiJson.parse(head.body().getBytes(StandardCharsets.UTF_8))
          .get("data").get("root").asText());
      assertEquals(simnet.beaconNode().chain().blockRoot(Long.toString(slot)), decided,
          "the decided root is the chain's head of the slot");

      // Validator 0's share on node 0 signs another root, validly: only the root is wrong.
      byte[] other = decided.toArray();
      other[0] ^= 1;
      Bytes wrongRoot = Bytes.of(other);
      SignedMessages messages = new SignedMessages(simnet.beaconNode().chain().fork(),
          simnet.beaconNode().chain().config().genesisValidatorsRoot(), SLOTS_PER_EPOCH);
      BlsSecretKey share = simnet.cluster().sharesByNode().get(0).get(0);
      SyncCommitteeMessage bad = new SyncCommitteeMessage(slot, wrongRoot, 0,
          share.sign(messages.syncCommitteeMessageRoot(slot, wrongRoot)).toBytes());
      HttpResponse<String> refused = http.send(HttpRequest.newBuilder(api.resolve("/eth/v1/beacon/pool/sync_committees"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(ApiCodecs.SYNC_COMMITTEE_MESSAGES.toJson(List.of(bad)).toString()))
          .build(), HttpResponse.BodyHandlers.ofString());

      assertEquals(400, refused.statusCode(), refused.body());
      JsonNode error = ApiJson.parse(refused.body().getBytes(StandardCharsets.UTF_8));
      assertEquals(400, error.get("code").asInt());
      assertTrue(error.get("message").asText().contains("not the head block root the cluster decided"),
          error.toString());
      assertTrue(error.get("message").asText().contains(wrongRoot.toHex()), "names the root: " + error);
      simnet.awaitEnd();
      Summary total = simnet.beaconNode().chain().summary();
      assertEquals(Optional.empty(), Optional.ofNullable(total.syncMessage().refused().get("wrong block root")),
          "no message over the wrong root reached the chain: " + total.syncMessage());
      assertEquals(0, total.syncMessage().refusedCount(), total.syncMessage().toString());
    }
  }
}
