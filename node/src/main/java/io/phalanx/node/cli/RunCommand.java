package io.phalanx.node.cli;

import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.Operator;
import io.phalanx.node.runtime.NodeData;
import io.phalanx.node.runtime.PhalanxNode;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phalanx run}: one node of a cluster, in front of a beacon node. */
@Command(
    name = "run",
    header = "Run one node of a cluster in front of a beacon node.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run one Phalanx node from its node folder (made by 'phalanx create cluster'). Point the",
      "validator client (in distributed mode, with this node's share keystores from",
      "validator_keys/) at the validator API address; Phalanx itself holds no validator key.",
      ""
    },
    footer = {
      "",
      "Example:",
      "  phalanx run --data-dir cluster/node0 --beacon-node-endpoints http://127.0.0.1:5052 \\",
      "      --validator-api-address 127.0.0.1:3600 --p2p-address 0.0.0.0:3610"
    })
public final class RunCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data-dir", required = true, paramLabel = "DIR",
      description = "The node's folder: cluster-lock.json, identity/, validator_keys/; Raft state goes in DIR/state.")
  Path dataDir;

  @Option(names = "--beacon-node-endpoints", required = true, split = ",", paramLabel = "URL",
      description = "The beacon node's HTTP API, e.g. http://127.0.0.1:5052 (several come with the failover work).")
  List<URI> beaconNodes;

  @Option(names = "--validator-api-address", defaultValue = "127.0.0.1:3600", paramLabel = "HOST:PORT",
      description = "Where the validator client connects (default: ${DEFAULT-VALUE}).")
  String validatorApiAddress;

  @Option(names = "--p2p-address", defaultValue = "0.0.0.0:3610", paramLabel = "HOST:PORT",
      description = "Where peers reach Raft; the partial-signature exchange uses the next port (default: ${DEFAULT-VALUE}).")
  String p2pAddress;

  @Option(names = "--peers", split = ",", paramLabel = "HOST:PORT",
      description = {"Every node's p2p address in node order, this node's included (default: the addresses in",
          "the cluster lock)."})
  List<String> peers;

  @Option(names = "--monitoring-address", defaultValue = "127.0.0.1:3620", paramLabel = "HOST:PORT",
      description = {"Where Prometheus scrapes /metrics and orchestrators probe /livez and /readyz",
          "(default: ${DEFAULT-VALUE})."})
  String monitoringAddress;

  @CommandLine.Mixin LogOptions logs = new LogOptions();

  @Override
  public Integer call() throws Exception {
    logs.apply();
    PrintWriter out = spec.commandLine().getOut();
    NodeData data = NodeData.load(dataDir);
    List<InetSocketAddress> peerAddresses = peerAddresses(data.lock());
    if (beaconNodes.size() > 1) {
      out.println("note: only the first beacon node is used until beacon-node failover is built: " + beaconNodes.get(0));
    }
    PhalanxNode node = PhalanxNode.start(PhalanxNode.Config.lan(data, beaconNodes.get(0),
        address(validatorApiAddress, "--validator-api-address"), address(p2pAddress, "--p2p-address"), peerAddresses,
        PhalanxCommand.Version.version()).withMonitoringAddress(address(monitoringAddress, "--monitoring-address")));
    out.println("node " + data.nodeIndex() + " of cluster '" + data.lock().content().name()
        + "' running; validator API at " + node.validatorApiUrl() + ", metrics at "
        + node.monitoringUrl().map(u -> u + "/metrics").orElse("(none)") + " (Ctrl-C stops it)");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "phalanx-stop"));
    stopped.await();
    return 0;
  }

  private List<InetSocketAddress> peerAddresses(ClusterLock lock) {
    List<InetSocketAddress> out = new ArrayList<>();
    if (peers != null && !peers.isEmpty()) {
      if (peers.size() != lock.nodeCount()) {
        throw new IllegalArgumentException("--peers names " + peers.size() + " addresses but the cluster has "
            + lock.nodeCount() + " nodes: give every node's p2p address in node order, this node's included");
      }
      for (String p : peers) {
        out.add(address(p.trim(), "--peers"));
      }
      return out;
    }
    for (int i = 0; i < lock.nodeCount(); i++) {
      Operator operator = lock.operators().get(i);
      String a = operator.address().orElseThrow(() -> new IllegalArgumentException(
          "the cluster lock has no p2p address for every node; give them with --peers host:port,... in node order"));
      out.add(address(a, "the lock's address of node"));
    }
    return out;
  }

  static InetSocketAddress address(String text, String what) {
    int colon = text.lastIndexOf(':');
    try {
      if (colon <= 0) {
        throw new NumberFormatException();
      }
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(text.substring(0, colon), port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be host:port with a port from 1 to 65535, got '" + text + "'");
    }
  }
}
