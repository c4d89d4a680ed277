package io.phalanx.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import io.phalanx.api.BeaconNodeHealth.EndpointStatus;
import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.node.sim.SimCluster;
import io.phalanx.node.sim.chain.SimulatedBeaconNode;
import io.phalanx.node.sim.chain.SimulatedChainConfig;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.testing.SeededRandom;
import io.phalanx.spec.util.Bytes;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the simulated beacon node over real HTTP, switched down and up. */
class MonitoredBeaconNodeTest {
  private SimulatedBeaconNode chain;
  private HttpBeaconNode http;
  private MonitoredBeaconNode monitored;

  @BeforeEach
  void start() throws Exception {
    BlsSecretKey key = BlsSecretKey.random(SeededRandom.of(7));
    chain = new SimulatedBeaconNode(new SimulatedChainConfig(List.of(key.publicKey()), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
        Duration.ofSeconds(1), 8, SimCluster.SIMNET.genesisValidatorsRoot(), SimCluster.SIMNET.genesisForkVersion(),
        Clock.systemUTC(), m -> { })).start(0);
    // Credentials in the URL (some providers put an API key there) must not reach metrics or logs.
    URI withCredentials = URI.create(chain.url().toString().replace("http://", "http://user:s3cret@"));
    http = new HttpBeaconNode(HttpBeaconNode.Config.of(chain.url()));
    monitored = MonitoredBeaconNode.start(http, withCredentials, Duration.ofMillis(100));
  }

  @AfterEach
  void stop() {
    monitored.close();
    http.close();
    chain.close();
  }

  @Test
  void readinessLatencyAndErrorsFollowTheBeaconNode() throws Exception {
    await().atMost(Duration.ofSeconds(10)).until(() -> status().ready());
    EndpointStatus ready = status();
    assertEquals("ready", ready.state());
    assertEquals(chain.url().toString(), ready.url(), "no credentials");
    assertFalse(ready.url().contains("s3cret"));
    assertTrue(ready.requests() >= 1 && !Double.isNaN(ready.latencyP50Millis()), ready.toString());
    assertEquals(0, ready.errors());

    // A 404 is an answer: the beacon node works.
    monitored.aggregateAttestation(0, Bytes.zero(32), 0).handle((ok, error) -> null).join();
    assertEquals(0, status().errors());

    chain.faults().setDown(true);
    await().atMost(Duration.ofSeconds(10)).until(() -> !status().ready());
    assertEquals("error", status().state());
    assertTrue(status().errors() >= 1);
    assertFalse(monitored.anyReady());

    chain.faults().setDown(false);
    await().atMost(Duration.ofSeconds(10)).until(() -> status().ready());
  }

  @Test
  void aClosedBeaconNodeIsUnreachable() {
    await().atMost(Duration.ofSeconds(10)).until(() -> status().ready());
    chain.close();
    await().atMost(Duration.ofSeconds(15)).until(() -> status().state().equals("unreachable"));
    assertFalse(status().ready());
  }

  private EndpointStatus status() {
    return monitored.endpoints().get(0);
  }
}
