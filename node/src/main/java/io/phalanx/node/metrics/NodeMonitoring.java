package io.phalanx.node.metrics;

import io.phalanx.api.BeaconNodeHealth;
import io.phalanx.api.ChainSpec;
import io.phalanx.api.server.RequestObserver;
import io.phalanx.api.server.ValidatorApiServer;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.consensus.parsigex.GrpcPartialSignatureExchange;
import io.phalanx.consensus.raft.RaftConsensus;
import io.phalanx.duties.DutyWorkflow;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * A node's monitoring, wired to its parts: metrics read from them, readiness judged from them,
 * and, if an address is given, the server of {@code /metrics}, {@code /livez} and {@code /readyz}.
 */
public final class NodeMonitoring implements AutoCloseable {
  private final NodeMetrics metrics;
  private final Readiness readiness;
  private final MonitoringServer server;
  private final String host;

  private NodeMonitoring(NodeMetrics metrics, Readiness readiness, MonitoringServer server, String host) {
    this.metrics = metrics;
    this.readiness = readiness;
    this.server = server;
    this.host = host;
  }

  /**
   * Subscribes {@code metrics} to the parts and starts serving on {@code address}, if present. The
   * duty workflow's tracker is subscribed where the workflow is built ({@link NodeMetrics#dutyListener}).
   *
   * @throws IOException if the address cannot be bound
   */
  public static NodeMonitoring wire(NodeMetrics metrics, ClusterLock lock, int nodeIndex, ChainSpec spec,
      BeaconNodeHealth beaconNodes, RaftConsensus raft, GrpcPartialSignatureExchange exchange, DutyWorkflow workflow,
      ValidatorApiServer api, Optional<InetSocketAddress> address) throws IOException {
    int n = lock.nodeCount();
    Readiness readiness = new Readiness(beaconNodes,
        () -> NodeMetrics.connectedPeers(n, nodeIndex, exchange::peerLink), lock.threshold() - 1,
        raft::leaderIndex, Clock.systemUTC(), spec.slotDuration().multipliedBy(spec.slotsPerEpoch()));
    RequestObserver apiMetrics = metrics.validatorApiObserver();
    api.observeRequests((method, route, status, elapsed) -> {
      readiness.validatorClientCalled();
      apiMetrics.answered(method, route, status, elapsed);
    });
    metrics.beaconNodes(beaconNodes);
    metrics.raft(raft::stats);
    metrics.peers(n, nodeIndex, exchange::peerLink, exchange::counts, workflow.partialSignatures()::invalidByPeer);
    metrics.readiness(readiness);
    MonitoringServer server = address.isPresent()
        ? MonitoringServer.start(address.get(), metrics, readiness::evaluate) : null;
    return new NodeMonitoring(metrics, readiness, server, address.map(InetSocketAddress::getHostString).orElse(""));
  }

  /** Adds the JVM and process collectors; they take a moment to set up, so after the duties start. */
  public void addJvmMetrics() {
    metrics.jvm();
  }

  public NodeMetrics metrics() {
    return metrics;
  }

  public Readiness readiness() {
    return readiness;
  }

  /** The base URL of /metrics, /livez and /readyz, if served. */
  public Optional<URI> url() {
    return server == null ? Optional.empty() : Optional.of(server.url(host));
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
