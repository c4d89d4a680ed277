package io.phalanx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code simnet --extra-vc}: refused, with the reason, where it cannot apply; nothing starts. */
class SimnetExtraValidatorClientTest {
  @Test
  void anExtraClientForANodeThatDoesNotExistIsRefused() {
    CliRun run = CliRun.of("simnet", "--nodes", "4", "--epochs", "1", "--extra-vc", "4");
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("error: --extra-vc 4: no such node (nodes are 0 to 3)"), run.toString());
  }

  @Test
  void anExtraClientDoesNotGoWithCompareSolo() {
    CliRun run = CliRun.of("simnet", "--compare-solo", "--extra-vc", "0");
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("error: --extra-vc goes with a plain run, not with --compare-solo"), run.toString());
  }

  @Test
  void theHelpNamesTheOption() {
    CliRun run = CliRun.of("simnet", "--help");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("--extra-vc=NODE"), run.out());
  }
}
