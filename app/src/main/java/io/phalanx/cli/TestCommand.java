package io.phalanx.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code phalanx test ...}: checks an operator runs before (or while) running a node. */
@Command(
    name = "test",
    header = "Check the parts a node depends on, e.g. its beacon nodes.",
    mixinStandardHelpOptions = true,
    description = "Check the parts a node depends on.",
    subcommands = {TestBeaconCommand.class})
public final class TestCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name what to test, e.g. 'phalanx test beacon'");
  }
}
