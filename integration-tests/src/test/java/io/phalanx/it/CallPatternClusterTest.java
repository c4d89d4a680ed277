package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.node.sim.Simnet;
import io.phalanx.node.sim.vc.CallPattern;
import io.phalanx.node.sim.vc.CallPatterns;
import io.phalanx.node.sim.vc.ClientCounters;
import io.phalanx.node.sim.vc.SimulatedValidatorClient;
import io.phalanx.spec.duty.DutyType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A 4-node cluster (threshold 3) whose validator clients all call as one major client does in
 * distributed mode, one run per preset, and one run with a different preset on every node: after
 * start-up every duty of every {@link #DUTY_CHECKS} entry is done, aggregated and verified against
 * the group keys by the simulated chain. A duty added to the simulated validator client adds its
 * check to that list and runs under every pattern.
 */
class CallPatternClusterTest {
  static final Duration SLOT = Duration.ofMillis(1500);
  static final int SLOTS_PER_EPOCH = 4;
  /**
   * Epochs 0 and 1 are the start-up (a cold JVM on a shared 2-core machine needs more than one);
   * epoch 2 is checked: every pattern's per-epoch step (selections ahead) runs at its start.
   */
  static final int EPOCHS = 3;
  static final int FIRST_CHECKED_EPOCH = 2;

  /** What every run must show for the epochs after start-up. */
  interface DutyCheck {
    void check(Simnet simnet, long fromEpoch, long toEpoch, String log);
  }

  /** The duties checked under every pattern, one a line. */
  static final List<Named<DutyCheck>> DUTY_CHECKS = List.of(
      Named.of("attestations and aggregations on chain", (simnet, from, to, log) ->
          SimnetClusterTest.assertAllSucceeded(simnet, from, to, log)),
      Named.of("selection proofs combined for every duty", CallPatternClusterTest::selectionsCombined));

  /** Every preset; the mixed-pattern cluster runs in {@link BeaconApiConformanceClusterTest}. */
  static Stream<Named<CallPatterns>> patterns() {
    return Stream.of(CallPattern.all()).map(p -> Named.of(p.name(), CallPatterns.everyClient(p)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patterns")
  void everyDutyIsDoneUnderThePattern(CallPatterns patterns) throws Exception {
    StringWriter out = new StringWriter();
    Simnet.Options options = new Simnet.Options(4, 3, 8, SLOT, SLOTS_PER_EPOCH, OptionalLong.of(EPOCHS), List.of(),
        List.of(), Optional.empty(), Optional.empty());
    try (Simnet simnet = new Simnet(options, new PrintWriter(out, true)).withCallPatterns(patterns)) {
      simnet.start();
      simnet.awaitEnd();
      simnet.finish();
      checkEveryDuty(simnet, out.toString());
    }
  }

  /** Every check of {@link #DUTY_CHECKS} over the epochs after start-up, and nothing slashable. */
  static void checkEveryDuty(Simnet simnet, String log) {
    for (Named<DutyCheck> check : DUTY_CHECKS) {
      check.getPayload().check(simnet, FIRST_CHECKED_EPOCH, EPOCHS - 1, check.getName() + "\n" + log);
    }
    assertEquals(0, simnet.beaconNode().chain().summary().slashable(), "slashable submissions\n" + log);
  }

  /** Every client got a combined proof for every attester duty after start-up, whatever its pattern. */
  static void selectionsCombined(Simnet simnet, long fromEpoch, long toEpoch, String log) {
    for (int node = 0; node < 4; node++) {
      for (SimulatedValidatorClient client : simnet.validatorClients(node)) {
        ClientCounters counters = client.counters();
        long submitted = 0;
        for (long slot = fromEpoch * SLOTS_PER_EPOCH; slot < (toEpoch + 1) * SLOTS_PER_EPOCH; slot++) {
          assertEquals(Map.of(), counters.at(slot, DutyType.SELECTION_PROOF).failed(),
              "node " + node + " slot " + slot + "\n" + log);
          submitted += counters.at(slot, DutyType.SELECTION_PROOF).submitted();
        }
        assertTrue(submitted > 0, "node " + node + " selected its aggregators\n" + log);
      }
    }
  }
}
