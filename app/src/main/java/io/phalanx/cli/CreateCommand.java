package io.phalanx.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code phalanx create ...}: things an operator creates. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = "Create a cluster (trusted dealer), or a node identity and a cluster definition (DKG).",
    subcommands = {CreateClusterCommand.class, CreateIdentityCommand.class, CreateDefinitionCommand.class})
public final class CreateCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name what to create, e.g. 'phalanx create cluster'");
  }
}
