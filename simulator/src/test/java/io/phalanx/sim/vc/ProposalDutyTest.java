package io.phalanx.sim.vc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.sim.chain.RecordSink;
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
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulated validator client proposing as a solo validator (whole keys) straight to a simulated
 * beacon node, under call patterns that ask for full blocks as JSON and for blinded blocks as SSZ:
 * every slot's block reaches the chain, signed by its proposer, in the form asked for.
 */
class ProposalDutyTest {
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"default", "lighthouse"})
  void everySlotsBlockReachesTheChain(String patternName) throws Exception {
    CallPattern pattern = CallPattern.named(patternName).orElseThrow();
    SecureRandom random = SeededRandom.of(12);
    List<BlsSecretKey> keys = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      keys.add(BlsSecretKey.random(random));
    }
    Instant genesis = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 1);
    SimulatedChain chain = new SimulatedChain(new SimulatedChainConfig(keys.stream().map(BlsSecretKey::publicKey)
        .toList(), genesis, Duration.ofSeconds(1), 2, Bytes.fromHex("0x" + "42".repeat(32)),
        Bytes.fromHex("0x70000038"), Clock.systemUTC(), RecordSink.NONE));
    ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    try (SimulatedBeaconNode bn = new SimulatedBeaconNode(chain).start(0);
        HttpBeaconNode node = new HttpBeaconNode(HttpBeaconNode.Config.of(bn.url()))) {
      SimulatedValidatorClient vc = new SimulatedValidatorClient(SimulatedValidatorClient.Config.of("vc", keys, node,
          TaskScheduler.of(executor), Clock.systemUTC()).withWholeKeys().withCallPattern(pattern));
      vc.start();
      try {
        // Epochs of 2 slots: epoch 1 (slots 2 and 3) is whole once the client runs.
        await().atMost(Duration.ofSeconds(15)).until(() -> chain.summary(1).proposer().expected() == 2
            && chain.summary(1).proposer().pending() == 0 && chain.summary(1).proposer().succeeded() == 2);
        long blinded = chain.blockForms().get("blinded");
        if (pattern.blindedBlocks()) {
          assertTrue(blinded >= 1, "the builder wins on even slots when the client prefers its blocks");
        } else {
          assertEquals(0, blinded, "builder_boost_factor 0: full blocks only");
        }
        assertEquals(0, chain.doubleProposals());
      } finally {
        vc.stop();
      }
    } finally {
      executor.shutdownNow();
    }
  }
}
