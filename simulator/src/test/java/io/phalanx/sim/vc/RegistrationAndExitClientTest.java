package io.phalanx.sim.vc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.sim.chain.SimulatedBeaconNode;
import io.phalanx.sim.chain.SimulatedChain;
import io.phalanx.sim.chain.SimulatedChainConfig;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.testing.SeededRandom;
import io.phalanx.spec.util.Bytes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/**
 * The client's registrations (SSZ bodies under a pattern that posts SSZ), proposer preparations and
 * a requested exit, against a simulated beacon node over HTTP, which verifies each in its domain.
 * Whole keys here, so the chain checks this client's signatures directly.
 */
class RegistrationAndExitClientTest {
  @Test
  void registersPreparesAndExitsThroughABeaconNode() throws Exception {
    SecureRandom random = SeededRandom.of(41);
    List<BlsSecretKey> keys = new ArrayList<>();
    Map<Bytes, Bytes> self = new HashMap<>();
    Map<Bytes, Bytes> feeRecipients = new HashMap<>();
    Bytes feeRecipient = Bytes.fromHex("0x" + "5a".repeat(20));
    for (int i = 0; i < 4; i++) {
      BlsSecretKey key = BlsSecretKey.random(random);
      keys.add(key);
      self.put(key.publicKey().toBytes(), key.publicKey().toBytes());
      feeRecipients.put(key.publicKey().toBytes(), feeRecipient);
    }
    SimulatedChainConfig config = new SimulatedChainConfig(keys.stream().map(BlsSecretKey::publicKey).toList(),
        Instant.ofEpochSecond(Instant.now().getEpochSecond()), Duration.ofSeconds(1), 4,
        Bytes.fromHex("0x" + "3c".repeat(32)), Bytes.fromHex("0x70000038"), Clock.systemUTC(), m -> { });
    ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    try (SimulatedBeaconNode beaconNode = new SimulatedBeaconNode(config).start(0);
        HttpBeaconNode http = new HttpBeaconNode(HttpBeaconNode.Config.of(beaconNode.url()));
        SimulatedValidatorClient client = new SimulatedValidatorClient(SimulatedValidatorClient.Config.of("vc", keys,
            http, TaskScheduler.of(executor), Clock.systemUTC()).withWholeKeys().withCallPattern(CallPattern.LIGHTHOUSE)
            .withPayouts(new Payouts(self, feeRecipients, 30_000_000)))) {
      client.requestExit(1, 0);
      client.start();
      SimulatedChain chain = beaconNode.chain();
      await().atMost(Duration.ofSeconds(15)).until(() -> chain.exitEpoch(1).isPresent()
          && chain.registration(3).isPresent() && chain.preparedFeeRecipient(3).isPresent());
      assertEquals(Optional.of(0L), chain.exitEpoch(1));
      for (int i = 0; i < 4; i++) {
        assertEquals(feeRecipient, chain.registration(i).orElseThrow().feeRecipient());
        assertEquals(30_000_000, chain.registration(i).orElseThrow().gasLimit());
        assertEquals(Optional.of(feeRecipient), chain.preparedFeeRecipient(i));
      }
      assertEquals(0, chain.summary().builderRegistration().refusedCount());
    } finally {
      executor.shutdownNow();
    }
  }
}
