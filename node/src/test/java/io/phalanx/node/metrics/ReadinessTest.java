package io.phalanx.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.api.BeaconNodeHealth;
import io.phalanx.spec.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadinessTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final AtomicBoolean beaconNodeReady = new AtomicBoolean(true);
  private final AtomicInteger peers = new AtomicInteger(3);
  private final AtomicBoolean leader = new AtomicBoolean(true);
  private final BeaconNodeHealth health = new BeaconNodeHealth() {
    @Override
    public List<EndpointStatus> endpoints() {
      return List.of(new EndpointStatus("http://bn:5052", false, beaconNodeReady.get(),
          beaconNodeReady.get() ? "ready" : "syncing", true, 100, 1, 2, 10, 0));
    }

    @Override
    public long switches() {
      return 0;
    }
  };
  private final Readiness readiness = new Readiness(health, peers::get, 2,
      () -> leader.get() ? OptionalInt.of(1) : OptionalInt.empty(), clock, Duration.ofSeconds(384));

  @Test
  void readyOnlyWhenEveryCheckPassesAndTheBodyNamesWhatFails() throws Exception {
    assertEquals(List.of(Readiness.VALIDATOR_CLIENT), failing(), "no validator client yet");
    readiness.validatorClientCalled();
    assertTrue(readiness.evaluate().ready());
    assertEquals(List.of(), failing());

    beaconNodeReady.set(false);
    peers.set(1);
    leader.set(false);
    clock.advance(Duration.ofSeconds(385));
    Readiness.Result result = readiness.evaluate();
    assertFalse(result.ready());
    assertEquals(List.of(Readiness.BEACON_NODE, Readiness.PEERS, Readiness.RAFT_LEADER, Readiness.VALIDATOR_CLIENT),
        failing());
    JsonNode body = new ObjectMapper().readTree(result.toJson());
    assertFalse(body.get("ready").asBoolean());
    assertEquals("no beacon node is ready: http://bn:5052 syncing", body.at("/checks/beacon_node_synced/detail").asText());
    assertEquals("1 peers connected, 2 needed (threshold - 1)", body.at("/checks/peers_connected/detail").asText());
    assertTrue(body.at("/checks/validator_client_seen/detail").asText().contains("385 s ago"));

    peers.set(2);
    assertFalse(failing().contains(Readiness.PEERS), "T-1 peers are enough");
  }

  private List<String> failing() {
    return readiness.evaluate().checks().entrySet().stream().filter(e -> !e.getValue().ok()).map(e -> e.getKey())
        .toList();
  }
}
