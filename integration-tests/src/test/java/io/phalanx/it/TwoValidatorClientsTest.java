package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.api.BeaconNode;
import io.phalanx.api.ChainSpec;
import io.phalanx.api.SyncStatus;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.sim.Simnet;
import io.phalanx.sim.chain.JsonLinesRecorder;
import io.phalanx.sim.chain.RecordedMessage;
import io.phalanx.sim.vc.ClientCounters;
import io.phalanx.sim.vc.SimulatedValidatorClient;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node 0 of a 4-node cluster (threshold 3) with two validator clients holding the same shares, as
 * operators run them active/active for redundancy ({@code simnet --extra-vc 0}). Over three epochs
 * after start-up every duty succeeds as with one client, both clients are served the same decided
 * data, node 0 recognises the second client's partial signatures as duplicates and counts each
 * share once, and the chain's record holds no duplicate or conflicting aggregate and no slashable
 * vote.
 */
class TwoValidatorClientsTest {
  static final Duration SLOT = Duration.ofSeconds(2);
  static final int SLOTS_PER_EPOCH = 4;
  /** Epoch 0 is the start-up; the checks cover the three after it. */
  static final int EPOCHS = 4;

  @TempDir Path dir;

  /** One attestation-data request: the slot and committee a client asked for. */
  record Asked(long slot, long committee) {}

  /** Puts a recorder between each of node 0's validator clients and the validator API. */
  static final class RecordingWiring implements Simnet.Wiring {
    final Map<Integer, Map<Asked, AttestationData>> servedByClient = new ConcurrentHashMap<>();

    @Override
    public BeaconNode validatorApiSeenBy(int node, int client, BeaconNode validatorApi) {
      if (node != 0) {
        return validatorApi;
      }
      return new AttestationDataRecorder(validatorApi,
          servedByClient.computeIfAbsent(client, c -> new ConcurrentHashMap<>()));
    }
  }

  @Test
  void twoClientsOnOneNodeSignOnceAndNeverSlashably() throws Exception {
    StringWriter out = new StringWriter();
    RecordingWiring wiring = new RecordingWiring();
    Simnet.Options options = new Simnet.Options(4, 3, 8, SLOT, SLOTS_PER_EPOCH, OptionalLong.of(EPOCHS), List.of(),
        List.of(), Optional.empty(), Optional.of(dir.resolve("record.jsonl")), Simnet.DEFAULT_BEACON_NODES_PER_NODE,
        List.of(), List.of(0));
    try (Simnet simnet = new Simnet(options, new PrintWriter(out, true), wiring)) {
      simnet.start();
      List<SimulatedValidatorClient> clients = simnet.validatorClients(0);
      assertEquals(2, clients.size(), "node 0 runs two validator clients");
      assertEquals(1, simnet.validatorClients(1).size(), "node 1 runs one");
      simnet.awaitEnd();
      simnet.finish();
      String log = out.toString();
      long firstSlot = SLOTS_PER_EPOCH;
      long endSlot = (long) EPOCHS * SLOTS_PER_EPOCH;

      // As in the single-client run: every attestation and aggregation duty after start-up.
      SimnetClusterTest.assertAllSucceeded(simnet, 1, EPOCHS - 1, log);
      assertEquals(0, simnet.beaconNode().chain().summary().slashable(), "slashable submissions\n" + log);

      // Both clients did every duty of every slot, and were served the same decided data.
      for (SimulatedValidatorClient client : clients) {
        ClientCounters counters = client.counters();
        for (long slot = firstSlot; slot < endSlot; slot++) {
          assertTrue(counters.at(slot, DutyType.ATTESTER).submitted() > 0, "attestations at slot " + slot + ": "
              + counters.at(slot, DutyType.ATTESTER) + "\n" + log);
          assertEquals(Map.of(), counters.at(slot, DutyType.ATTESTER).failed(), "slot " + slot + "\n" + log);
          assertEquals(Map.of(), counters.at(slot, DutyType.AGGREGATOR).failed(), "slot " + slot + "\n" + log);
        }
      }
      Map<Asked, AttestationData> first = inSlots(wiring.servedByClient.get(0), firstSlot, endSlot);
      Map<Asked, AttestationData> second = inSlots(wiring.servedByClient.get(1), firstSlot, endSlot);
      assertEquals(endSlot - firstSlot, first.keySet().stream().map(Asked::slot).distinct().count(),
          "the first client asked for data in every slot: " + first.keySet());
      assertEquals(first, second, "both clients were served the same decided attestation data");

      JsonLinesRecorder.Recording recording = JsonLinesRecorder.read(dir.resolve("record.jsonl"));
      assertEquals(List.of(), SlashingCheck.violations(recording), "slashable pairs in the record file");
      assertEquals(List.of(), repeated(recording), "a validator with two messages of one kind for one slot");
      Map<Long, Set<AttestationData>> published = new HashMap<>();
      long aggregates = 0;
      for (RecordedMessage m : recording.messages()) {
        if (m.type().equals(RecordedMessage.ATTESTATION)) {
          AttestationData data = SingleAttestation.SSZ.fromJson(m.message()).data();
          published.computeIfAbsent(m.slot(), s -> new HashSet<>()).add(data);
        } else if (m.slot() >= firstSlot) {
          aggregates++;
        }
      }
      assertTrue(aggregates > 0, "aggregates after start-up in the record file");
      first.forEach((asked, data) -> assertEquals(Set.of(data), published.get(asked.slot()),
          "what the chain took at slot " + asked.slot() + " is what the clients were served"));

      // Node 0 saw each of the second client's partials as a duplicate and kept one per share.
      long duplicates = simnet.node(0).partialSignatures().duplicatePartials();
      long attesterDuties = 0;
      for (long e = 1; e < EPOCHS; e++) {
        attesterDuties += simnet.beaconNode().chain().summary(e).attester().expected();
      }
      long fewestSubmitted = clients.stream().mapToLong(TwoValidatorClientsTest::submittedMessages).min().orElseThrow();
      assertTrue(duplicates >= attesterDuties, "duplicates " + duplicates + " cover at least the " + attesterDuties
          + " attestations after start-up\n" + log);
      assertTrue(duplicates <= fewestSubmitted, "duplicates " + duplicates + " no more than either client submitted ("
          + fewestSubmitted + ")");
    }
  }

  private static long submittedMessages(SimulatedValidatorClient client) {
    ClientCounters counters = client.counters();
    return counters.total(DutyType.ATTESTER).submitted() + counters.total(DutyType.SELECTION_PROOF).submitted()
        + counters.total(DutyType.AGGREGATOR).submitted() + counters.total(DutyType.BUILDER_REGISTRATION).submitted()
        + counters.total(DutyType.SYNC_MESSAGE).submitted()
        + counters.total(DutyType.SYNC_SELECTION_PROOF).submitted() + counters.total(DutyType.SYNC_CONTRIBUTION).submitted();
  }

  private static Map<Asked, AttestationData> inSlots(Map<Asked, AttestationData> served, long from, long to) {
    assertTrue(served != null, "the client asked for attestation data");
    Map<Asked, AttestationData> within = new TreeMap<>(
        java.util.Comparator.comparingLong(Asked::slot).thenComparingLong(Asked::committee));
    served.forEach((asked, data) -> {
      if (asked.slot() >= from && asked.slot() < to) {
        within.put(asked, data);
      }
    });
    return within;
  }

  /**
   * Every validator with two recorded messages of one kind for one slot: the chain records an
   * identical message once, so two mean two different ones, a conflicting aggregate (or a double
   * vote, which {@link SlashingCheck} names as well).
   */
  static List<String> repeated(JsonLinesRecorder.Recording recording) {
    Map<String, List<RecordedMessage>> byValidatorSlotAndKind = new TreeMap<>();
    for (RecordedMessage m : recording.messages()) {
      byValidatorSlotAndKind.computeIfAbsent(m.type() + " of " + m.validatorPubkey() + " at slot " + m.slot(),
          k -> new ArrayList<>()).add(m);
    }
    List<String> found = new ArrayList<>();
    byValidatorSlotAndKind.forEach((what, messages) -> {
      if (messages.size() > 1) {
        found.add(messages.size() + " x " + what);
      }
    });
    return found;
  }

  /** Passes every call on, and notes the attestation data each request was answered with. */
  private static final class AttestationDataRecorder extends io.phalanx.api.ForwardingBeaconNode {
    private final Map<Asked, AttestationData> served;

    AttestationDataRecorder(BeaconNode api, Map<Asked, AttestationData> served) {
      super(api);
      this.served = served;
    }

    @Override
    public CompletableFuture<AttestationData> attestationData(long slot, long committeeIndex) {
      return delegate().attestationData(slot, committeeIndex).thenApply(data -> {
        served.put(new Asked(slot, committeeIndex), data);
        return data;
      });
    }
  }
}
