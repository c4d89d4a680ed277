package io.phalanx.sim.fault;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A relay on chosen directed links between the nodes of a cluster on 127.0.0.1: node i reaches node
 * j's Raft port, and the partial-signature exchange on the port after it, through relays of its
 * own ({@link #peersSeenBy}); on links without a relay it dials the peer directly, so links no fault
 * touches carry no measuring equipment (on a loaded machine each relay hop costs a thread wake-up). Cutting or delaying the relays of a link makes a partition or a
 * slow link for real, below TLS and gRPC. Connections node i makes to j carry j's answers too,
 * so a cut or delay on i→j hits both directions of those connections.
 */
public final class LinkRelays implements AutoCloseable {
  private static final InetAddress RELAY_HOST = relayHost();

  private final int nodes;
  /** [from][to]: the Raft relay and the exchange relay; null on the diagonal. */
  private final TcpRelay[][] raft;
  private final TcpRelay[][] exchange;

  private LinkRelays(int nodes) {
    this.nodes = nodes;
    this.raft = new TcpRelay[nodes][nodes];
    this.exchange = new TcpRelay[nodes][nodes];
  }

  /**
   * Relays for the directed {@code links} ({@code [from, to]}) between {@code peers} (each node's Raft
   * address, exchange on the next port).
   */
  public static LinkRelays start(List<InetSocketAddress> peers, Collection<int[]> links) throws IOException {
    LinkRelays relays = new LinkRelays(peers.size());
    boolean[][] wanted = new boolean[peers.size()][peers.size()];
    links.forEach(l -> wanted[l[0]][l[1]] = true);
    try {
      for (int i = 0; i < peers.size(); i++) {
        for (int j = 0; j < peers.size(); j++) {
          if (i != j && wanted[i][j]) {
            InetSocketAddress to = peers.get(j);
            TcpRelay[] pair = startPair(i + "->" + j, to);
            relays.raft[i][j] = pair[0];
            relays.exchange[i][j] = pair[1];
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      relays.close();
      throw e;
    }
    return relays;
  }

  /**
   * Two relays on consecutive ports, the exchange's after Raft's. They listen on 127.0.0.2 where the
   * system routes it to the loopback interface (Linux does): simnet picks its nodes' ports on
   * 127.0.0.1 before binding them, and a relay there could take one of them meanwhile.
   */
  private static TcpRelay[] startPair(String name, InetSocketAddress to) throws IOException {
    InetAddress host = RELAY_HOST;
    InetSocketAddress exchangeTarget = new InetSocketAddress(to.getHostString(), to.getPort() + 1);
    for (int attempt = 0; attempt < 100; attempt++) {
      TcpRelay raft = TcpRelay.start(name + "-raft", new InetSocketAddress(host, 0), to);
      if (raft.port() < 65535) {
        try {
          return new TcpRelay[] {raft, TcpRelay.start(name + "-exchange",
              new InetSocketAddress(host, raft.port() + 1), exchangeTarget)};
        } catch (IOException taken) {
          // try another pair
        }
      }
      raft.close();
    }
    throw new IOException("no two consecutive free ports on " + host.getHostAddress() + " for the relays of " + name);
  }

  private static InetAddress relayHost() {
    try {
      InetAddress second = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
      try (ServerSocket probe = new ServerSocket()) {
        probe.bind(new InetSocketAddress(second, 0));
        return second;
      }
    } catch (IOException e) {
      return InetAddress.getLoopbackAddress();
    }
  }

  /** The addresses node {@code node} dials: its own, and for each peer its relay on that link. */
  public List<InetSocketAddress> peersSeenBy(int node, List<InetSocketAddress> peers) {
    List<InetSocketAddress> seen = new ArrayList<>(peers);
    for (int j = 0; j < nodes; j++) {
      if (j != node && raft[node][j] != null) {
        seen.set(j, raft[node][j].address());
      }
    }
    return seen;
  }

  /** Whether link {@code from}→{@code to} runs through relays. */
  public boolean relayed(int from, int to) {
    return raft[from][to] != null;
  }

  /** Cuts or heals both relays of link {@code from}→{@code to}. */
  public void setCut(int from, int to, boolean cut) {
    raft[from][to].setCut(cut);
    exchange[from][to].setCut(cut);
  }

  /** Sets the one-way delay of both relays of link {@code from}→{@code to}. */
  public void setOneWayDelay(int from, int to, Duration delay) {
    raft[from][to].setOneWayDelay(delay);
    exchange[from][to].setOneWayDelay(delay);
  }

  public boolean isCut(int from, int to) {
    return raft[from][to].isCut();
  }

  /** Connections the relays of link {@code from}→{@code to} closed at once while cut. */
  public long refusedConnections(int from, int to) {
    return raft[from][to].refusedConnections() + exchange[from][to].refusedConnections();
  }

  @Override
  public void close() {
    for (TcpRelay[] row : raft) {
      for (TcpRelay r : row) {
        if (r != null) {
          r.close();
        }
      }
    }
    for (TcpRelay[] row : exchange) {
      for (TcpRelay r : row) {
        if (r != null) {
          r.close();
        }
      }
    }
  }
}
