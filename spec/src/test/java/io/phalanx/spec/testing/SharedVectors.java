package io.phalanx.spec.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the official test vectors in {@code ../shared/vectors} by walking up from the working
 * directory. A missing folder is an error, never a skip: a run without the vectors has tested
 * nothing.
 */
public final class SharedVectors {
  private SharedVectors() {}

  /** The {@code shared/vectors} folder. */
  public static Path root() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("vectors");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "The official test vectors were not found: no folder shared/vectors in "
            + start
            + " or any folder above it. Phalanx's tests read them from ../shared/vectors beside"
            + " the project checkout; put the shared/ folder there.");
  }

  /** A folder or file below {@code shared/vectors}, which must exist. */
  public static Path resolve(String relative) {
    Path path = root().resolve(relative);
    if (!Files.exists(path)) {
      throw new IllegalStateException("Test vectors missing: " + path + " does not exist");
    }
    return path;
  }
}
