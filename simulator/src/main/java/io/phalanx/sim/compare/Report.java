package io.phalanx.sim.compare;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.cluster.files.SafeFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Writes a comparison's files, each atomically: the JSON, the HTML report and its charts as PNG. */
final class Report {
  static final String JSON_FILE = "phalanx-compare.json";

  private Report() {}

  static void write(ComparisonResult result, Path reportDir, Optional<Path> json) {
    ObjectNode tree = result.toJson();
    List<Chart> charts = charts(result);
    List<String> pngs = List.of(Comparison.SUCCESS_PNG, Comparison.EFFECTIVENESS_PNG);
    Path jsonFile = json.orElse(reportDir.resolve(JSON_FILE)).toAbsolutePath();
    SafeFiles.writeString(jsonFile, result.toJsonText());
    for (int i = 0; i < charts.size(); i++) {
      SafeFiles.write(reportDir.resolve(pngs.get(i)).toAbsolutePath(), charts.get(i).png(), false);
    }
    SafeFiles.write(reportDir.resolve(Comparison.REPORT_FILE).toAbsolutePath(),
        Html.page(tree, charts, pngs).getBytes(StandardCharsets.UTF_8), false);
  }

  static List<Chart> charts(ComparisonResult result) {
    long spe = result.slotsPerEpoch();
    long firstSlot = result.dv().slots().isEmpty() ? 0 : result.dv().slots().get(0).slot();
    long slots = result.dv().slots().isEmpty() ? spe
        : result.dv().slots().get(result.dv().slots().size() - 1).slot() + 1;
    List<Chart.Band> bands = new ArrayList<>();
    for (ComparisonResult.FaultWindow w : result.faults()) {
      bands.add(new Chart.Band(w.fault() + (w.soloToo() ? " (solo too)" : " (DV only)"), w.fromSlot(),
          w.endSlot() < 0 ? slots : w.endSlot()));
    }
    Chart success = new Chart("Attester duties done on time, per slot", "on time / due", firstSlot, slots, spe,
        List.of(new Chart.Series("DV cluster", "#1f5fa8", slotPoints(result.dv())),
            new Chart.Series("solo", "#c8641b", slotPoints(result.solo()))), bands);
    Chart effectiveness = new Chart("Attester effectiveness, per epoch", "effectiveness", firstSlot, slots, spe,
        List.of(new Chart.Series("DV cluster", "#1f5fa8", epochPoints(result.dv(), spe)),
            new Chart.Series("solo", "#c8641b", epochPoints(result.solo(), spe))), bands);
    return List.of(success, effectiveness);
  }

  private static List<double[]> slotPoints(SetupResult setup) {
    List<double[]> points = new ArrayList<>();
    for (SetupResult.SlotPoint p : setup.slots()) {
      if (p.expected() > 0) {
        points.add(new double[] {p.slot() + 0.5, (double) p.onTime() / p.expected()});
      }
    }
    return points;
  }

  private static List<double[]> epochPoints(SetupResult setup, long spe) {
    List<double[]> points = new ArrayList<>();
    for (SetupResult.EpochResult e : setup.epochs()) {
      points.add(new double[] {e.epoch() * spe + spe / 2.0, e.effectiveness().value()});
    }
    return points;
  }
}
