package io.phalanx.cli;

import io.phalanx.sim.compare.Comparison;
import io.phalanx.sim.fault.Fault;
import io.phalanx.sim.fault.FaultSchedule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine;

/** {@code phalanx simnet --compare-solo}: the DV cluster and a solo validator side by side. */
final class CompareMode {
  static final String SCENARIO_NAMES = String.join(", ", FaultSchedule.SCENARIOS);

  private CompareMode() {}

  static int run(CommandLine.Model.CommandSpec spec, int nodes, int threshold, int validators, Duration slot,
      int slotsPerEpoch, Long epochs, String faults, Path json, Path report, Path record, boolean nodeEvents)
      throws Exception {
    if (nodeEvents) {
      throw new IllegalArgumentException("--stop-node and --start-node do not go with --compare-solo: write the crash "
          + "in --faults, e.g. crash:1@10-26, so the solo machine crashes too");
    }
    if (record != null) {
      throw new IllegalArgumentException("--record does not go with --compare-solo");
    }
    if (slotsPerEpoch < 1) {
      throw new IllegalArgumentException("--slots-per-epoch must be at least 1, got " + slotsPerEpoch);
    }
    FaultSchedule schedule = faults == null ? FaultSchedule.NONE : FaultSchedule.load(faults, slotsPerEpoch);
    String scenario = faults == null ? "no faults"
        : FaultSchedule.SCENARIOS.contains(faults) ? faults : schedule.faults().stream()
            .map(Fault::text).reduce((a, b) -> a + "; " + b).orElse("no faults");
    Comparison.Options options = new Comparison.Options(nodes, threshold, validators, slot, slotsPerEpoch,
        epochs == null ? OptionalLong.empty() : OptionalLong.of(epochs), schedule, scenario, Optional.ofNullable(json),
        report == null ? Path.of("").toAbsolutePath() : report.toAbsolutePath());
    PrintWriter out = spec.commandLine().getOut();
    Comparison comparison = new Comparison(options, out, System.err, System.console() != null);
    Thread stopper = new Thread(comparison::close, "compare-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      comparison.start();
      comparison.awaitEnd();
      comparison.finish();
    } finally {
      comparison.close();
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException shuttingDown) {
        // the hook closes the run
      }
    }
    return 0;
  }
}
