package io.phalanx.api.failover;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.api.ApiException;
import io.phalanx.api.client.EventStream;
import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.api.server.FakeValidatorApi;
import io.phalanx.api.server.ValidatorApiServer;
import io.phalanx.spec.types.ConsensusVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A validator client's {@code GET /eth/v1/events} through the validator API: streamed as the
 * beacon nodes send it, and still streaming after the beacon node it came from fails.
 */
class EventStreamThroughServerTest {
  @Test
  void eventsPassThroughAndSurviveTheLossOfABeaconNode() throws Exception {
    try (FakeBeaconNodeServer a = new FakeBeaconNodeServer("a");
        FakeBeaconNodeServer b = new FakeBeaconNodeServer("b");
        FailoverBeaconNode failover = new FailoverBeaconNode(new FailoverBeaconNode.Config(List.of(a.uri(), b.uri()),
            List.of(), Duration.ofMillis(200), Duration.ofMillis(700), Duration.ofMillis(2000), Duration.ofMillis(400),
            2, FailoverBeaconNode.AttestationDataStrategy.FIRST, Duration.ofMillis(100), s -> ConsensusVersion.FULU))
            .start();
        ValidatorApiServer server = new ValidatorApiServer(ValidatorApiServer.Config.of("Phalanx/test")
            .withBindAddress(new InetSocketAddress("127.0.0.1", 0)), new FakeValidatorApi(3), failover).start();
        HttpBeaconNode client = new HttpBeaconNode(HttpBeaconNode.Config.of(
            URI.create("http://127.0.0.1:" + server.port())))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> failover.checkRounds() >= 1);
      List<String> events = new CopyOnWriteArrayList<>();
      try (EventStream stream = client.events("topics=head",
          e -> events.add(new String(e, StandardCharsets.UTF_8)), reason -> { }).get(5, TimeUnit.SECONDS)) {
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 3);
        assertTrue(events.getFirst().matches("event: head\ndata: \\{\"slot\":\"100\",\"from\":\"a\"}\n\n"),
            events.getFirst());
        a.failing = true;
        await().atMost(Duration.ofSeconds(5)).until(() -> events.getLast().contains("\"from\":\"b\""));
      }
      // Without a topic the request is refused with the beacon API's error body.
      CompletionException refused = assertThrows(CompletionException.class,
          () -> client.events("topics=", e -> { }, r -> { }).join());
      assertEquals(400, ((ApiException) refused.getCause()).status());
    }
  }
}
