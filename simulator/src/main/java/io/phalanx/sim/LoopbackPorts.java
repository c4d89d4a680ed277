package io.phalanx.sim;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports on this machine, for simulations and tests that run whole clusters on 127.0.0.1.
 *
 * <p>A port is picked now and bound later, when the node starts. Ports are therefore taken below
 * the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}): an ephemeral port picked
 * with {@code bind(0)} can meanwhile become the local end of one of the cluster's own outgoing
 * connections (Raft, gRPC, HTTP clients pick from that range), and the later bind then fails with
 * "address already in use". Below that range only explicit binds compete, and a random start
 * keeps parallel simulations apart.
 */
public final class LoopbackPorts {
  private static final int LOWEST = 10_000;
  private static final int EPHEMERAL_LOW = ephemeralLow();
  /**
   * Every port handed out in this process. A port is only checked free, not held, until its node
   * binds it: without this set two picks of one start (or one of an earlier run whose server is
   * still closing) could name the same port, and the second bind would fail.
   */
  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private LoopbackPorts() {}

  public static int free() throws IOException {
    return find(1);
  }

  /** A port whose successor is free too: Raft on the first, the partial-signature exchange on the second. */
  public static int freePair() throws IOException {
    return find(2);
  }

  private static synchronized int find(int consecutive) throws IOException {
    int span = EPHEMERAL_LOW - LOWEST - consecutive;
    if (span > 1_000) {
      for (int attempt = 0; attempt < 200; attempt++) {
        int port = LOWEST + ThreadLocalRandom.current().nextInt(span);
        if (unused(port, consecutive) && bindable(port, consecutive)) {
          return give(port, consecutive);
        }
      }
    }
    // No room below the ephemeral range (an unusual kernel setting): let the kernel choose.
    for (int attempt = 0; attempt < 100; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      if (port + consecutive - 1 <= 65535 && unused(port, consecutive) && bindable(port, consecutive)) {
        return give(port, consecutive);
      }
    }
    throw new IOException("no " + consecutive + " consecutive free port(s) found on 127.0.0.1");
  }

  private static boolean unused(int first, int consecutive) {
    for (int port = first; port < first + consecutive; port++) {
      if (GIVEN.contains(port)) {
        return false;
      }
    }
    return true;
  }

  /** Marks the ports handed out; a long-running process that used most of the range starts over. */
  private static int give(int first, int consecutive) {
    if (GIVEN.size() > (EPHEMERAL_LOW - LOWEST) / 2) {
      GIVEN.clear();
    }
    for (int port = first; port < first + consecutive; port++) {
      GIVEN.add(port);
    }
    return first;
  }

  private static boolean bindable(int first, int consecutive) {
    for (int port = first; port < first + consecutive; port++) {
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(false);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }

  /** The start of the kernel's ephemeral port range; 32768 (Linux' default) where it is not readable. */
  private static int ephemeralLow() {
    try {
      // Read as a line: /proc files report size 0, and a whole-file read may stop short.
      String range;
      try (var in = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
        range = String.valueOf(in.readLine()).trim();
      }
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
