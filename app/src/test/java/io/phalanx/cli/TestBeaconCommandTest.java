package io.phalanx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.sim.chain.Faults.Fault;
import io.phalanx.sim.chain.SimulatedBeaconNode;
import io.phalanx.sim.chain.SimulatedChain;
import io.phalanx.sim.chain.SimulatedChainConfig;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.testing.SeededRandom;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code phalanx test beacon} against simulated beacon nodes on 127.0.0.1, healthy and faulty. */
class TestBeaconCommandTest {
  SimulatedBeaconNode healthy;
  SimulatedBeaconNode syncing;

  @BeforeEach
  void start() throws IOException {
    SimulatedChain chain = new SimulatedChain(new SimulatedChainConfig(
        List.of(BlsSecretKey.random(SeededRandom.of(3)).publicKey()), Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS),
        Duration.ofSeconds(2), 8, Bytes.zero(32), Bytes.fromHex("0x70000038"), Clock.systemUTC(), m -> { }));
    healthy = new SimulatedBeaconNode(chain).start(0);
    syncing = new SimulatedBeaconNode(chain).start(0);
    syncing.faults().set(Fault.parse("syncing"), true, 0);
  }

  @AfterEach
  void stop() {
    healthy.close();
    syncing.close();
  }

  @Test
  void printsARowAndAVerdictPerBeaconNode() throws IOException {
    String dead = "http://127.0.0.1:" + closedPort();
    CliRun run = CliRun.of("test", "beacon", "--beacon-node-endpoints", healthy.url() + "," + syncing.url(),
        "--fallback-beacon-node-endpoints", dead, "--requests", "5", "--timeout", "2");
    assertEquals(0, run.exitCode(), run.toString());
    String[] lines = run.out().split("\n");
    assertTrue(lines[0].contains("latency p50/p99") && lines[0].contains("verdict"), run.out());
    assertTrue(lines[1].startsWith(healthy.url().toString()) && lines[1].contains(SimulatedBeaconNode.VERSION)
        && lines[1].contains("false/false/false") && lines[1].endsWith("ready"), lines[1]);
    assertTrue(lines[2].contains("true/false/false") && lines[2].contains("unusable: syncing, 40 slots behind"),
        lines[2]);
    assertTrue(lines[3].startsWith("(fallback) " + dead) && lines[3].contains(" no ")
        && lines[3].contains("unusable"), lines[3]);
    assertEquals("1 of 3 beacon nodes usable", lines[4]);
  }

  @Test
  void noUsableBeaconNodeExitsNonZero() {
    CliRun run = CliRun.of("test", "beacon", "--beacon-node-endpoints", syncing.url().toString(), "--requests", "2");
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.out().contains("no usable beacon node"), run.out());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
