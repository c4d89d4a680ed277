package io.phalanx.node.sim;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {
  @Test
  void aPairIsTwoBindablePortsBelowTheEphemeralRange() throws Exception {
    int ephemeralLow;
    try (var in = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
      ephemeralLow = Integer.parseInt(in.readLine().trim().split("\\s+")[0]);
    }
    for (int i = 0; i < 20; i++) {
      int port = LoopbackPorts.freePair();
      assertTrue(port >= 10_000 && port + 1 < ephemeralLow, "port " + port + " below " + ephemeralLow);
      try (ServerSocket raft = new ServerSocket(); ServerSocket exchange = new ServerSocket()) {
        assertDoesNotThrow(() -> raft.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
        assertDoesNotThrow(() -> exchange.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 1)));
      }
    }
  }

  @Test
  void aTakenPortIsNotHandedOut() throws Exception {
    int port = LoopbackPorts.free();
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      for (int i = 0; i < 200; i++) {
        assertTrue(LoopbackPorts.free() != port, "the bound port " + port + " was handed out");
      }
    }
  }
}
