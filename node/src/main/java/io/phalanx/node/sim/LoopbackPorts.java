package io.phalanx.node.sim;

import java.io.IOException;
import java.net.ServerSocket;

/** Free ports on this machine, for simulations and tests that run whole clusters on 127.0.0.1. */
public final class LoopbackPorts {
  private LoopbackPorts() {}

  public static int free() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A port whose successor is free too: Raft on the first, the partial-signature exchange on the second. */
  public static int freePair() throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = free();
      if (port < 65535) {
        try (ServerSocket next = new ServerSocket(port + 1)) {
          return port;
        } catch (IOException taken) {
          // try another
        }
      }
    }
    throw new IOException("no two consecutive free ports found on 127.0.0.1");
  }
}
