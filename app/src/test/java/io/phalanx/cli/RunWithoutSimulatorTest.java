package io.phalanx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's {@code phalanx run} needs no simulator class: the command line is loaded from this
 * test's class path without the simulator module, and {@code run} gets as far as reading its data
 * folder. Picocli reflects on every command of the tree whichever one runs, so one simulator type in
 * a signature of {@link SimnetCommand} would break this (as it did: see {@link SimnetRun}).
 */
class RunWithoutSimulatorTest {
  @TempDir Path dir;

  @Test
  void runNeedsNoSimulatorClass() throws Exception {
    try (URLClassLoader withoutSimulator = new URLClassLoader(classPathWithoutSimulator(),
        ClassLoader.getPlatformClassLoader())) {
      assertThrows(ClassNotFoundException.class, () -> withoutSimulator.loadClass("io.phalanx.sim.Simnet"));
      Object cli = withoutSimulator.loadClass(PhalanxCommand.class.getName()).getMethod("commandLine").invoke(null);
      StringWriter err = new StringWriter();
      cli.getClass().getMethod("setErr", PrintWriter.class).invoke(cli, new PrintWriter(err, true));
      Method execute = cli.getClass().getMethod("execute", String[].class);
      Object exitCode = execute.invoke(cli, (Object) new String[] {"run", "--data-dir", dir.resolve("nope").toString(),
          "--beacon-node-endpoints", "http://127.0.0.1:5052"});
      assertEquals(1, exitCode, err.toString());
      assertTrue(err.toString().contains("data folder not found"), err.toString());
    }
  }

  /** This test's class path less the entry (folder or jar) that holds the simulator's classes. */
  private static URL[] classPathWithoutSimulator() throws IOException {
    List<URL> urls = new ArrayList<>();
    int dropped = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (holdsSimulator(path)) {
        dropped++;
      } else {
        urls.add(path.toUri().toURL());
      }
    }
    assertEquals(1, dropped, "one class path entry holds the simulator");
    return urls.toArray(URL[]::new);
  }

  private static boolean holdsSimulator(Path entry) throws IOException {
    String simnet = "io/phalanx/sim/Simnet.class";
    if (Files.isDirectory(entry)) {
      return Files.exists(entry.resolve(simnet));
    }
    if (!Files.isRegularFile(entry)) {
      return false;
    }
    try (JarFile jar = new JarFile(entry.toFile())) {
      return jar.getEntry(simnet) != null;
    }
  }
}
