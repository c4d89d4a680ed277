package io.phalanx.node;

import io.phalanx.node.cli.PhalanxCommand;

/** The {@code phalanx} command's entry point. */
public final class Phalanx {
  private Phalanx() {}

  public static void main(String[] args) {
    // gRPC logs through java.util.logging; send it where everything else goes.
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    System.exit(PhalanxCommand.commandLine().execute(args));
  }
}
