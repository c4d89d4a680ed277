package io.phalanx.sim;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
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

  /**
   * Ports are only checked free until their node binds them: one start picks many before any is
   * bound, so the same port must never be handed out twice (a pair's second port included).
   */
  @Test
  void noPortIsHandedOutTwiceBeforeItIsBound() throws Exception {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      int pair = LoopbackPorts.freePair();
      assertTrue(seen.add(pair) && seen.add(pair + 1), "port " + pair + " or " + (pair + 1) + " handed out again");
      int single = LoopbackPorts.free();
      assertTrue(seen.add(single), "port " + single + " handed out again");
    }
  }
}
