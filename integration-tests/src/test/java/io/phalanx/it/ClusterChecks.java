package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.sim.Simnet;
import io.phalanx.sim.chain.DutyTally;
import io.phalanx.sim.chain.JsonLinesRecorder;
import io.phalanx.sim.chain.RecordedMessage;
import io.phalanx.sim.chain.SimulatedChain;
import io.phalanx.sim.chain.Summary;
import io.phalanx.sim.vc.ClientCounters;
import io.phalanx.sim.vc.SimulatedValidatorClient;
import io.phalanx.spec.duty.DutyType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the whole-cluster runs check of a finished simnet, written once: the chain's per-epoch
 * books for each duty type, the record file's slashing check, and each simulated validator
 * client's own counters. Epoch 0 is a run's start-up (first Raft election, JIT); runs check the
 * epochs after it.
 */
final class ClusterChecks {
  private ClusterChecks() {}

  /** Every attestation and aggregation duty of the epochs from {@code fromEpoch} to {@code toEpoch}. */
  static void assertAllSucceeded(Simnet simnet, long fromEpoch, long toEpoch, String out) {
    for (long e = fromEpoch; e <= toEpoch; e++) {
      Summary s = simnet.chain().summary(e);
      assertComplete("attester", e, s.attester(), out);
      assertComplete("aggregator", e, s.aggregator(), out);
    }
  }

  static void assertComplete(String type, long epoch, DutyTally t, String out) {
    assertTrue(t.expected() > 0, type + " duties expected in epoch " + epoch + "\n" + out);
    assertEquals(t.expected(), t.succeeded(), type + " duties of epoch " + epoch + ": " + t + "\n" + out);
  }

  /** A block in every slot of the epochs (the simulated chain has a cluster proposer in each). */
  static void assertEveryProposal(SimulatedChain chain, int slotsPerEpoch, long fromEpoch, long toEpoch, String out) {
    for (long e = fromEpoch; e <= toEpoch; e++) {
      DutyTally t = chain.summary(e).proposer();
      assertEquals(slotsPerEpoch, t.expected(), "proposals expected in epoch " + e + "\n" + out);
      assertEquals(t.expected(), t.succeeded(), "proposals of epoch " + e + ": " + t + "\n" + out);
    }
  }

  /**
   * Every member's sync committee message in every slot; a contribution once it shows its
   * aggregator selected (about one of four members per slot), so some are expected over the epochs.
   */
  static void assertSyncDutiesComplete(Simnet simnet, long fromEpoch, long toEpoch, String out) {
    long contributions = 0;
    for (long e = fromEpoch; e <= toEpoch; e++) {
      Summary s = simnet.chain().summary(e);
      assertComplete("sync message", e, s.syncMessage(), out);
      DutyTally c = s.syncContribution();
      assertEquals(c.expected(), c.succeeded(), "sync contributions of epoch " + e + ": " + c + "\n" + out);
      contributions += c.expected();
    }
    assertTrue(contributions > 0, "sync contributions expected in epochs " + fromEpoch + "-" + toEpoch + "\n" + out);
  }

  /** Every validator's builder registration in each of the epochs, none failed or refused. */
  static void assertRegistrations(Simnet simnet, int validators, long fromEpoch, long toEpoch, String out) {
    for (long e = fromEpoch; e <= toEpoch; e++) {
      DutyTally registrations = simnet.chain().summary(e).builderRegistration();
      assertEquals(validators, registrations.succeeded(), "registrations of epoch " + e + ": " + registrations
          + "\n" + out);
      assertEquals(0, registrations.failedCount() + registrations.refusedCount(), registrations + "\n" + out);
    }
  }

  /** No validator ever signed two different attestations for one target or a surrounding pair. */
  static void assertNothingSlashable(Simnet simnet, Path recordFile) throws Exception {
    assertEquals(0, simnet.chain().summary().slashable(), "slashable messages");
    JsonLinesRecorder.Recording recording = JsonLinesRecorder.read(recordFile);
    assertTrue(recording.messages().size() > 0, "the record file holds the accepted messages");
    assertEquals(List.of(), SlashingCheck.violations(recording), "slashable pairs in the record file");
  }

  /** The duty types every client submits during a run (contributions: only when a validator is selected). */
  static final List<DutyType> SUBMITTED_BY_EVERY_CLIENT = List.of(DutyType.ATTESTER, DutyType.SELECTION_PROOF,
      DutyType.AGGREGATOR, DutyType.PROPOSER, DutyType.SYNC_MESSAGE, DutyType.SYNC_SELECTION_PROOF,
      DutyType.SYNC_CONTRIBUTION, DutyType.BUILDER_REGISTRATION, DutyType.VOLUNTARY_EXIT);

  /**
   * The chain alone cannot tell a broken call pattern (three nodes' partials suffice), so each
   * client of the given nodes must show, in its own counters, every kind of duty submitted and none
   * failed in the slots from {@code fromSlot} to before {@code endSlot}.
   */
  static void everyClientDidEveryDuty(Simnet simnet, List<Integer> nodes, long fromSlot, long endSlot, String log) {
    for (int node : nodes) {
      for (SimulatedValidatorClient client : simnet.validatorClients(node)) {
        ClientCounters counters = client.counters();
        String who = "node " + node + "'s client: " + counters + "\n" + log;
        for (DutyType type : SUBMITTED_BY_EVERY_CLIENT) {
          assertTrue(counters.total(type).submitted() > 0, type + " submitted by " + who);
        }
        for (long slot = fromSlot; slot < endSlot; slot++) {
          for (DutyType type : DutyType.values()) {
            assertEquals(Map.of(), counters.at(slot, type).failed(), type + " at slot " + slot + " by " + who);
          }
        }
      }
    }
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

  /** Waits, polling, until the cluster's clock reaches {@code slot}. */
  static void awaitSlot(Simnet simnet, long slot) throws InterruptedException {
    while (simnet.clock().currentSlot() < slot) {
      Thread.sleep(20);
    }
  }
}
