package io.phalanx.it;

import static io.phalanx.it.Scrape.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.sim.Simnet;
import io.phalanx.sim.SimnetOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One simnet cluster (4 nodes, threshold 3, 2 s slots) scraped as Prometheus would while a
 * scenario plays: every metric the Grafana dashboard queries exists, a stopped node shows as a
 * disconnected peer on the others, a node whose beacon nodes all go down shows as failed readiness
 * and fails duties at the step that needs it while the other three sign every duty, and /readyz
 * flips to 503 and back. The steps share the cluster and run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringTest {
  private static final Duration SLOT = Duration.ofSeconds(2);
  private static final int SLOTS_PER_EPOCH = 4;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern METRIC = Pattern.compile("\\b((?:phalanx|jvm|process)_[a-z0-9_]+)\\b");

  private final StringWriter out = new StringWriter();
  private Simnet simnet;
  private URI node0;

  @BeforeAll
  void startCluster() throws Exception {
    simnet = new Simnet(SimnetOptions.builder(4, 3, 4, SLOT, SLOTS_PER_EPOCH).build(), new PrintWriter(out, true));
    simnet.start();
    node0 = simnet.monitoringUrl(0);
    eventually(Duration.ofSeconds(40), "node 0 ready\n" + out, () -> status(node0.resolve("/readyz")) == 200);
  }

  @AfterAll
  void stopCluster() {
    if (simnet != null) {
      simnet.close();
    }
  }

  @Test
  @Order(1)
  void livezAnswersAndReadyzNamesEveryCheck() throws Exception {
    assertEquals(200, status(node0.resolve("/livez")));
    HttpResponse<String> ready = Scrape.get(node0.resolve("/readyz"));
    JsonNode body = new ObjectMapper().readTree(ready.body());
    assertTrue(body.get("ready").asBoolean(), ready.body());
    assertEquals(Set.of("beacon_node_synced", "peers_connected", "raft_leader", "validator_client_seen"),
        fieldNames(body.get("checks")));
    assertEquals(404, status(node0.resolve("/nothing")));
  }

  @Test
  @Order(2)
  void everyMetricTheDashboardQueriesExistsAndCarriesTheClusterLabels() throws Exception {
    Set<String> queried = dashboardMetrics();
    assertTrue(queried.size() > 30, "the dashboard queries " + queried);
    // Duties go through and the leader reports its followers before the check; histograms show
    // buckets once their first duty was decided and broadcast, so the check waits for those.
    eventually(WAIT, "duties succeed on node 0", () -> scrape(node0).sum("phalanx_duties_succeeded_total") > 0);
    List<Scrape> scrapes = new ArrayList<>();
    Set<String> missing = new TreeSet<>(queried);
    eventually(WAIT, "every metric the dashboard queries served", () -> {
      scrapes.clear();
      Set<String> exposed = new TreeSet<>();
      for (int i = 0; i < 4; i++) {
        Scrape s = scrape(simnet.monitoringUrl(i));
        scrapes.add(s);
        exposed.addAll(s.names());
      }
      missing.clear();
      missing.addAll(queried);
      missing.removeAll(exposed);
      return missing.isEmpty();
    });
    assertEquals(Set.of(), missing, "queried by the dashboard but on no node's /metrics");
    for (int i = 0; i < 4; i++) {
      for (String series : scrapes.get(i).series().keySet()) {
        assertTrue(series.contains("cluster_name=\"simnet\"") && series.contains("cluster_hash=\"0x")
            && series.contains("node_index=\"" + i + "\""), "labels of " + series);
      }
    }
    Scrape s = scrapes.get(0);
    assertEquals(3.0, s.value("phalanx_peers_connected").orElseThrow());
    assertEquals(1.0, s.value("phalanx_raft_has_leader").orElseThrow());
    assertTrue(s.value("phalanx_peer_rtt_seconds", "peer=1").orElseThrow() > 0);
    assertTrue(Math.abs(s.value("phalanx_peer_clock_offset_seconds", "peer=1").orElseThrow()) < 0.5,
        "one machine, one clock");
    assertTrue(s.sum("phalanx_partial_signatures_received_total", "peer=1") > 0);
    assertTrue(s.sum("phalanx_validator_api_requests_total",
        "endpoint=/eth/v1/validator/duties/attester/{epoch}", "status=200") > 0,
        "requests counted by route template: " + s.series().keySet().stream()
            .filter(k -> k.startsWith("phalanx_validator_api_requests_total")).toList());
    // A node proposes only while no other proposal decided the duty; some node's proposal decided.
    assertTrue(scrapes.stream().mapToDouble(x -> x.sum("phalanx_decision_latency_seconds_count")).sum() > 0);
  }

  @Test
  @Order(4)
  void aStoppedNodeShowsAsADisconnectedPeerOnTheOthers() throws Exception {
    simnet.stopNode(3);
    for (int i = 0; i < 3; i++) {
      URI node = simnet.monitoringUrl(i);
      eventually(WAIT, "node " + i + " sees node 3 disconnected",
          () -> scrape(node).value("phalanx_peer_connected", "peer=3").orElseThrow() == 0.0);
      assertEquals(2.0, scrape(node).value("phalanx_peers_connected").orElseThrow());
    }
    // Two peers are still the threshold's T-1: the node stays ready.
    assertEquals(200, status(node0.resolve("/readyz")));
    int leader = simnet.leader().orElseThrow();
    URI leaderUrl = simnet.monitoringUrl(leader);
    eventually(WAIT, "the leader counts node 3's lag", () -> scrape(leaderUrl)
        .value("phalanx_raft_follower_lag_entries", "peer=3").orElse(0.0) >= 2);
  }

  /**
   * Both beacon nodes of node 0 down (simnet's default is two, so no failover can save it) for more
   * than a whole epoch: node 0's readiness fails, its duties fail at a step that needs a beacon
   * node, saying why, and the other three nodes sign every duty of that epoch; once the beacon
   * nodes are back, node 0 is ready again.
   */
  @Test
  @Order(3)
  void aBeaconNodeFaultFailsReadinessAndDutiesAtFetchAndReadyzRecovers() throws Exception {
    double beaconNodeFailuresBefore = beaconNodeStepFailures(node0);
    double errorsBefore = scrape(node0).sum("phalanx_beacon_node_errors_total");
    setBeaconNodesDown(0, true);
    long wholeEpochDown = simnet.clock().currentEpoch() + 1;
    try {
      eventually(WAIT, "node 0 sees its beacon node not ready",
          () -> scrape(node0).sum("phalanx_beacon_node_ready") == 0.0);
      HttpResponse<String> notReady = Scrape.get(node0.resolve("/readyz"));
      assertEquals(503, notReady.statusCode(), notReady.body());
      JsonNode body = new ObjectMapper().readTree(notReady.body());
      assertEquals("beacon_node_synced", body.get("failing").get(0).asText(), notReady.body());
      assertFalse(body.at("/checks/beacon_node_synced/ok").asBoolean());
      assertEquals(0.0, scrape(node0).value("phalanx_ready").orElseThrow());
      eventually(WAIT, "node 0 counts failed beacon-node requests",
          () -> scrape(node0).sum("phalanx_beacon_node_errors_total") > errorsBefore);
      // Node 0's duties of the slots its beacon nodes are down fail, once their slot is over, at a
      // step that needs a beacon node: the fetch, or (as the other nodes' beacon nodes still give
      // the data the cluster agrees on, and node 0's client signs it) the broadcast.
      eventually(WAIT, "duties fail with reason fetch or broadcast",
          () -> beaconNodeStepFailures(node0) > beaconNodeFailuresBefore);
      assertTrue(simnet.node(0).tracker().failures().keySet().stream()
          .anyMatch(k -> k.endsWith(": beacon node unavailable")), "node 0 says why: "
          + simnet.node(0).tracker().failures());
      assertFalse(simnet.node(0).beaconNodeHealth().anyReady());
      // The epoch wholly inside the fault is over once its duties have settled (two slots on).
      long settled = (wholeEpochDown + 1) * SLOTS_PER_EPOCH + 2;
      while (simnet.clock().currentSlot() < settled) {
        Thread.sleep(50);
      }
      assertFalse(simnet.node(0).beaconNodeHealth().anyReady(), "still down through epoch " + wholeEpochDown);
      String log = out.toString();
      ClusterChecks.assertComplete("attester", wholeEpochDown, simnet.chain().summary(wholeEpochDown).attester(), log);
      ClusterChecks.assertComplete("aggregator", wholeEpochDown, simnet.chain().summary(wholeEpochDown).aggregator(),
          log);
      assertEquals(0, simnet.chain().summary().slashable());
    } finally {
      setBeaconNodesDown(0, false);
    }
    eventually(WAIT, "node 0 ready again", () -> status(node0.resolve("/readyz")) == 200);
    eventually(WAIT, "both of node 0's beacon nodes ready again",
        () -> scrape(node0).sum("phalanx_beacon_node_ready") == Simnet.DEFAULT_BEACON_NODES_PER_NODE);
  }

  private static double beaconNodeStepFailures(URI node) {
    Scrape m = scrape(node);
    return m.sum("phalanx_duties_failed_total", "reason=fetch", "type=attester")
        + m.sum("phalanx_duties_failed_total", "reason=broadcast", "type=attester");
  }

  private void setBeaconNodesDown(int node, boolean down) {
    for (int bn = 0; bn < Simnet.DEFAULT_BEACON_NODES_PER_NODE; bn++) {
      simnet.beaconNode(node, bn).faults().setDown(down);
    }
  }

  /** The names of the metrics in every PromQL expression of the dashboard. */
  static Set<String> dashboardMetrics() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(repositoryFile(
        "monitoring/grafana/phalanx-dashboard.json")));
    Set<String> names = new TreeSet<>();
    for (JsonNode expr : dashboard.findValues("expr")) {
      Matcher m = METRIC.matcher(expr.asText());
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  static Path repositoryFile(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> out = new TreeSet<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static Scrape scrape(URI node) {
    try {
      return Scrape.of(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int status(URI url) {
    try {
      return Scrape.get(url).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
