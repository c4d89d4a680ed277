package io.phalanx.cli;

import io.phalanx.cluster.lock.InvalidClusterLockException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top of the {@code phalanx} command tree. */
@Command(
    name = "phalanx",
    mixinStandardHelpOptions = true,
    versionProvider = PhalanxCommand.Version.class,
    description = {
      "Phalanx: distributed-validator middleware for Ethereum.",
      "Each validator key is split into shares held by the cluster's nodes; any threshold of them",
      "can sign, and the nodes agree on what to sign before anyone signs it.",
      ""
    },
    subcommands = {CreateCommand.class, CombineCommand.class, RunCommand.class, SimnetCommand.class,
        TestCommand.class, DefinitionCommand.class, DkgCommand.class, SlashingProtectionCommand.class,
        ExitCommand.class,
        CommandLine.HelpCommand.class},
    footer = {
      "",
      "Start with:  phalanx simnet          (a whole cluster on this machine)",
      "             phalanx create cluster --help",
      "Exit status: 0 success, 1 the command failed (the message says why), 2 bad usage."
    })
public final class PhalanxCommand implements Runnable {
  /** A command that failed for a reason the message explains. */
  public static final int EXIT_FAILURE = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'phalanx create cluster'");
  }

  /** The command line with Phalanx's error handling: one clear line per failure, no stack trace. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new PhalanxCommand());
    cli.setExecutionExceptionHandler(PhalanxCommand::handle);
    cli.setUsageHelpAutoWidth(true);
    return cli;
  }

  private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    String message;
    if (e instanceof InvalidClusterLockException) {
      message = "invalid cluster lock: " + e.getMessage();
    } else if (e instanceof IllegalArgumentException || e instanceof UncheckedIOException) {
      message = e.getMessage();
    } else if (e instanceof IOException) {
      message = "I/O error: " + e.getMessage();
    } else {
      cli.getErr().println("error: unexpected failure, please report it:");
      e.printStackTrace(cli.getErr());
      return EXIT_FAILURE;
    }
    cli.getErr().println("error: " + message);
    return EXIT_FAILURE;
  }

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    /** This build's version, e.g. 0.1.0-SNAPSHOT. */
    static String version() {
      return new Version().getVersion()[0].substring("phalanx ".length());
    }

    @Override
    public String[] getVersion() {
      Properties p = new Properties();
      try (InputStream in = PhalanxCommand.class.getResourceAsStream("/io/phalanx/cli/version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException ignored) {
        // fall through to "unknown"
      }
      return new String[] {"phalanx " + p.getProperty("version", "unknown")};
    }
  }
}
