package io.phalanx.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code phalanx exit}'s help and its refusals before it reaches any node; {@code simnet --exit}'s parsing. */
class ExitCommandHelpTest {
  @TempDir Path dir;

  @Test
  void helpExplainsTheCommandAndItsOptions() {
    CliRun run = CliRun.of("exit", "--help");
    assertEquals(0, run.exitCode(), run.toString());
    for (String expected : new String[] {"--data-dir", "--validator", "--epoch", "--validator-api-url",
        "--beacon-node-endpoints", "same --epoch", "never printed"}) {
      assertTrue(run.out().contains(expected), expected + " in\n" + run.out());
    }
    assertTrue(CliRun.of("--help").out().contains("exit"), "listed at the top level");
  }

  @Test
  void aFolderThatIsNoNodeFolderIsAClearError() {
    CliRun run = CliRun.of("exit", "--data-dir", dir.resolve("missing").toString(), "--validator", "1", "--epoch", "0");
    assertNotEquals(0, run.exitCode(), run.toString());
    assertTrue(run.err().contains("error:") && run.err().contains("data folder not found"), run.toString());
  }

  @Test
  void simnetExitTakesValidatorAtEpoch() {
    assertArrayEquals(new long[] {3, 2}, SimnetCommand.exitRequest("3@2", 8));
    IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
        () -> SimnetCommand.exitRequest("8@2", 8));
    assertTrue(outside.getMessage().contains("from 0 to 7"), outside.getMessage());
    IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
        () -> SimnetCommand.exitRequest("3", 8));
    assertTrue(malformed.getMessage().contains("VALIDATOR@EPOCH"), malformed.getMessage());
  }
}
