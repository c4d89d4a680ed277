package io.phalanx.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void helpExplainsWhereTheValidatorClientConnects() {
    CliRun run = CliRun.of("run", "--help");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("--validator-api-address") && run.out().contains("distributed mode"), run.out());
  }
}
