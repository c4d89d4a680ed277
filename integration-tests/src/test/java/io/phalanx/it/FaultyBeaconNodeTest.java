package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.consensus.slashing.Rule;
import io.phalanx.node.runtime.NodeData;
import io.phalanx.node.runtime.PhalanxNode;
import io.phalanx.sim.LoopbackPorts;
import io.phalanx.sim.SimCluster;
import io.phalanx.sim.chain.SimulatedBeaconNode;
import io.phalanx.sim.chain.SimulatedChainConfig;
import io.phalanx.sim.chain.Summary;
import io.phalanx.sim.vc.SimulatedValidatorClient;
import io.phalanx.sim.vc.TaskScheduler;
import io.phalanx.spec.time.SlotClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A cluster whose node 0 talks to a beacon node that, from epoch 2 on, serves attestation data
 * with source epoch 0 from epoch 3 on: a vote that surrounds the one each validator cast the epoch before. Every
 * node refuses node 0's proposals as slashable and the other nodes' proposals decide, so every
 * duty still succeeds and nothing slashable reaches the chain. A small HTTP proxy in front of the
 * simulated beacon node does the rewriting; it also holds the honest nodes' attestation data back
 * a little, so that node 0's proposal usually reaches the log first.
 */
@Timeout(120)
class FaultyBeaconNodeTest {
  static final Duration SLOT = Duration.ofMillis(1500);
  static final int SLOTS_PER_EPOCH = 4;
  static final int EPOCHS = 5;
  /** From this epoch on node 0's beacon node lies; the epochs before give every validator a vote to surround. */
  static final int FAULTY_FROM = 3;

  private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length",
      "transfer-encoding", "expect", "upgrade", "keep-alive", "te", "trailer", "proxy-connection");

  @TempDir Path dir;

  @Test
  void aSurroundVoteFromOneNodesBeaconNodeIsRefusedByTheClusterAndDutiesStillSucceed() throws Exception {
    int n = 4;
    // The proxies hold their ports before any other port is picked, so none is handed out twice.
    AtomicReference<URI> beaconNodeUrl = new AtomicReference<>();
    List<HttpServer> proxies = new ArrayList<>();
    SlotClock[] clockHolder = new SlotClock[1];
    for (int i = 0; i < n; i++) {
      proxies.add(proxy(beaconNodeUrl, () -> clockHolder[0], i == 0));
    }
    List<Integer> p2pPorts = new ArrayList<>();
    List<Integer> apiPorts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      p2pPorts.add(LoopbackPorts.freePair());
      apiPorts.add(LoopbackPorts.free());
    }
    SimCluster cluster = SimCluster.create(n, 3, 8, p2pPorts, new SecureRandom());
    Instant genesis = Instant.ofEpochSecond(Instant.now().plusSeconds(5).getEpochSecond() + 1);
    SimulatedChainConfig chainConfig = new SimulatedChainConfig(
        cluster.lock().validators().stream().map(DistributedValidator::groupPublicKey).toList(), genesis, SLOT,
        SLOTS_PER_EPOCH, cluster.network().genesisValidatorsRoot(), cluster.network().genesisForkVersion(),
        Clock.systemUTC(), message -> { });
    SlotClock clock = new SlotClock(genesis, SLOT, SLOTS_PER_EPOCH, Clock.systemUTC());
    clockHolder[0] = clock;
    ScheduledExecutorService executor = Executors.newScheduledThreadPool(4);
    List<PhalanxNode> nodes = new ArrayList<>();
    List<SimulatedValidatorClient> clients = new ArrayList<>();
    try (SimulatedBeaconNode beaconNode = new SimulatedBeaconNode(chainConfig).start(0)) {
      beaconNodeUrl.set(beaconNode.url());
      List<InetSocketAddress> peers = p2pPorts.stream().map(p -> new InetSocketAddress("127.0.0.1", p)).toList();
      List<CompletableFuture<PhalanxNode>> starting = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        HttpServer proxy = proxies.get(i);
        NodeData data = NodeData.forLock(cluster.lock(), cluster.identities().get(i), dir.resolve("node" + i));
        PhalanxNode.Config config = new PhalanxNode.Config(data,
            URI.create("http://127.0.0.1:" + proxy.getAddress().getPort()),
            new InetSocketAddress("127.0.0.1", apiPorts.get(i)), peers.get(i), peers, Duration.ofMillis(600),
            Duration.ofMillis(1200), SLOT.multipliedBy(2), "test");
        starting.add(CompletableFuture.supplyAsync(() -> {
          try {
            return PhalanxNode.start(config);
          } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }, executor));
      }
      for (var f : starting) {
        nodes.add(f.join());
      }
      for (int i = 0; i < n; i++) {
        HttpBeaconNode connection = new HttpBeaconNode(HttpBeaconNode.Config.of(
            URI.create("http://127.0.0.1:" + apiPorts.get(i))).withTimeouts(Duration.ofSeconds(2), SLOT.multipliedBy(2)));
        SimulatedValidatorClient client = new SimulatedValidatorClient(SimulatedValidatorClient.Config.of(
            "vc" + i, cluster.sharesByNode().get(i), connection, TaskScheduler.of(executor), Clock.systemUTC()));
        clients.add(client);
        client.start();
      }
      Instant end = clock.slotStart((long) EPOCHS * SLOTS_PER_EPOCH + 1);
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), end).toMillis()));

      StringBuilder report = new StringBuilder();
      for (long e = 0; e < EPOCHS; e++) {
        Summary s = beaconNode.chain().summary(e);
        report.append("epoch ").append(e).append(": ").append(s.attester()).append(" / ").append(s.aggregator()).append('\n');
      }
      long refused = 0;
      for (PhalanxNode node : nodes) {
        refused += node.slashingRefusals().byRule().get(Rule.SURROUNDING_VOTE);
        report.append(node.slashingRefusals()).append('\n');
      }
      // Node 0's beacon node lies from epoch 3 on; the other nodes' proposals carry those epochs.
      for (long e = FAULTY_FROM; e < EPOCHS; e++) {
        Summary s = beaconNode.chain().summary(e);
        assertTrue(s.attester().expected() > 0, report.toString());
        assertEquals(s.attester().expected(), s.attester().succeeded(), "attester duties of epoch " + e + "\n" + report);
      }
      assertTrue(refused > 0, "node 0's surround votes were refused by the state machine\n" + report);
      assertEquals(0, beaconNode.chain().summary().slashable(), "slashable messages\n" + report);
    } finally {
      clients.forEach(SimulatedValidatorClient::close);
      for (PhalanxNode node : nodes) {
        node.close();
      }
      proxies.forEach(p -> p.stop(0));
      executor.shutdownNow();
    }
  }

  /**
   * Forwards every request to the beacon node; the faulty one rewrites attestation data from
   * epoch 3 on to source epoch 0, the honest ones answer attestation data 250 ms late.
   */
  private static HttpServer proxy(AtomicReference<URI> target,
      Supplier<SlotClock> clock, boolean faulty) throws IOException {
    HttpClient client = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "bn-proxy");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", (HttpExchange exchange) -> {
      try {
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(target.get().resolve(exchange.getRequestURI().toString()))
            .method(exchange.getRequestMethod(), body.length == 0
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
          if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
            values.forEach(v -> request.header(name, v));
          }
        });
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        byte[] answer = response.body();
        boolean attestationData = exchange.getRequestURI().getPath().endsWith("/validator/attestation_data")
            && response.statusCode() == 200;
        if (attestationData && faulty && clock.get().currentEpoch() >= FAULTY_FROM) {
          ObjectNode root = (ObjectNode) json.readTree(answer);
          ((ObjectNode) root.get("data").get("source")).put("epoch", "0");
          answer = json.writeValueAsBytes(root);
        } else if (attestationData) {
          Thread.sleep(250);
        }
        response.headers().map().forEach((name, values) -> {
          if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
            exchange.getResponseHeaders().put(name, values);
          }
        });
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(503, -1);
      } catch (IOException e) {
        exchange.sendResponseHeaders(502, -1);
      } finally {
        exchange.close();
      }
    });
    server.start();
    return server;
  }
}
