package io.phalanx.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.api.BeaconNodeHealth;
import io.phalanx.consensus.parsigex.PeerCounts;
import io.phalanx.consensus.parsigex.PeerLink;
import io.phalanx.consensus.raft.RaftStats;
import io.phalanx.duties.DutyListener;
import io.phalanx.duties.FailureReason;
import io.phalanx.spec.duty.DutyType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The metrics as Prometheus reads them from a running monitoring server. */
class NodeMetricsTest {
  private static final String LABELS = "cluster_hash=\"0xabc\",cluster_name=\"test\",";

  @Test
  void eachSourceIsServedWithTheClusterLabelsOnEverySeries() throws Exception {
    NodeMetrics metrics = new NodeMetrics("test", "0xabc", 1);
    DutyListener duties = metrics.dutyListener();
    duties.expected(DutyType.ATTESTER);
    duties.expected(DutyType.ATTESTER);
    duties.succeeded(DutyType.ATTESTER);
    duties.failed(DutyType.ATTESTER, FailureReason.TOO_FEW_PARTIALS);
    duties.failed(DutyType.ATTESTER, FailureReason.NOT_INCLUDED);
    duties.decided(DutyType.ATTESTER, Duration.ofMillis(30));
    metrics.validatorApiObserver().answered("GET", "/eth/v1/validator/attestation_data", 200, Duration.ofMillis(4));
    BeaconNodeHealth health = new BeaconNodeHealth() {
      @Override
      public List<EndpointStatus> endpoints() {
        return List.of(new EndpointStatus("http://bn:5052", false, false, "syncing", true, 12, 3, 9, 40, 2));
      }

      @Override
      public long switches() {
        return 1;
      }
    };
    metrics.beaconNodes(health);
    metrics.raft(() -> new RaftStats("LEADER", 4, OptionalInt.of(1), 90, 90, 2, Map.of(0, 5L, 2, 0L, 3, 1L)));
    metrics.peers(4, 1, p -> new PeerLink(p != 3, 0.002, -0.5, 10, p == 3 ? 4 : 0),
        p -> new PeerCounts(5, 50 + p, 0, 5, 0), () -> Map.of(2, 7L));
    metrics.slashingRefusals(() -> Map.of("surrounding_vote", 3L));
    metrics.jvm();
    Readiness readiness = new Readiness(health, () -> 2, 2, () -> OptionalInt.of(1), Clock.systemUTC(),
        Duration.ofMinutes(1));
    metrics.readiness(readiness);

    try (MonitoringServer server = MonitoringServer.start(new InetSocketAddress("127.0.0.1", 0), metrics,
        readiness::evaluate)) {
      URI base = server.url("127.0.0.1");
      String text = get(base.resolve("/metrics")).body();
      for (String line : text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList()) {
        assertTrue(line.contains(LABELS) && line.contains("node_index=\"1\""), "labels of " + line);
      }
      assertSeries(text, "phalanx_duties_expected_total{" + LABELS + "node_index=\"1\",type=\"attester\"} 2.0");
      assertSeries(text, "phalanx_duties_failed_total{" + LABELS
          + "node_index=\"1\",reason=\"too_few_partials\",type=\"attester\"} 1.0");
      assertSeries(text, "phalanx_duties_failed_total{" + LABELS
          + "node_index=\"1\",reason=\"not_included\",type=\"attester\"} 1.0");
      assertSeries(text, "phalanx_duties_failed_total{" + LABELS
          + "node_index=\"1\",reason=\"fetch\",type=\"aggregator\"} 0.0");
      assertSeries(text, "phalanx_decision_latency_seconds_bucket{" + LABELS + "node_index=\"1\",type=\"attester\",le=\"0.05\"} 1");
      assertSeries(text, "phalanx_validator_api_requests_total{" + LABELS
          + "endpoint=\"/eth/v1/validator/attestation_data\",method=\"GET\",node_index=\"1\",status=\"200\"} 1.0");
      assertSeries(text, "phalanx_beacon_node_ready{" + LABELS + "endpoint=\"http://bn:5052\",node_index=\"1\",state=\"syncing\"} 0.0");
      assertSeries(text, "phalanx_beacon_node_errors_total{" + LABELS + "endpoint=\"http://bn:5052\",node_index=\"1\"} 2.0");
      assertSeries(text, "phalanx_beacon_node_latency_seconds{" + LABELS
          + "endpoint=\"http://bn:5052\",node_index=\"1\",quantile=\"0.99\"} 0.009");
      assertSeries(text, "phalanx_raft_role{" + LABELS + "node_index=\"1\",role=\"leader\"} 1.0");
      assertSeries(text, "phalanx_raft_follower_lag_entries{" + LABELS + "node_index=\"1\",peer=\"0\"} 5.0");
      assertSeries(text, "phalanx_raft_leader_changes_total{" + LABELS + "node_index=\"1\"} 2.0");
      assertSeries(text, "phalanx_peer_connected{" + LABELS + "node_index=\"1\",peer=\"3\"} 0.0");
      assertSeries(text, "phalanx_peers_connected{" + LABELS + "node_index=\"1\"} 2.0");
      assertSeries(text, "phalanx_peer_clock_offset_seconds{" + LABELS + "node_index=\"1\",peer=\"0\"} -5.0E-4");
      assertSeries(text, "phalanx_partial_signatures_received_total{" + LABELS + "node_index=\"1\",peer=\"2\"} 52.0");
      assertSeries(text, "phalanx_partial_signatures_invalid_total{" + LABELS + "node_index=\"1\",peer=\"2\"} 7.0");
      assertSeries(text, "phalanx_slashing_refusals_total{" + LABELS + "node_index=\"1\",rule=\"surrounding_vote\"} 3.0");
      assertSeries(text, "phalanx_ready{" + LABELS + "node_index=\"1\"} 0.0");
      assertTrue(text.contains("\njvm_memory_used_bytes{") && text.contains("\nprocess_cpu_seconds_total{"));

      HttpResponse<String> ready = get(base.resolve("/readyz"));
      assertEquals(503, ready.statusCode());
      assertTrue(ready.body().contains("\"failing\":[\"beacon_node_synced\",\"validator_client_seen\"]"), ready.body());
      assertEquals(200, get(base.resolve("/livez")).statusCode());
      assertEquals(404, get(base.resolve("/health")).statusCode());
    }
  }

  private static void assertSeries(String text, String line) {
    assertTrue(text.lines().anyMatch(line::equals), "no line " + line + " in\n" + text.lines()
        .filter(l -> l.startsWith(line.substring(0, line.indexOf('{')))).toList());
  }

  private static HttpResponse<String> get(URI url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
