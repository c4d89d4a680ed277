package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.consensus.slashing.Interchange;
import io.phalanx.consensus.slashing.InterchangeJson;
import io.phalanx.consensus.slashing.SignedAttestation;
import io.phalanx.consensus.slashing.SignedBlock;
import io.phalanx.consensus.slashing.SlashingHistory;
import io.phalanx.cli.PhalanxCommand;
import io.phalanx.spec.util.Bytes;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import java.io.IOException;

/**
 * {@code phalanx slashing-protection import} in a separate JVM, killed with SIGKILL at several
 * moments: afterwards the node's pending import is always either the one before (old history) or
 * the complete new one, never a mix; export then reads it back.
 */
@Timeout(240)
class SlashingProtectionImportTest {
  @TempDir Path dir;

  @Test
  void killingTheImportLeavesTheOldOrTheNewHistoryNeverAMix() throws Exception {
    assertEquals(0, PhalanxCommand.commandLine().execute("create", "cluster", "--nodes", "4", "--validators", "3",
        "--network", "hoodi", "--keystore-kdf", "pbkdf2",
        "--fee-recipient", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "--withdrawal-address", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "--output", dir.resolve("cluster").toString()));
    Path node = dir.resolve("cluster/node0");
    ClusterLock lock = ClusterLock.load(node.resolve(ClusterLock.FILE_NAME));
    Bytes gvr = lock.content().network().genesisValidatorsRoot();

    // The old history: one small import, done in-process.
    Path small = write("small.json", interchange(lock, 5));
    assertEquals(0, PhalanxCommand.commandLine().execute("slashing-protection", "import", "--data-dir",
        node.toString(), "--file", small.toString()));
    Path pending = node.resolve("state/slashing-protection-import.ssz");
    byte[] old = Files.readAllBytes(pending);

    // The new history: what the big import gives when it completes (computed on a copy).
    Path big = write("big.json", interchange(lock, 40_000));
    Path copy = dir.resolve("copy");
    copyTree(node, copy);
    assertEquals(0, PhalanxCommand.commandLine().execute("slashing-protection", "import", "--data-dir",
        copy.toString(), "--file", big.toString()));
    byte[] complete = Files.readAllBytes(copy.resolve("state/slashing-protection-import.ssz"));
    assertTrue(!Arrays.equals(old, complete));

    // How long an import in its own JVM takes here, start-up included; the kills fall across it.
    Files.write(pending, old);
    long started = System.nanoTime();
    Process whole = new ProcessBuilder(javaCommand("slashing-protection", "import", "--data-dir", node.toString(),
        "--file", big.toString())).redirectErrorStream(true).redirectOutput(dir.resolve("import.log").toFile()).start();
    assertEquals(0, whole.waitFor(), () -> "the import in its own JVM failed: " + read(dir.resolve("import.log")));
    long full = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertArrayEquals(complete, Files.readAllBytes(pending), "an uninterrupted import gives the new history");

    int sawOld = 0;
    int sawNew = 0;
    for (double fraction : new double[] {0.25, 0.9, 0.97, 1.5}) {
      long delay = (long) (full * fraction);
      Files.write(pending, old);
      Process p = new ProcessBuilder(javaCommand("slashing-protection", "import", "--data-dir", node.toString(),
          "--file", big.toString())).redirectErrorStream(true).redirectOutput(dir.resolve("import.log").toFile()).start();
      boolean finished = p.waitFor(delay, TimeUnit.MILLISECONDS);
      if (!finished) {
        p.destroyForcibly(); // SIGKILL
        p.waitFor(10, TimeUnit.SECONDS);
      }
      byte[] now = Files.readAllBytes(pending);
      if (Arrays.equals(now, old)) {
        sawOld++;
      } else {
        assertArrayEquals(complete, now, "after a kill at " + delay + " ms the pending import is neither old nor new");
        sawNew++;
      }
      // Whatever is there reads as a whole history.
      SlashingHistory.fromSsz(now, SlashingHistory.Strategy.COMPLETE, SlashingHistory.KEEP_ALL, SlashingHistory.KEEP_ALL);
    }
    assertTrue(sawOld > 0, "some kills came before the rename");
    assertTrue(sawNew > 0, "some imports completed");

    // Export reads the pending import of the stopped node.
    Path out = dir.resolve("export.json");
    assertEquals(0, PhalanxCommand.commandLine().execute("slashing-protection", "export", "--data-dir",
        node.toString(), "--file", out.toString()));
    Interchange exported = InterchangeJson.read(Files.newInputStream(out));
    assertEquals(gvr, exported.genesisValidatorsRoot());
    assertEquals(lock.validators().size(), exported.data().size());
  }

  /** Every validator of the lock (and one stranger) with {@code attestations} votes and a block. */
  private static Interchange interchange(ClusterLock lock, int attestations) {
    List<Interchange.ValidatorData> data = new ArrayList<>();
    for (DistributedValidator v : lock.validators()) {
      List<SignedAttestation> atts = new ArrayList<>();
      for (long t = 1; t <= attestations; t++) {
        byte[] root = new byte[32];
        root[0] = (byte) t;
        root[1] = (byte) (t >>> 8);
        root[2] = (byte) (t >>> 16);
        atts.add(new SignedAttestation(t - 1, t, Optional.of(Bytes.of(root))));
      }
      data.add(new Interchange.ValidatorData(v.groupPublicKey().toBytes(),
          List.of(new SignedBlock(attestations * 32L, Optional.empty())), atts));
    }
    return new Interchange(lock.content().network().genesisValidatorsRoot(), data);
  }

  private Path write(String name, Interchange interchange) throws Exception {
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file)) {
      InterchangeJson.write(interchange, out);
    }
    return file;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static List<String> javaCommand(String... args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.phalanx.cli.Phalanx");
    command.addAll(List.of(args));
    return command;
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
