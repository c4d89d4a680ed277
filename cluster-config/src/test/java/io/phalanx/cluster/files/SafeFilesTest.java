package io.phalanx.cluster.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeFilesTest {
  @TempDir Path dir;

  @Test
  void aStreamedFileIsWrittenWholeEvenWhenTheWriterClosesTheStream() throws IOException {
    Path file = dir.resolve("big.json");
    SafeFiles.write(file, false, out -> {
      for (int i = 0; i < 100_000; i++) {
        out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
      }
      out.close(); // as a JSON generator does when it is done
    });
    List<String> lines = Files.readAllLines(file);
    assertEquals(100_000, lines.size());
    assertEquals("line 99999", lines.get(99_999));
    assertEquals(1, countEntries(dir), "no temporary file is left");
  }

  @Test
  void aStreamedWriteThatFailsLeavesTheOldFile() throws IOException {
    Path file = dir.resolve("history.json");
    SafeFiles.writeString(file, "old");
    UncheckedIOException thrown = assertThrows(UncheckedIOException.class, () -> SafeFiles.write(file, false, out -> {
      out.write("half of the new".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    }));
    assertTrue(thrown.getMessage().contains("disk full"), thrown.getMessage());
    assertEquals("old", Files.readString(file));
    assertEquals(1, countEntries(dir), "no temporary file is left");
  }

  @Test
  void aFolderBuiltIsRenamedIntoPlaceWhole() throws IOException {
    Path out = dir.resolve("cluster");
    SafeFiles.buildDirectory(out, staging -> {
      SafeFiles.createPrivateDirectory(staging.resolve("a"));
      SafeFiles.writeString(staging.resolve("a/b.txt"), "hello");
    });
    assertEquals("hello", Files.readString(out.resolve("a/b.txt")));
    assertEquals(1, countEntries(dir), "no staging folder is left beside the output");
  }

  @Test
  void aBuildThatFailsHalfwayLeavesNothing() throws IOException {
    Path out = dir.resolve("cluster");
    RuntimeException boom = new RuntimeException("interrupted");
    RuntimeException thrown = assertThrows(RuntimeException.class, () -> SafeFiles.buildDirectory(out, staging -> {
      SafeFiles.createPrivateDirectory(staging.resolve("node0"));
      SafeFiles.writeString(staging.resolve("node0/cluster-lock.json"), "{}");
      throw boom;
    }));
    assertEquals(boom, thrown);
    assertFalse(Files.exists(out));
    assertEquals(0, countEntries(dir), "the staging folder is removed");
  }

  @Test
  void anEmptyOutputFolderIsReplacedButANonEmptyOneIsRefused() throws IOException {
    Path out = Files.createDirectory(dir.resolve("empty"));
    SafeFiles.buildDirectory(out, staging -> SafeFiles.writeString(staging.resolve("x"), "1"));
    assertTrue(Files.exists(out.resolve("x")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SafeFiles.buildDirectory(out, staging -> SafeFiles.writeString(staging.resolve("y"), "2")));
    assertTrue(e.getMessage().contains("not empty"), e.getMessage());
    assertFalse(Files.exists(out.resolve("y")));
  }

  @Test
  void aRemovedFolderIsNeverRecreatedByALateWrite() {
    Path gone = dir.resolve("gone");
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> SafeFiles.writeSecretString(gone.resolve("keystore-0.json"), "{}"));
    assertTrue(e.getMessage().contains("could not write"), e.getMessage());
    assertFalse(Files.exists(gone));
  }

  @Test
  void secretFilesAreWrittenOwnerOnly() throws IOException {
    Path key = dir.resolve("key.txt");
    SafeFiles.writeSecretString(key, "secret");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    SafeFiles.writeSecretString(key, "replaced");
    assertEquals("replaced", Files.readString(key));
    assertEquals(1, countEntries(dir), "no temporary file is left");
  }

  private static long countEntries(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.count();
    }
  }
}
