package io.phalanx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HelpTest {
  @Test
  void topLevelHelpListsTheCommands() {
    CliRun run = CliRun.of("--help");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("create") && run.out().contains("combine"), run.toString());
  }

  @Test
  void createClusterHelpExplainsTheOptionsAndTheFiles() {
    CliRun run = CliRun.of("create", "cluster", "--help");
    assertEquals(0, run.exitCode(), run.toString());
    for (String expected : new String[] {"--threshold", "ceil(2N/3)", "--split-existing-keys", "deposit-data.json", "0600"}) {
      assertTrue(run.out().contains(expected), expected + " in\n" + run.out());
    }
  }

  @Test
  void noCommandIsAUsageError() {
    CliRun run = CliRun.of();
    assertEquals(2, run.exitCode(), run.toString());
  }

  @Test
  void versionIsPrinted() {
    CliRun run = CliRun.of("--version");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith("phalanx "), run.out());
  }
}
