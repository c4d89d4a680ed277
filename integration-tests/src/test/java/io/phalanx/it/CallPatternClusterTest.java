package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.sim.Simnet;
import io.phalanx.sim.vc.CallPattern;
import io.phalanx.sim.vc.CallPatterns;
import io.phalanx.sim.vc.ClientCounters;
import io.phalanx.sim.vc.SimulatedValidatorClient;
import io.phalanx.spec.duty.DutyType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A 4-node cluster (threshold 3) whose validator clients each call as a major client does in
 * distributed mode, a different preset on every node. Every client signs every duty of every
 * validator with its share, so in one run every duty runs under four patterns at once. The chain
 * alone could not tell a broken pattern (three nodes' partials suffice), so each client's own
 * counters must show every duty submitted and none failed. With {@link
 * BeaconApiConformanceClusterTest}'s run, every preset is covered.
 */
class CallPatternClusterTest {
  static final Duration SLOT = Duration.ofMillis(1500);
  static final int SLOTS_PER_EPOCH = 4;
  /**
   * Epochs 0 and 1 are the start-up (a cold JVM on a shared 2-core machine needs more than one);
   * epoch 2 is checked: every pattern's per-epoch step (selections ahead, registrations) runs at its start.
   */
  static final int EPOCHS = 3;
  static final int FIRST_CHECKED_EPOCH = 2;

  /** The presets per run, node 0 first; with the conformance run's they cover every preset. */
  static Stream<String> mixes() {
    return Stream.of("0=default,1=lodestar,2=teku,3=lighthouse", "0=prysm,1=nimbus,2=default,3=lodestar");
  }

  @Test
  void theMixesAndTheConformanceRunCoverEveryPreset() {
    Set<String> covered = new HashSet<>();
    Stream.concat(mixes(), Stream.of(BeaconApiConformanceClusterTest.MIX)).forEach(mix -> {
      CallPatterns patterns = CallPatterns.parse(mix);
      for (int node = 0; node < 4; node++) {
        covered.add(patterns.of(node).name());
      }
    });
    assertEquals(Set.copyOf(Arrays.stream(CallPattern.all()).map(CallPattern::name).toList()), covered);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mixes")
  void everyDutyIsDoneUnderEveryPatternOfTheMix(String mix) throws Exception {
    StringWriter out = new StringWriter();
    Simnet.Options options = new Simnet.Options(4, 3, 8, SLOT, SLOTS_PER_EPOCH, OptionalLong.of(EPOCHS), List.of(),
        List.of(), Optional.empty(), Optional.empty());
    try (Simnet simnet = new Simnet(options, new PrintWriter(out, true)).withCallPatterns(CallPatterns.parse(mix))) {
      simnet.requestExit(EXITED, EXIT_EPOCH);
      simnet.start();
      simnet.awaitEnd();
      simnet.finish();
      checkEveryDuty(simnet, out.toString());
    }
  }

  static final long EXITED = 2;
  static final long EXIT_EPOCH = 1;

  /**
   * The chain took every duty of the checked epochs (and the requested exit), nothing slashable,
   * and every client submitted every kind of duty and had none fail.
   */
  static void checkEveryDuty(Simnet simnet, String log) {
    SimnetClusterTest.assertAllSucceeded(simnet, FIRST_CHECKED_EPOCH, EPOCHS - 1, log);
    ProposalsTest.assertEveryProposal(simnet.beaconNode().chain(), FIRST_CHECKED_EPOCH, EPOCHS - 1, log);
    for (long e = FIRST_CHECKED_EPOCH; e < EPOCHS; e++) {
      var s = simnet.beaconNode().chain().summary(e);
      assertTrue(s.syncMessage().expected() > 0, "sync messages expected in epoch " + e + "\n" + log);
      assertEquals(s.syncMessage().expected(), s.syncMessage().succeeded(), "sync messages of epoch " + e + ": "
          + s.syncMessage() + "\n" + log);
      assertEquals(s.syncContribution().expected(), s.syncContribution().succeeded(),
          "sync contributions of epoch " + e + ": " + s.syncContribution() + "\n" + log);
      assertEquals(8, s.builderRegistration().succeeded(), "registrations of epoch " + e + "\n" + log);
    }
    assertEquals(Optional.of(EXIT_EPOCH), simnet.beaconNode().chain().exitEpoch(EXITED), "the exit on chain\n" + log);
    assertEquals(0, simnet.beaconNode().chain().summary().slashable(), "slashable submissions\n" + log);
    everyClientDidEveryDuty(simnet, log);
  }

  /** The duty types every client submits during a run (contributions: only when a validator is selected). */
  static final List<DutyType> SUBMITTED_BY_EVERY_CLIENT = List.of(DutyType.ATTESTER, DutyType.SELECTION_PROOF,
      DutyType.AGGREGATOR, DutyType.PROPOSER, DutyType.SYNC_MESSAGE, DutyType.SYNC_SELECTION_PROOF,
      DutyType.SYNC_CONTRIBUTION, DutyType.BUILDER_REGISTRATION, DutyType.VOLUNTARY_EXIT);

  static void everyClientDidEveryDuty(Simnet simnet, String log) {
    for (int node = 0; node < 4; node++) {
      for (SimulatedValidatorClient client : simnet.validatorClients(node)) {
        ClientCounters counters = client.counters();
        String who = "node " + node + "'s client: " + counters + "\n" + log;
        for (DutyType type : SUBMITTED_BY_EVERY_CLIENT) {
          assertTrue(counters.total(type).submitted() > 0, type + " submitted by " + who);
        }
        for (long slot = FIRST_CHECKED_EPOCH * SLOTS_PER_EPOCH; slot < EPOCHS * SLOTS_PER_EPOCH; slot++) {
          for (DutyType type : DutyType.values()) {
            assertEquals(Map.of(), counters.at(slot, type).failed(), type + " at slot " + slot + " by " + who);
          }
        }
      }
    }
  }
}
