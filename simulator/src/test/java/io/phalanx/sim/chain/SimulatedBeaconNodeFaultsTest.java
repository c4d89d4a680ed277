package io.phalanx.sim.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.sim.BeaconNodeFault;
import io.phalanx.sim.chain.BeaconApiClient.Answer;
import io.phalanx.sim.chain.Faults.Fault;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two simulated beacon nodes over one chain, each with faults of its own: every fault kind as a
 * client sees it over HTTP, switched on and off again, and the head event stream.
 */
class SimulatedBeaconNodeFaultsTest {
  TestChain chain;
  SimulatedChain shared;
  SimulatedBeaconNode faulty;
  SimulatedBeaconNode healthy;
  BeaconApiClient faultyApi;
  BeaconApiClient healthyApi;

  @BeforeEach
  void start() throws IOException {
    chain = new TestChain(4, 4, Duration.ofSeconds(1), 11);
    shared = new SimulatedChain(chain.config());
    faulty = new SimulatedBeaconNode(shared).start(0);
    healthy = new SimulatedBeaconNode(shared).start(0);
    faultyApi = new BeaconApiClient(faulty.url());
    healthyApi = new BeaconApiClient(healthy.url());
    chain.at(5, 1);
  }

  @AfterEach
  void stop() {
    faulty.close();
    healthy.close();
  }

  /** A fault as written on the command line, and what a client sees of it. */
  record Case(String text, Consumer<SimulatedBeaconNodeFaultsTest> seen) {}

  static Stream<Named<Case>> faults() {
    return Stream.of(
        Named.of("down", new Case("down", t -> assertEquals(503, t.faultyApi.get("/eth/v1/beacon/genesis").status()))),
        Named.of("errors", new Case("errors", t -> assertEquals(500, t.faultyApi.get("/eth/v1/node/syncing").status()))),
        Named.of("syncing", new Case("syncing", t -> {
          Answer a = t.faultyApi.get("/eth/v1/node/syncing");
          assertTrue(a.json().at("/data/is_syncing").asBoolean());
          assertEquals("40", a.json().at("/data/sync_distance").asText());
        })),
        Named.of("optimistic", new Case("optimistic",
            t -> assertTrue(t.faultyApi.get("/eth/v1/node/syncing").json().at("/data/is_optimistic").asBoolean()))),
        Named.of("slow=300", new Case("slow=300", t -> {
          long start = System.nanoTime();
          assertEquals(200, t.faultyApi.get("/eth/v1/node/syncing").status());
          assertTrue((System.nanoTime() - start) / 1_000_000 >= 300, "answered after the delay");
        })),
        Named.of("stale-head", new Case("stale-head", t -> {
          t.chain.at(9, 1);
          assertEquals("5", t.faultyApi.get("/eth/v1/node/syncing").json().at("/data/head_slot").asText());
          assertEquals("9", t.healthyApi.get("/eth/v1/node/syncing").json().at("/data/head_slot").asText());
        })),
        Named.of("wrong-data", new Case("wrong-data", t -> assertEquals("6",
            t.faultyApi.get("/eth/v1/validator/attestation_data?slot=5&committee_index=0").json().at("/data/slot")
                .asText()))),
        Named.of("malformed", new Case("malformed", t -> assertThrows(UncheckedIOException.class,
            () -> t.faultyApi.get("/eth/v1/beacon/genesis")))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void faultIsSeenOnItsBeaconNodeOnlyAndGoesAway(Case c) {
    Fault fault = Fault.parse(c.text());
    faulty.faults().set(fault, true, 5);
    c.seen().accept(this);
    Answer other = healthyApi.get("/eth/v1/validator/attestation_data?slot=5&committee_index=0");
    assertEquals(200, other.status());
    assertEquals("5", other.json().at("/data/slot").asText(), "the other beacon node of the chain is unaffected");
    faulty.faults().set(fault, false, 5);
    Answer back = faultyApi.get("/eth/v1/node/syncing");
    assertEquals(200, back.status());
    assertFalse(back.json().at("/data/is_syncing").asBoolean());
    assertEquals(healthyApi.get("/eth/v1/node/syncing").json(), back.json());
  }

  @Test
  void headEventsStreamAndEndWhenTheBeaconNodeGoesDown() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
        URI.create(faulty.url() + "/eth/v1/events?topics=head")).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(""));
    try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      assertEquals("event: head", in.readLine());
      String data = in.readLine();
      assertTrue(data.startsWith("data: {\"slot\":\"5\",\"block\":\"0x"), data);
      assertEquals("", in.readLine());
      chain.at(6, 0);
      assertEquals("event: head", in.readLine());
      assertTrue(in.readLine().startsWith("data: {\"slot\":\"6\""));
      assertEquals("", in.readLine());
      faulty.faults().set(Fault.parse("down"), true, 6);
      assertEquals(null, in.readLine(), "the stream ends");
    }
    assertEquals(400, healthyApi.get("/eth/v1/events").status(), "no topic");
  }

  @Test
  void faultsParseAsTheCommandLineWritesThem() {
    BeaconNodeFault f = BeaconNodeFault.parse("1:0:slow=800@8-12", "--bn-fault");
    assertEquals(new BeaconNodeFault(1, 0, new Fault(Faults.Kind.SLOW, 800), 8, OptionalLong.of(12)), f);
    assertEquals("1:0:slow=800@8-12", f.toString());
    assertEquals(OptionalLong.empty(), BeaconNodeFault.parse("0:1:stale-head@3", "--bn-fault").to());
    for (String bad : new String[] {"0:0:down", "0:down@3", "0:0:fire@3", "0:0:slow=@3", "0:0:down@5-4", "-1:0:down@1"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> BeaconNodeFault.parse(bad, "--bn-fault"), bad);
      assertTrue(e.getMessage().contains("--bn-fault") || e.getMessage().contains("fault"), e.getMessage());
    }
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Fault.parse("fire")).getMessage()
        .contains("down, syncing, optimistic, slow=<ms>, stale-head, errors, wrong-data or malformed"));
  }
}
