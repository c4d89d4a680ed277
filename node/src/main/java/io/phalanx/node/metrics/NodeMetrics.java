package io.phalanx.node.metrics;

import io.phalanx.api.BeaconNodeHealth;
import io.phalanx.api.server.RequestObserver;
import io.phalanx.consensus.parsigex.PeerCounts;
import io.phalanx.consensus.parsigex.PeerLink;
import io.phalanx.consensus.raft.RaftStats;
import io.phalanx.duties.DutyListener;
import io.phalanx.duties.FailureReason;
import io.phalanx.spec.duty.DutyType;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The Prometheus metrics of one node, in a registry of its own (so that the nodes of a simnet
 * each have theirs). Every series carries the labels {@code cluster_name}, {@code cluster_hash}
 * (the lock hash) and {@code node_index}. Components are not instrumented from inside: duties
 * report through a {@link DutyListener}, the validator API through a {@link RequestObserver},
 * and everything else is read when scraped, through callbacks on the components' own state.
 */
public final class NodeMetrics {
  private static final double[] LATENCY_BUCKETS =
      {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Labels constLabels;
  private final Counter dutiesExpected;
  private final Counter dutiesSucceeded;
  private final Counter dutiesFailed;
  private final Histogram decisionLatency;
  private final Histogram aggregationLatency;
  private final Histogram broadcastLatency;
  private final Counter apiRequests;
  private final Histogram apiLatency;

  public NodeMetrics(String clusterName, String clusterHash, int nodeIndex) {
    this.constLabels = Labels.of("cluster_name", clusterName, "cluster_hash", clusterHash, "node_index",
        Integer.toString(nodeIndex));
    dutiesExpected = Counter.builder().name("phalanx_duties_expected_total")
        .help("Validator duties this node learnt of, by duty type").labelNames("type").constLabels(constLabels)
        .register(registry);
    dutiesSucceeded = Counter.builder().name("phalanx_duties_succeeded_total")
        .help("Validator duties whose whole signed object went out, by duty type").labelNames("type")
        .constLabels(constLabels).register(registry);
    dutiesFailed = Counter.builder().name("phalanx_duties_failed_total")
        .help("Validator duties that failed, by duty type and the step that failed").labelNames("type", "reason")
        .constLabels(constLabels).register(registry);
    decisionLatency = latency("phalanx_decision_latency_seconds",
        "From this node's proposal to the cluster's decision, by duty type");
    aggregationLatency = latency("phalanx_aggregation_latency_seconds",
        "From the validator client's partial signature to the whole signature, by duty type");
    broadcastLatency = latency("phalanx_broadcast_latency_seconds",
        "Publishing a batch of whole signed objects through the beacon node, by duty type");
    apiRequests = Counter.builder().name("phalanx_validator_api_requests_total")
        .help("Requests of the validator client, by route template, method and HTTP status")
        .labelNames("endpoint", "method", "status").constLabels(constLabels).register(registry);
    apiLatency = Histogram.builder().name("phalanx_validator_api_request_duration_seconds")
        .help("Time to answer the validator client, by route template").labelNames("endpoint")
        .unit(Unit.SECONDS).classicOnly().classicUpperBounds(LATENCY_BUCKETS).constLabels(constLabels)
        .register(registry);
    // Every type starts at zero, so that rates and ratios exist before the first duty.
    for (DutyType type : DutyType.values()) {
      dutiesExpected.labelValues(type(type));
      dutiesSucceeded.labelValues(type(type));
      for (FailureReason reason : FailureReason.values()) {
        dutiesFailed.labelValues(type(type), reason.label());
      }
    }
  }

  private Histogram latency(String name, String help) {
    return Histogram.builder().name(name).help(help).labelNames("type").unit(Unit.SECONDS).classicOnly()
        .classicUpperBounds(LATENCY_BUCKETS).constLabels(constLabels).register(registry);
  }

  private static String type(DutyType type) {
    return type.name().toLowerCase(Locale.ROOT);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** What the duty tracker reports, counted. */
  public DutyListener dutyListener() {
    return new DutyListener() {
      @Override
      public void expected(DutyType type) {
        dutiesExpected.labelValues(type(type)).inc();
      }

      @Override
      public void succeeded(DutyType type) {
        dutiesSucceeded.labelValues(type(type)).inc();
      }

      @Override
      public void failed(DutyType type, FailureReason reason) {
        dutiesFailed.labelValues(type(type), reason.label()).inc();
      }

      @Override
      public void decided(DutyType type, Duration latency) {
        decisionLatency.labelValues(type(type)).observe(seconds(latency));
      }

      @Override
      public void aggregated(DutyType type, Duration latency) {
        aggregationLatency.labelValues(type(type)).observe(seconds(latency));
      }

      @Override
      public void broadcast(DutyType type, Duration latency, boolean ok) {
        broadcastLatency.labelValues(type(type)).observe(seconds(latency));
      }
    };
  }

  /** The validator API's answers, counted by route template and status. */
  public RequestObserver validatorApiObserver() {
    return (method, route, status, elapsed) -> {
      apiRequests.labelValues(route, method, Integer.toString(status)).inc();
      apiLatency.labelValues(route).observe(seconds(elapsed));
    };
  }

  /** Readiness, latency and errors of every beacon node {@code health} reports. */
  public void beaconNodes(BeaconNodeHealth health) {
    GaugeWithCallback.builder().name("phalanx_beacon_node_ready")
        .help("1 when the beacon node's last readiness check passed (synced, not optimistic, execution layer online)")
        .labelNames("endpoint", "state").constLabels(constLabels)
        .callback(cb -> health.endpoints().forEach(e -> cb.call(e.ready() ? 1 : 0, e.url(), e.state())))
        .register(registry);
    GaugeWithCallback.builder().name("phalanx_beacon_node_serving_reads")
        .help("1 for the beacon node reads go to first").labelNames("endpoint").constLabels(constLabels)
        .callback(cb -> health.endpoints().forEach(e -> cb.call(e.servingReads() ? 1 : 0, e.url())))
        .register(registry);
    GaugeWithCallback.builder().name("phalanx_beacon_node_head_slot")
        .help("The beacon node's head slot at its last readiness check").labelNames("endpoint")
        .constLabels(constLabels)
        .callback(cb -> health.endpoints().forEach(e -> cb.call(e.headSlot(), e.url())))
        .register(registry);
    GaugeWithCallback.builder().name("phalanx_beacon_node_latency_seconds")
        .help("Request latency to the beacon node over its recent requests, by quantile")
        .labelNames("endpoint", "quantile").constLabels(constLabels)
        .callback(cb -> health.endpoints().forEach(e -> {
          if (!Double.isNaN(e.latencyP50Millis())) {
            cb.call(e.latencyP50Millis() / 1000, e.url(), "0.5");
            cb.call(e.latencyP99Millis() / 1000, e.url(), "0.99");
          }
        }))
        .register(registry);
    CounterWithCallback.builder().name("phalanx_beacon_node_requests_total")
        .help("Requests sent to the beacon node").labelNames("endpoint").constLabels(constLabels)
        .callback(cb -> health.endpoints().forEach(e -> cb.call(e.requests(), e.url())))
        .register(registry);
    CounterWithCallback.builder().name("phalanx_beacon_node_errors_total")
        .help("Requests to the beacon node that failed (I/O, 5xx, time-out, malformed answer)")
        .labelNames("endpoint").constLabels(constLabels)
        .callback(cb -> health.endpoints().forEach(e -> cb.call(e.errors(), e.url())))
        .register(registry);
    CounterWithCallback.builder().name("phalanx_beacon_node_switches_total")
        .help("Changes of the beacon node serving reads").constLabels(constLabels)
        .callback(cb -> cb.call(health.switches()))
        .register(registry);
  }

  /** Role, term, leader, commit index and follower lag, as the node's Raft server reports them. */
  public void raft(Supplier<RaftStats> stats) {
    GaugeWithCallback.builder().name("phalanx_raft_role")
        .help("1 for this node's current Raft role").labelNames("role").constLabels(constLabels)
        .callback(cb -> {
          String role = stats.get().role();
          for (String r : new String[] {"LEADER", "FOLLOWER", "CANDIDATE", "UNKNOWN"}) {
            cb.call(r.equals(role) ? 1 : 0, r.toLowerCase(Locale.ROOT));
          }
        })
        .register(registry);
    GaugeWithCallback.builder().name("phalanx_raft_term").help("The current Raft term").constLabels(constLabels)
        .callback(cb -> cb.call(stats.get().term())).register(registry);
    GaugeWithCallback.builder().name("phalanx_raft_has_leader")
        .help("1 when this node knows a Raft leader").constLabels(constLabels)
        .callback(cb -> cb.call(stats.get().leader().isPresent() ? 1 : 0)).register(registry);
    GaugeWithCallback.builder().name("phalanx_raft_leader_index")
        .help("The node index of the Raft leader, -1 when none is known").constLabels(constLabels)
        .callback(cb -> cb.call(stats.get().leader().orElse(-1))).register(registry);
    CounterWithCallback.builder().name("phalanx_raft_leader_changes_total")
        .help("Changes of the known Raft leader since start").constLabels(constLabels)
        .callback(cb -> cb.call(stats.get().leaderChanges())).register(registry);
    GaugeWithCallback.builder().name("phalanx_raft_commit_index")
        .help("The highest Raft log index known committed").constLabels(constLabels)
        .callback(cb -> cb.call(stats.get().commitIndex())).register(registry);
    GaugeWithCallback.builder().name("phalanx_raft_applied_index")
        .help("The highest Raft log index applied to the duty state machine").constLabels(constLabels)
        .callback(cb -> cb.call(stats.get().lastAppliedIndex())).register(registry);
    GaugeWithCallback.builder().name("phalanx_raft_follower_lag_entries")
        .help("On the leader: entries each follower lacks (commit index minus its match index)")
        .labelNames("peer").constLabels(constLabels)
        .callback(cb -> stats.get().followerLag().forEach((peer, lag) -> cb.call(lag, Integer.toString(peer))))
        .register(registry);
  }

  /**
   * The peers: connectivity, round trip and clock offset from the exchange's pings, partial
   * signatures received and invalid ones per peer.
   */
  public void peers(int nodeCount, int self, IntFunction<PeerLink> links, IntFunction<PeerCounts> counts,
      Supplier<Map<Integer, Long>> invalidByPeer) {
    GaugeWithCallback.builder().name("phalanx_peer_connected")
        .help("1 when the peer answered this node's pings in the last few seconds").labelNames("peer")
        .constLabels(constLabels)
        .callback(cb -> forPeers(nodeCount, self, p -> cb.call(links.apply(p).connected() ? 1 : 0, label(p))))
        .register(registry);
    GaugeWithCallback.builder().name("phalanx_peers_connected")
        .help("Peers (other nodes) that answered this node's pings in the last few seconds").constLabels(constLabels)
        .callback(cb -> cb.call(connectedPeers(nodeCount, self, links)))
        .register(registry);
    GaugeWithCallback.builder().name("phalanx_peer_rtt_seconds")
        .help("Round trip of the last ping to the peer").labelNames("peer").constLabels(constLabels)
        .callback(cb -> forPeers(nodeCount, self, p -> {
          double rtt = links.apply(p).roundTripMillis();
          if (!Double.isNaN(rtt)) {
            cb.call(rtt / 1000, label(p));
          }
        }))
        .register(registry);
    GaugeWithCallback.builder().name("phalanx_peer_clock_offset_seconds")
        .help("The peer's wall clock minus this node's, from the last ping (good to half the round trip)")
        .labelNames("peer").constLabels(constLabels)
        .callback(cb -> forPeers(nodeCount, self, p -> {
          double offset = links.apply(p).clockOffsetMillis();
          if (!Double.isNaN(offset)) {
            cb.call(offset / 1000, label(p));
          }
        }))
        .register(registry);
    CounterWithCallback.builder().name("phalanx_partial_signatures_received_total")
        .help("Partial signatures received from the peer").labelNames("peer").constLabels(constLabels)
        .callback(cb -> forPeers(nodeCount, self, p -> cb.call(counts.apply(p).partialsReceived(), label(p))))
        .register(registry);
    CounterWithCallback.builder().name("phalanx_partial_signatures_invalid_total")
        .help("Partial signatures from the peer that were dropped: not its share, wrong root, or not verifying")
        .labelNames("peer").constLabels(constLabels)
        .callback(cb -> {
          Map<Integer, Long> invalid = invalidByPeer.get();
          forPeers(nodeCount, self, p -> cb.call(invalid.getOrDefault(p, 0L), label(p)));
        })
        .register(registry);
    CounterWithCallback.builder().name("phalanx_parsigex_batches_sent_total")
        .help("Batches of partial signatures delivered to the peer").labelNames("peer").constLabels(constLabels)
        .callback(cb -> forPeers(nodeCount, self, p -> cb.call(counts.apply(p).messagesSent(), label(p))))
        .register(registry);
    CounterWithCallback.builder().name("phalanx_parsigex_batches_dropped_total")
        .help("Batches of partial signatures given up on: the peer stayed unreachable or refused them")
        .labelNames("peer").constLabels(constLabels)
        .callback(cb -> forPeers(nodeCount, self, p -> cb.call(counts.apply(p).messagesDropped(), label(p))))
        .register(registry);
  }

  /** Peers other than {@code self} whose link is up. */
  public static int connectedPeers(int nodeCount, int self, IntFunction<PeerLink> links) {
    int connected = 0;
    for (int p = 0; p < nodeCount; p++) {
      if (p != self && links.apply(p).connected()) {
        connected++;
      }
    }
    return connected;
  }

  private static void forPeers(int nodeCount, int self, IntConsumer each) {
    for (int p = 0; p < nodeCount; p++) {
      if (p != self) {
        each.accept(p);
      }
    }
  }

  private static String label(int peer) {
    return Integer.toString(peer);
  }

  /**
   * Slashing-protection refusals: proposals the duty state machine refused, by the rule they broke
   * ({@code malformed} for proposals that were not valid data at all). {@code byRule} is read at
   * each scrape and should name every rule, with 0 for rules never broken, so every series exists.
   */
  public void slashingRefusals(Supplier<Map<String, Long>> byRule) {
    CounterWithCallback.builder().name("phalanx_slashing_refusals_total")
        .help("Proposals refused by slashing protection, by rule").labelNames("rule").constLabels(constLabels)
        .callback(cb -> byRule.get().forEach((rule, count) -> cb.call(count, rule))).register(registry);
  }

  /** Readiness as {@code /readyz} judges it: 1 ready; each check 1 passing. */
  public void readiness(Readiness readiness) {
    GaugeWithCallback.builder().name("phalanx_ready")
        .help("1 when the node is ready (every /readyz check passes)").constLabels(constLabels)
        .callback(cb -> cb.call(readiness.evaluate().ready() ? 1 : 0)).register(registry);
    GaugeWithCallback.builder().name("phalanx_readiness_check")
        .help("1 for each /readyz check that passes").labelNames("check").constLabels(constLabels)
        .callback(cb -> readiness.evaluate().checks().forEach((name, c) -> cb.call(c.ok() ? 1 : 0, name)))
        .register(registry);
  }

  /** JVM and process metrics (memory, GC, threads, CPU, open files), with the node's labels. */
  public void jvm() {
    JvmMetrics.builder().constLabels(constLabels).register(registry);
  }
}
