package io.phalanx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.cluster.layout.NodeDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CombineCommandTest {
  @TempDir static Path dir;
  static Path cluster;

  @BeforeAll
  static void createCluster() {
    cluster = dir.resolve("cluster");
    CliRun run = CliRun.of(CreateClusterCommandTest.create(cluster, "--validators", "1"));
    assertEquals(0, run.exitCode(), run.toString());
  }

  @Test
  void fewerThanThresholdNodeFoldersIsAClearError() throws IOException {
    Path partial = Files.createDirectory(dir.resolve("partial"));
    copyTree(NodeDirectory.inCluster(cluster, 0).root(), partial.resolve("node0"));
    copyTree(NodeDirectory.inCluster(cluster, 2).root(), partial.resolve("node2"));
    Path out = dir.resolve("out-partial");
    CliRun run = CliRun.of("combine", "--cluster-dir", partial.toString(), "--output", out.toString());
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("found 2 node folder(s)") && run.err().contains("the threshold is 3"), run.toString());
    assertFalse(Files.exists(out));
  }

  @Test
  void anyThresholdOfNodesIsEnough() throws IOException {
    Path three = Files.createDirectory(dir.resolve("three"));
    for (int i : new int[] {1, 2, 3}) {
      copyTree(NodeDirectory.inCluster(cluster, i).root(), three.resolve("operator-" + i));
    }
    Path out = dir.resolve("out-three");
    CliRun run = CliRun.of("combine", "--cluster-dir", three.toString(), "--output", out.toString(),
        "--keystore-kdf", "pbkdf2");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("node1, node2, node3"), run.toString());
  }

  @Test
  void aTamperedLockStopsCombine() throws IOException {
    Path tampered = Files.createDirectory(dir.resolve("tampered"));
    for (int i = 0; i < 4; i++) {
      copyTree(NodeDirectory.inCluster(cluster, i).root(), tampered.resolve("node" + i));
    }
    Path lock = NodeDirectory.inCluster(tampered, 1).lockFile();
    Files.writeString(lock, Files.readString(lock).replace("\"threshold\" : 3", "\"threshold\" : 2"));
    CliRun run = CliRun.of("combine", "--cluster-dir", tampered.toString(), "--output", dir.resolve("o").toString());
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("invalid cluster lock") && run.err().contains("lock hash mismatch"), run.toString());
  }

  @Test
  void aNodeFolderInsteadOfTheClusterFolderIsExplained() {
    CliRun run = CliRun.of("combine", "--cluster-dir", NodeDirectory.inCluster(cluster, 0).root().toString(),
        "--output", dir.resolve("o2").toString());
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("is one node's folder"), run.toString());
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
