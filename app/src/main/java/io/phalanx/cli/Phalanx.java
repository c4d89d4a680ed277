package io.phalanx.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** The {@code phalanx} command's entry point. */
public final class Phalanx {
  private Phalanx() {}

  public static void main(String[] args) {
    // gRPC logs through java.util.logging; send it where everything else goes.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(PhalanxCommand.commandLine().execute(args));
  }
}
