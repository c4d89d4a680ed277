package io.phalanx.node;

import io.phalanx.node.cli.PhalanxCommand;

/** The {@code phalanx} command's entry point. */
public final class Phalanx {
  private Phalanx() {}

  public static void main(String[] args) {
    System.exit(PhalanxCommand.commandLine().execute(args));
  }
}
