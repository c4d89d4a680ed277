package io.phalanx.cluster.files;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes files so that an interrupted command leaves either the old state or the new one, never
 * a half-written file: every file goes to a temporary name in the same folder, is flushed to disk
 * and then renamed. Secret files (keys, passwords) are created 0600, so no other user can read
 * them even for a moment.
 */
public final class SafeFiles {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> SECRET_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> PUBLIC_FILE = PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

  private SafeFiles() {}

  /** Writes a file others may read (0644). */
  public static void writeString(Path file, String content) {
    write(file, content.getBytes(StandardCharsets.UTF_8), false);
  }

  /** Writes a secret file (0600): a key, a keystore, a password. */
  public static void writeSecretString(Path file, String content) {
    write(file, content.getBytes(StandardCharsets.UTF_8), true);
  }

  /** Writes {@code content} to {@code file} by way of a temporary file and an atomic rename. */
  public static void write(Path file, byte[] content, boolean secret) {
    write(file, secret, out -> out.write(content));
  }

  /** What a streamed file holds, written to the stream it is given (closing that stream only flushes it). */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Streams {@code content} to {@code file} by way of a temporary file, one flush to disk and an
   * atomic rename: for files too large to hold in memory first (an interchange of millions of
   * records). A failure, including one thrown by {@code content}, leaves the old file as it was.
   */
  public static void write(Path file, boolean secret, Content content) {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      // The folder must exist: never recreating it keeps a removed staging folder removed.
      tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", permissions(secret));
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        // Writers that close what they write to (a JSON generator does) must not close the channel
        // before it is forced to disk.
        content.writeTo(new FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            out.flush();
          }
        });
        out.flush();
        channel.force(true);
      }
      move(tmp, file);
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the write already failed; that error is the one worth reporting
        }
      }
    }
  }

  /**
   * Creates a folder only its owner can enter (0700) in an existing parent, or tightens an
   * existing one to 0700.
   */
  public static void createPrivateDirectory(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectory(dir);
      }
      if (POSIX) {
        Files.setPosixFilePermissions(dir, PRIVATE_DIR);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not create folder " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks that {@code output} may receive a command's result: it must not exist, or be an empty
   * folder.
   *
   * @throws IllegalArgumentException saying what is in the way and what to do
   */
  public static void requireAbsentOrEmpty(Path output) {
    if (!Files.exists(output)) {
      return;
    }
    if (!Files.isDirectory(output)) {
      throw new IllegalArgumentException(
          "output " + output + " exists and is a file; name a new folder");
    }
    try (Stream<Path> entries = Files.list(output)) {
      if (entries.findAny().isPresent()) {
        throw new IllegalArgumentException(
            "output folder " + output
                + " already exists and is not empty; name a new folder or empty it first"
                + " (nothing was written)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + output + ": " + e.getMessage(), e);
    }
  }

  /**
   * Builds a whole folder at once: {@code builder} fills a staging folder beside {@code output},
   * which is renamed to {@code output} only when the builder returns normally. On any failure, or
   * if the JVM is stopped (Ctrl-C) while building, the staging folder is removed and {@code output}
   * is left as it was.
   */
  public static void buildDirectory(Path output, DirectoryBuilder builder) {
    Path target = output.toAbsolutePath().normalize();
    requireAbsentOrEmpty(target);
    Path parent = target.getParent();
    Path staging;
    try {
      Files.createDirectories(parent);
      staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-");
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a folder in " + parent + ": " + e.getMessage(), e);
    }
    Thread cleanup = new Thread(() -> deleteUntilGone(staging), "remove-" + staging.getFileName());
    Runtime.getRuntime().addShutdownHook(cleanup);
    boolean done = false;
    try {
      builder.build(staging);
      if (Files.exists(target)) {
        Files.delete(target); // empty, checked above; rename(2) would replace it too, but not on every OS
      }
      move(staging, target);
      done = true;
    } catch (DirectoryNotEmptyException e) {
      throw new IllegalArgumentException(
          "output folder " + target + " was filled by something else while this command ran", e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
    } finally {
      if (!done) {
        deleteUntilGone(staging);
      }
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run: the staging folder is handled
      }
    }
  }

  /** Fills a staging folder. */
  @FunctionalInterface
  public interface DirectoryBuilder {
    void build(Path staging) throws IOException;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(to + " appeared while it was being written", e);
    }
  }

  private static FileAttribute<?>[] permissions(boolean secret) {
    if (!POSIX) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(secret ? SECRET_FILE : PUBLIC_FILE)};
  }

  /**
   * Removes a folder that other threads may still be writing into, as at Ctrl-C: they can add
   * files to folders that still exist but never recreate a removed one, so a few passes win.
   */
  private static void deleteUntilGone(Path dir) {
    for (int pass = 0; pass < 100 && Files.exists(dir); pass++) {
      deleteRecursively(dir);
    }
  }

  /** Removes a folder and everything in it; best effort, for clean-up paths. */
  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException ignored) {
      // clean-up is best effort; the caller is already reporting the real failure
    }
  }
}
