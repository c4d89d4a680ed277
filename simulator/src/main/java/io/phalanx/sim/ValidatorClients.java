package io.phalanx.sim;

import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.sim.vc.CallPattern;
import io.phalanx.sim.vc.Payouts;
import io.phalanx.sim.vc.SimulatedValidatorClient;
import io.phalanx.sim.vc.TaskScheduler;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.util.Bytes;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongFunction;

/**
 * The simulated validator clients of a simnet run: one per node, and more with the same shares
 * where asked ({@code --extra-vc}), each on a connection of its own to its node's validator API, as
 * separate processes would be. Exits asked for reach every client, those started later too.
 */
final class ValidatorClients {
  private final Simnet.Wiring wiring;
  private final ScheduledExecutorService executor;
  private final Duration slotDuration;
  private final List<SimulatedValidatorClient> clients = new ArrayList<>();
  /** Each node's validator clients: one, and more with {@code extraValidatorClients}. */
  private final Map<Integer, List<SimulatedValidatorClient>> byNode = new TreeMap<>();
  private final List<HttpBeaconNode> connections = new ArrayList<>();
  private final Map<Long, Long> exitRequests = new TreeMap<>();

  ValidatorClients(Simnet.Wiring wiring, ScheduledExecutorService executor, Duration slotDuration) {
    this.wiring = wiring;
    this.executor = executor;
    this.slotDuration = slotDuration;
  }

  /**
   * A validator client for {@code node} with the node's shares, calling it as {@code pattern} says;
   * a node's second and later clients are named vcN-2, vcN-3, ...
   */
  synchronized void start(int node, int apiPort, SimCluster cluster, CallPattern pattern,
      LongFunction<ConsensusVersion> versionAtSlot) {
    List<SimulatedValidatorClient> own = byNode.computeIfAbsent(node, k -> new ArrayList<>());
    HttpBeaconNode connection = new HttpBeaconNode(HttpBeaconNode.Config.of(
        URI.create("http://127.0.0.1:" + apiPort)).withTimeouts(Duration.ofSeconds(2),
        slotDuration.multipliedBy(2)).withConsensusVersionAtSlot(versionAtSlot),
        pattern.sszBodies() ? HttpBeaconNode.BodyEncoding.SSZ : HttpBeaconNode.BodyEncoding.JSON);
    connections.add(connection);
    SimulatedValidatorClient client = new SimulatedValidatorClient(SimulatedValidatorClient.Config.of(
        own.isEmpty() ? "vc" + node : "vc" + node + "-" + (own.size() + 1), cluster.sharesByNode().get(node),
        wiring.validatorApiSeenBy(node, own.size(), connection), TaskScheduler.of(executor), wiring.clockOf(node))
        .withPayouts(payouts(cluster, node)).withCallPattern(pattern));
    exitRequests.forEach(client::requestExit);
    clients.add(client);
    own.add(client);
    client.start();
  }

  /**
   * What node {@code node}'s validator clients register with builders and prepare proposals with:
   * each validator's group key and the cluster lock's fee recipient, as an operator configures them.
   */
  private static Payouts payouts(SimCluster cluster, int node) {
    Map<Bytes, Bytes> groupKeys = new HashMap<>();
    Map<Bytes, Bytes> feeRecipients = new HashMap<>();
    for (DistributedValidator v : cluster.lock().content().validators()) {
      Bytes share = v.publicShare(node).toBytes();
      groupKeys.put(share, v.groupPublicKey().toBytes());
      feeRecipients.put(share, v.feeRecipient());
    }
    return new Payouts(groupKeys, feeRecipients, Payouts.DEFAULT_GAS_LIMIT);
  }

  /** Asks every client, and those started later, to exit validator {@code validatorIndex} at {@code epoch}. */
  synchronized void requestExit(long validatorIndex, long epoch) {
    exitRequests.put(validatorIndex, epoch);
    clients.forEach(c -> c.requestExit(validatorIndex, epoch));
  }

  /** The validator clients of node {@code node}, the first one first. */
  synchronized List<SimulatedValidatorClient> of(int node) {
    return List.copyOf(byNode.getOrDefault(node, List.of()));
  }

  /** How many validator clients each node has, by node. */
  synchronized Map<Integer, Integer> countByNode() {
    Map<Integer, Integer> counts = new TreeMap<>();
    byNode.forEach((node, own) -> counts.put(node, own.size()));
    return counts;
  }

  /** Stops every client and closes their connections. */
  synchronized void close() {
    clients.forEach(SimulatedValidatorClient::close);
    connections.forEach(HttpBeaconNode::close);
  }
}
