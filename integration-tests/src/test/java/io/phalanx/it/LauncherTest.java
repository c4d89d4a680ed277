package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.cluster.layout.NodeDirectory;
import io.phalanx.cluster.lock.ClusterLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;

/**
 * The {@code ./phalanx} script as an operator runs it: a separate process that finds a JDK 21+ and
 * runs the CLI built by this reactor (the app module is packaged before these tests run).
 */
class LauncherTest {
  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  static Path projectRoot() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("phalanx")) && Files.isRegularFile(d.resolve("mvnw"))) {
        return d;
      }
    }
    throw new IllegalStateException("the project root (with ./phalanx) is not above " + Path.of("").toAbsolutePath());
  }

  Run phalanx(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(projectRoot().resolve("phalanx").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile());
    // Use what this build packaged; building again inside a test would run Maven in Maven.
    pb.environment().put("PHALANX_SKIP_BUILD", "1");
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("./phalanx did not finish in 120 s");
    }
    return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  @Test
  void helpListsTheCommands() throws Exception {
    Run run = phalanx(Map.of(), "--help");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("create") && run.out().contains("combine"), run.toString());
  }

  @Test
  void createClusterThroughTheScriptWritesAValidCluster() throws Exception {
    Path cluster = dir.resolve("cluster");
    Run run = phalanx(Map.of(), "create", "cluster", "--nodes", "3", "--validators", "1", "--network", "mainnet",
        "--fee-recipient", "0x" + "11".repeat(20), "--withdrawal-address", "0x" + "22".repeat(20),
        "--output", cluster.toString(), "--keystore-kdf", "pbkdf2");
    assertEquals(0, run.exitCode(), run.toString());
    ClusterLock lock = ClusterLock.load(NodeDirectory.inCluster(cluster, 2).lockFile());
    assertEquals(2, lock.threshold());
  }

  @Test
  void aJavaHomeOlderThan21IsPassedOverForANewerJdk() throws Exception {
    // A JDK 17 look-alike: the launcher must not run with it.
    Path fake = dir.resolve("fake-jdk17");
    Files.createDirectories(fake.resolve("bin"));
    for (String tool : new String[] {"java", "javac"}) {
      Path script = fake.resolve("bin").resolve(tool);
      Files.writeString(script, "#!/bin/sh\necho '    java.specification.version = 17' >&2\nexit 0\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Run run = phalanx(Map.of("JAVA_HOME", fake.toString()), "--version");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith("phalanx "), run.toString());
  }

  @Test
  void aCreateStoppedHalfwayLeavesNoFolderBehind() throws Exception {
    Path cluster = dir.resolve("cluster");
    // Scrypt keystores are slow on purpose: 40 of them give the test time to stop the command midway.
    ProcessBuilder pb = new ProcessBuilder(projectRoot().resolve("phalanx").toString(), "create", "cluster",
        "--nodes", "4", "--validators", "10", "--network", "hoodi",
        "--fee-recipient", "0x" + "11".repeat(20), "--withdrawal-address", "0x" + "22".repeat(20),
        "--output", cluster.toString())
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile());
    pb.environment().put("PHALANX_SKIP_BUILD", "1");
    Process p = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Path keystore = null;
    while (keystore == null && p.isAlive() && System.nanoTime() < deadline) {
      keystore = firstKeystoreBeingWritten();
      Thread.sleep(10);
    }
    assertTrue(keystore != null && p.isAlive(), "the command was caught while writing keystores; "
        + Files.readString(dir.resolve("err.txt")));
    p.destroy(); // SIGTERM, as Ctrl-C or a service manager stops it
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command stopped");
    assertTrue(Files.notExists(cluster), "no output folder");
    try (var entries = Files.list(dir)) {
      List<String> left = entries.map(f -> f.getFileName().toString()).filter(n -> n.contains("partial")).toList();
      assertEquals(List.of(), left, "no staging folder left behind");
    }
  }

  private Path firstKeystoreBeingWritten() throws IOException {
    try (var entries = Files.list(dir)) {
      for (Path staging : entries.filter(f -> f.getFileName().toString().startsWith(".cluster.partial-")).toList()) {
        Path keys = staging.resolve("node0").resolve("validator_keys");
        if (Files.isDirectory(keys)) {
          try (var files = Files.list(keys)) {
            var any = files.filter(f -> f.getFileName().toString().endsWith(".json")).findFirst();
            if (any.isPresent()) {
              return any.get();
            }
          }
        }
      }
    } catch (NoSuchFileException racing) {
      // the staging folder moved or vanished while listing
    }
    return null;
  }

  @Test
  void badInputExitsNonZeroWithTheReason() throws Exception {
    Run run = phalanx(Map.of(), "create", "cluster", "--nodes", "2", "--network", "hoodi",
        "--fee-recipient", "0x" + "11".repeat(20), "--withdrawal-address", "0x" + "22".repeat(20),
        "--output", dir.resolve("c").toString());
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("at least 3 nodes"), run.toString());
  }
}
