package io.phalanx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code phalanx run} refuses what it cannot run, saying why, before it opens any port. */
class RunCommandTest {
  @TempDir Path dir;

  @Test
  void aMissingDataFolderIsAClearError() {
    CliRun run = CliRun.of("run", "--data-dir", dir.resolve("nope").toString(), "--beacon-node-endpoints",
        "http://127.0.0.1:5052");
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("data folder not found"), run.toString());
  }

  @Test
  void aLockWithoutPeerAddressesNeedsPeers() {
    Path cluster = dir.resolve("cluster");
    CliRun create = CliRun.of(CreateClusterCommandTest.create(cluster, "--validators", "1"));
    assertEquals(0, create.exitCode(), create.toString());
    CliRun run = CliRun.of("run", "--data-dir", cluster.resolve("node0").toString(), "--beacon-node-endpoints",
        "http://127.0.0.1:5052");
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("--peers"), run.toString());
    CliRun wrongCount = CliRun.of("run", "--data-dir", cluster.resolve("node0").toString(), "--beacon-node-endpoints",
        "http://127.0.0.1:5052", "--peers", "127.0.0.1:3610,127.0.0.1:3612");
    assertEquals(1, wrongCount.exitCode(), wrongCount.toString());
    assertTrue(wrongCount.err().contains("the cluster has 4 nodes"), wrongCount.toString());
  }

  @Test
  void theConfigFileGivesWhatTheCommandLineLacks() throws IOException {
    Path file = dir.resolve("node0.yaml");
    Files.writeString(file, "# node 0\ndata-dir: " + dir.resolve("from-file")
        + "\nbeacon-node-endpoints: \"http://127.0.0.1:5052,http://127.0.0.1:5053\"\n"
        + "fallback-beacon-node-endpoints=http://127.0.0.1:5054\nattestation-data-strategy: best\n");
    CliRun run = CliRun.of("run", "--config-file", file.toString());
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("data folder not found") && run.err().contains("from-file"), run.toString());
    CliRun overridden = CliRun.of("run", "--config-file", file.toString(), "--data-dir",
        dir.resolve("from-command-line").toString());
    assertTrue(overridden.err().contains("from-command-line"), overridden.toString());
  }

  @Test
  void aConfigFileKeyThatIsNoOptionIsNamed() throws IOException {
    Path file = dir.resolve("node0.properties");
    Files.writeString(file, "beacon-nodes=http://127.0.0.1:5052\n");
    CliRun run = CliRun.of("run", "--config-file", file.toString());
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("'beacon-nodes'") && run.err().contains("beacon-node-endpoints"), run.toString());
    CliRun missing = CliRun.of("run", "--config-file", dir.resolve("none.yaml").toString());
    assertTrue(missing.err().contains("config file not found"), missing.toString());
    CliRun noBeaconNode = CliRun.of("run", "--data-dir", dir.toString());
    assertTrue(noBeaconNode.err().contains("--beacon-node-endpoints is required"), noBeaconNode.toString());
  }

  @Test
  void helpExplainsWhereTheValidatorClientConnects() {
    CliRun run = CliRun.of("run", "--help");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("--validator-api-address") && run.out().contains("distributed mode"), run.out());
  }
}
