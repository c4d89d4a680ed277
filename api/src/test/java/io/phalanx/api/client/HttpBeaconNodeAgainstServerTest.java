package io.phalanx.api.client;

import static io.phalanx.api.client.HttpBeaconNodeTest.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.SyncStatus;
import io.phalanx.api.client.StubHttpServer.Answer;
import io.phalanx.api.json.ApiTestData;
import io.phalanx.api.server.FakeValidatorApi;
import io.phalanx.api.server.FakeValidatorApi.Call;
import io.phalanx.api.server.ValidatorApiServer;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A validator client's view: HttpBeaconNode pointed at ValidatorApiServer, as a VC in distributed
 * mode talks to Phalanx. What the client sends must reach the ValidatorApi exactly, and what the
 * ValidatorApi answers must come back exactly; the rest goes through to the real beacon node.
 */
class HttpBeaconNodeAgainstServerTest {
  private final FakeValidatorApi fake = new FakeValidatorApi(13);
  private StubHttpServer realBeaconNode;
  private HttpBeaconNode upstream;
  private ValidatorApiServer server;
  private HttpBeaconNode validatorClient;

  @BeforeEach
  void start() throws IOException {
    realBeaconNode = new StubHttpServer();
    upstream = new HttpBeaconNode(HttpBeaconNode.Config.of(realBeaconNode.uri()));
    server = new ValidatorApiServer(ValidatorApiServer.Config.of("Phalanx/test")
        .withBindAddress(new InetSocketAddress("127.0.0.1", 0)), fake, upstream).start();
    validatorClient = new HttpBeaconNode(HttpBeaconNode.Config.of(URI.create("http://127.0.0.1:" + server.port())));
  }

  @AfterEach
  void stop() {
    validatorClient.close();
    server.close();
    upstream.close();
    realBeaconNode.close();
  }

  /**
   * @param expected what the client must get back, from the fake's canned values
   */
  record Endpoint(Function<BeaconNode, CompletableFuture<?>> call, Call reaches,
      Function<FakeValidatorApi, Object> expected) {}

  static Stream<Named<Endpoint>> validatorApiEndpoints() {
    ApiTestData d = new ApiTestData(17);
    long epoch = d.uint64();
    List<Long> indices = List.of(d.uint64(), 0L, -1L);
    long slot = d.uint64();
    Bytes root = d.root();
    List<SingleAttestation> attestations = d.list(4, d::singleAttestation);
    List<SignedAggregateAndProof> aggregates = d.list(2, d::signedAggregateAndProof);
    List<BeaconCommitteeSelection> partials = d.list(3, d::beaconCommitteeSelection);
    List<String> ids = List.of(d.pubkey().toHex(), "12");
    return Stream.of(
        Named.of("attester duties", new Endpoint(n -> n.attesterDuties(epoch, indices),
            Call.of("attesterDuties", epoch, indices), f -> f.duties)),
        Named.of("attestation data", new Endpoint(n -> n.attestationData(slot, 0),
            Call.of("attestationData", slot, 0L), f -> f.attestationData)),
        Named.of("publish attestations", new Endpoint(n -> n.publishAttestations(attestations),
            Call.of("submitAttestations", attestations), f -> null)),
        Named.of("beacon committee selections", new Endpoint(n -> n.beaconCommitteeSelections(partials),
            Call.of("beaconCommitteeSelections", partials), f -> f.selections)),
        Named.of("aggregate attestation", new Endpoint(n -> n.aggregateAttestation(slot, root, 2),
            Call.of("aggregateAttestation", slot, root, 2L), f -> f.aggregate)),
        Named.of("publish aggregate and proofs", new Endpoint(n -> n.publishAggregateAndProofs(aggregates),
            Call.of("submitAggregateAndProofs", aggregates), f -> null)),
        Named.of("validators", new Endpoint(n -> n.validators("head", ids),
            Call.of("validators", "head", ids), f -> f.validators)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validatorApiEndpoints")
  void validatorApiEndpointRoundTrips(Endpoint endpoint) throws Exception {
    Object answer = endpoint.call().apply(validatorClient).get(5, TimeUnit.SECONDS);

    assertEquals(endpoint.expected().apply(fake), answer);
    assertEquals(List.of(endpoint.reaches()), fake.calls());
    assertEquals(List.of(), realBeaconNode.requests());
  }

  /** The signed objects the beacon API takes as SSZ too, posted as SSZ by a client that prefers it. */
  static Stream<Named<Endpoint>> sszEndpoints() {
    return validatorApiEndpoints().filter(e -> e.getName().startsWith("publish"));
  }

  @ParameterizedTest(name = "{0} as SSZ")
  @MethodSource("sszEndpoints")
  void signedObjectsPostedAsSszArriveUnchanged(Endpoint endpoint) throws Exception {
    try (HttpBeaconNode sszClient = new HttpBeaconNode(HttpBeaconNode.Config.of(
        URI.create("http://127.0.0.1:" + server.port())), HttpBeaconNode.BodyEncoding.SSZ)) {
      endpoint.call().apply(sszClient).get(5, TimeUnit.SECONDS);
    }
    assertEquals(List.of(endpoint.reaches()), fake.calls());
  }

  @Test
  void anSszBodyThatDoesNotDecodeIs400AndAnUnknownMediaType415() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + server.port() + "/eth/v2/beacon/pool/attestations");
    HttpResponse<String> bad = http.send(HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/octet-stream").header("Eth-Consensus-Version", "fulu")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(400, bad.statusCode(), bad.body());
    HttpResponse<String> xml = http.send(HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/xml").header("Eth-Consensus-Version", "fulu")
        .POST(HttpRequest.BodyPublishers.ofString("<a/>")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(415, xml.statusCode(), xml.body());
    assertEquals(true, xml.body().contains("application/octet-stream"), xml.body());
    assertEquals(List.of(), fake.calls());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validatorApiEndpoints")
  void validatorApiFailureReachesTheClientWithItsStatus(Endpoint endpoint) {
    fake.failWith(() -> new ApiException(503, "cluster has not decided yet"));

    ApiException e = assertInstanceOf(ApiException.class, failure(endpoint.call().apply(validatorClient)));

    assertEquals(503, e.status());
    assertEquals("cluster has not decided yet", e.getMessage());
  }

  @Test
  void otherCallsReachTheBeaconNodeThroughTheServer() throws Exception {
    ApiTestData d = new ApiTestData(2);
    Genesis genesis = d.genesis();
    Fork fork = d.fork();
    realBeaconNode.answer(r -> switch (r.path()) {
      case "/eth/v1/beacon/genesis" -> Answer.json(200, "{\"data\":" + Genesis.SSZ.toJson(genesis) + "}");
      case "/eth/v1/beacon/states/justified/fork" -> Answer.json(200, "{\"execution_optimistic\":false,"
          + "\"finalized\":false,\"data\":" + Fork.SSZ.toJson(fork) + "}");
      case "/eth/v1/node/syncing" -> Answer.json(200, "{\"data\":{\"head_slot\":\"9\",\"sync_distance\":\"0\","
          + "\"is_syncing\":false,\"is_optimistic\":true,\"el_offline\":false}}");
      case "/eth/v1/config/spec" -> Answer.json(200, "{\"data\":{\"SECONDS_PER_SLOT\":\"6\",\"SLOTS_PER_EPOCH\":\"8\"}}");
      default -> Answer.json(404, "{\"code\":404,\"message\":\"unknown\"}");
    });

    assertEquals(genesis, validatorClient.genesis().get(5, TimeUnit.SECONDS));
    assertEquals(fork, validatorClient.fork("justified").get(5, TimeUnit.SECONDS));
    assertEquals(new SyncStatus(9, 0, false, true, false), validatorClient.syncing().get(5, TimeUnit.SECONDS));
    assertEquals(6, validatorClient.spec().get(5, TimeUnit.SECONDS).secondsPerSlot());
    ApiException e = assertInstanceOf(ApiException.class, failure(validatorClient.fork("999")));
    assertEquals(404, e.status());
    assertEquals("unknown", e.getMessage());
    assertEquals(List.of(), fake.calls());
  }
}
