package io.phalanx.sim.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.api.ApiException;
import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.sim.SimCluster;
import io.phalanx.sim.chain.RecordSink;
import io.phalanx.sim.chain.SimulatedBeaconNode;
import io.phalanx.sim.chain.SimulatedChainConfig;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.testing.SeededRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The beacon-node front passes the beacon API through, and answers 503 or late when switched. */
class BeaconNodeProxyTest {
  SimulatedBeaconNode beaconNode;
  BeaconNodeProxy proxy;
  HttpBeaconNode client;

  @BeforeEach
  void start() throws Exception {
    BlsSecretKey key = BlsSecretKey.random(SeededRandom.of(3));
    beaconNode = new SimulatedBeaconNode(new SimulatedChainConfig(List.of(key.publicKey()),
        Instant.ofEpochSecond(Instant.now().getEpochSecond()), Duration.ofSeconds(1), 4,
        SimCluster.SIMNET.genesisValidatorsRoot(), SimCluster.SIMNET.genesisForkVersion(), Clock.systemUTC(),
        RecordSink.NONE)).start(0);
    proxy = BeaconNodeProxy.start(beaconNode.url());
    client = new HttpBeaconNode(HttpBeaconNode.Config.of(proxy.url()));
  }

  @AfterEach
  void stop() {
    client.close();
    proxy.close();
    beaconNode.close();
  }

  @Test
  void passesRequestsThrough() throws Exception {
    Genesis genesis = client.genesis().get(5, TimeUnit.SECONDS);
    assertEquals(SimCluster.SIMNET.genesisValidatorsRoot(), genesis.genesisValidatorsRoot());
    assertEquals(4, client.spec().get(5, TimeUnit.SECONDS).slotsPerEpoch());
    assertEquals(1, client.attesterDuties(0, List.of(0L)).get(5, TimeUnit.SECONDS).duties().size());
  }

  @Test
  void downAnswers503UntilUp() throws Exception {
    proxy.setDown(true);
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> client.genesis().get(5, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof ApiException api && api.status() == 503, e.getCause().toString());
    proxy.setDown(false);
    client.genesis().get(5, TimeUnit.SECONDS);
  }

  @Test
  void slowAnswersLate() throws Exception {
    client.genesis().get(5, TimeUnit.SECONDS);
    proxy.setSlow(Duration.ofMillis(400));
    long start = System.nanoTime();
    client.genesis().get(5, TimeUnit.SECONDS);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis >= 400, "a request through a front slowed by 400 ms took " + millis + " ms");
  }
}
