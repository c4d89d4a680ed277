package io.phalanx.sim.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.phalanx.api.ApiException;
import io.phalanx.api.SyncStatus;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.json.ApiCodecs;
import io.phalanx.api.server.Router;
import io.phalanx.sim.chain.Endpoint.Handler;
import io.phalanx.sim.chain.Endpoint.Request;
import io.phalanx.sim.chain.Endpoint.Response;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszType;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SyncCommitteeContribution;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A simulated beacon node: a real HTTP server on 127.0.0.1 that serves a {@link SimulatedChain}
 * through the subset of the beacon API that validator clients and Phalanx use. {@code phalanx
 * simnet} runs a distributed validator cluster against it, and the integration tests do.
 *
 * <p>Served: genesis, config/spec, state fork, node syncing/version/peer_count/health, state
 * validators (GET and POST), attester duties, validator liveness, attestation data, the v2 attestation pool,
 * aggregate attestations and aggregate-and-proofs, voluntary exits, builder registrations and proposer
 * preparation ({@link ExitsAndRegistrations}), blocks ({@link BlockEndpoints}), beacon committee
 * subscriptions (taken and ignored), sync committee duties, block roots, the sync committee pool,
 * contributions and contribution-and-proofs ({@code sync_committee_selections} is answered 501, as
 * beacon_committee_selections) and the head event stream ({@code /eth/v1/events?topics=head}). {@code beacon_committee_selections} is answered 501 as real beacon nodes do: only
 * distributed validator middleware serves it. Errors are {@code {"code", "message"}}; refused pool
 * submissions add the beacon API's {@code failures}.
 *
 * <p>Each request runs on its own virtual thread; the chain is thread-safe.
 */
public final class SimulatedBeaconNode implements AutoCloseable {
  /** What GET /eth/v1/node/version answers. */
  public static final String VERSION = "Phalanx/simulated-beacon-node";

  /** Bodies larger than this are refused (413): no request of this API comes near. */
  private static final int MAX_BODY_BYTES = 16 << 20;

  /** How many peers the node claims: enough that no client worries about its connectivity. */
  private static final int SIMULATED_PEERS = 64;

  private static final String CONSENSUS_VERSION_HEADER = "Eth-Consensus-Version";

  private final SimulatedChain chain;
  private final Faults faults = new Faults();
  private final Router<Handler> router;
  private HttpServer server;
  private ExecutorService executor;
  /** Null unless {@link #captureExchanges} was called: nothing is copied then. */
  private volatile io.phalanx.api.capture.ExchangeCapture capture;

  public SimulatedBeaconNode(SimulatedChainConfig config) {
    this(new SimulatedChain(config));
  }

  /**
   * A beacon node serving {@code chain}, which other simulated beacon nodes may serve too: each
   * has faults of its own over the same chain, as several beacon nodes follow one network.
   */
  public SimulatedBeaconNode(SimulatedChain chain) {
    this.chain = chain;
    this.router = new BlockEndpoints(chain).register(new Router<Handler>())
        .route("GET", "/eth/v1/beacon/genesis", r -> data(Genesis.SSZ, chain.genesis()))
        .route("GET", "/eth/v1/config/spec", r -> Response.data(Json.MAPPER.valueToTree(chain.spec().values()), Map.of()))
        .route("GET", "/eth/v1/beacon/states/{state_id}/fork", this::fork)
        .route("GET", "/eth/v1/node/syncing",
            r -> Response.data(syncing(faults.syncStatus(chain.syncStatus())), Map.of()))
        .route("GET", "/eth/v1/node/version", r -> Response.data(object("version", VERSION), Map.of()))
        .route("GET", "/eth/v1/node/peer_count", r -> Response.data(peerCount(), Map.of()))
        .route("GET", "/eth/v1/node/health", r -> Response.empty())
        .route("GET", "/eth/v1/beacon/states/{state_id}/validators", this::getValidators)
        .route("POST", "/eth/v1/beacon/states/{state_id}/validators", this::postValidators)
        .route("POST", "/eth/v1/validator/duties/attester/{epoch}", this::attesterDuties)
        .route("POST", "/eth/v1/validator/liveness/{epoch}", this::liveness)
        .route("GET", "/eth/v1/validator/attestation_data", this::attestationData)
        .route("POST", "/eth/v2/beacon/pool/attestations", this::submitAttestations)
        .route("GET", "/eth/v2/validator/aggregate_attestation", this::aggregateAttestation)
        .route("POST", "/eth/v2/validator/aggregate_and_proofs", this::submitAggregateAndProofs)
        .route("POST", "/eth/v1/validator/beacon_committee_subscriptions", r -> Response.empty())
        .route("POST", "/eth/v1/beacon/pool/voluntary_exits", this::submitVoluntaryExit)
        .route("POST", "/eth/v1/validator/register_validator", this::registerValidators)
        .route("POST", "/eth/v1/validator/prepare_beacon_proposer", this::prepareBeaconProposer)
        .route("POST", "/eth/v1/validator/beacon_committee_selections", r -> Response.error(501,
            "beacon_committee_selections is served by distributed validator middleware, not by a beacon node"))
        .route("POST", "/eth/v1/validator/duties/sync/{epoch}", this::syncDuties)
        .route("GET", "/eth/v1/beacon/blocks/{block_id}/root", this::blockRoot)
        .route("POST", "/eth/v1/beacon/pool/sync_committees", r -> refusals(
            chain.submitSyncCommitteeMessages(list(r, SyncCommitteeMessage.SSZ))))
        .route("GET", "/eth/v1/validator/sync_committee_contribution", this::syncCommitteeContribution)
        .route("POST", "/eth/v1/validator/contribution_and_proofs", r -> refusals(
            chain.submitContributionAndProofs(list(r, SignedContributionAndProof.SSZ))))
        .route("POST", "/eth/v1/validator/sync_committee_subscriptions", r -> Response.empty())
        .route("POST", "/eth/v1/validator/sync_committee_selections", r -> Response.error(501,
            "sync_committee_selections is served by distributed validator middleware, not by a beacon node"));
  }

  /**
   * Listens on 127.0.0.1:{@code port}; 0 picks a free port, which {@link #url()} tells.
   *
   * @throws IllegalStateException if already started
   */
  public synchronized SimulatedBeaconNode start(int port) throws IOException {
    if (server != null) {
      throw new IllegalStateException("already started at " + url());
    }
    HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
    executor = Executors.newVirtualThreadPerTaskExecutor();
    created.setExecutor(executor);
    created.createContext("/", this::serve);
    created.start();
    server = created;
    return this;
  }

  /** Where it listens, e.g. {@code http://127.0.0.1:40123}. */
  public synchronized URI url() {
    if (server == null) {
      throw new IllegalStateException("not started");
    }
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public SimulatedChain chain() {
    return chain;
  }

  public Faults faults() {
    return faults;
  }

  /**
   * Hands every answered exchange (request and answer as sent; not the event stream, not answers a
   * fault broke on purpose) to {@code exchangeCapture} from now on, for the beacon-API conformance
   * suite; null stops capturing. What Phalanx's beacon-node client sends arrives here.
   */
  public SimulatedBeaconNode captureExchanges(io.phalanx.api.capture.ExchangeCapture exchangeCapture) {
    this.capture = exchangeCapture;
    return this;
  }

  /** Shorthand for {@code faults().setDown(down)}. */
  public void setDown(boolean down) {
    faults.setDown(down);
  }

  /** Stops listening and drops open connections; the chain's state stays readable. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      long delay = faults.delayMillis();
      if (delay > 0) {
        try {
          Thread.sleep(delay);
        } catch (InterruptedException e) {
          return; // stopping
        }
      }
      Response response;
      Optional<ApiException> fault = faults.refusal();
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY_BYTES + 1);
      }
      URI uri = exchange.getRequestURI();
      if (fault.isPresent()) {
        response = Response.error(fault.get().status(), fault.get().getMessage());
      } else if (body.length > MAX_BODY_BYTES) {
        response = Response.error(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
      } else if ("GET".equals(exchange.getRequestMethod()) && "/eth/v1/events".equals(uri.getRawPath())) {
        events(exchange, uri.getRawQuery());
        return;
      } else {
        response = Endpoint.answer(router, exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
            exchange.getRequestHeaders(), body);
      }
      if (faults.malformed() && response.status() == 200 && response.body().isPresent()) {
        byte[] broken = "{\"data\": [".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, broken.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(broken);
        }
        return;
      }
      io.phalanx.api.capture.ExchangeCapture c = capture;
      if (c != null && fault.isEmpty()) {
        capture(c, exchange, uri, body, response);
      }
      send(exchange, response);
    }
  }

  private void capture(io.phalanx.api.capture.ExchangeCapture c, HttpExchange exchange, URI uri, byte[] requestBody,
      Response response) throws IOException {
    Map<String, List<String>> query = new java.util.LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        query.computeIfAbsent(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
            k -> new ArrayList<>()).add(kv.length < 2 ? "" : java.net.URLDecoder.decode(kv[1],
            java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    Map<String, List<String>> responseHeaders = new java.util.LinkedHashMap<>();
    response.headers().forEach((name, value) -> responseHeaders.put(name, List.of(value)));
    byte[] responseBody = new byte[0];
    if (response.body().isPresent()) {
      responseBody = Json.MAPPER.writeValueAsBytes(response.body().get());
      responseHeaders.put("Content-Type", List.of("application/json"));
    }
    try {
      c.captured(new io.phalanx.api.capture.CapturedExchange(url().toString(), exchange.getRequestMethod(),
          uri.getPath(), query, Map.copyOf(exchange.getRequestHeaders()), requestBody, response.status(),
          responseHeaders, responseBody));
    } catch (RuntimeException e) {
      System.getLogger(SimulatedBeaconNode.class.getName()).log(System.Logger.Level.WARNING,
          "an exchange capture failed", e);
    }
  }

  /**
   * {@code GET /eth/v1/events?topics=head}: one head event at the start of every slot while the
   * head moves, until the client goes away or a fault ends the stream. Other topics are accepted
   * and never fire (the simulated chain has no reorgs).
   */
  private void events(HttpExchange exchange, String rawQuery) throws IOException {
    java.util.List<String> topics = rawQuery == null ? java.util.List.of() : java.util.Arrays.stream(rawQuery.split("&"))
        .filter(p -> p.startsWith("topics="))
        .flatMap(p -> java.util.Arrays.stream(java.net.URLDecoder.decode(p.substring(7),
            java.nio.charset.StandardCharsets.UTF_8).split(",")))
        .map(String::trim).filter(t -> !t.isEmpty()).toList();
    if (topics.isEmpty()) {
      send(exchange, Response.error(400, "name at least one topic, e.g. ?topics=head"));
      return;
    }
    boolean head = topics.contains("head");
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    SimulatedChainConfig config = chain.config();
    long slotMillis = config.slotDurationMillis();
    try (OutputStream out = exchange.getResponseBody()) {
      long lastSent = -1;
      while (!faults.endsStreams()) {
        long now = config.clock().millis();
        long sinceGenesis = now - config.genesisTime().toEpochMilli();
        long slot = sinceGenesis < 0 ? -1 : sinceGenesis / slotMillis;
        if (head && slot >= 0 && slot != lastSent && faults.staleHeadSlot() < 0) {
          out.write(headEvent(slot).getBytes(java.nio.charset.StandardCharsets.UTF_8));
          out.flush();
          lastSent = slot;
        }
        long untilNext = slotMillis - Math.floorMod(sinceGenesis, slotMillis);
        Thread.sleep(Math.min(untilNext + 1, 100));
      }
    } catch (InterruptedException e) {
      // stopping
    } catch (IOException e) {
      // the client went away
    }
  }

  private String headEvent(long slot) {
    long epoch = slot / chain.spec().slotsPerEpoch();
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.set("slot", Ssz.UINT64.toJson(slot));
    data.put("block", chain.attestationData(slot, 0).beaconBlockRoot().toHex());
    data.put("state", chain.attestationData(slot, 0).target().root().toHex());
    data.put("epoch_transition", slot % chain.spec().slotsPerEpoch() == 0);
    data.put("previous_duty_dependent_root", chain.attesterDutiesDependentRoot(Math.max(0, epoch - 1)).toHex());
    data.put("current_duty_dependent_root", chain.attesterDutiesDependentRoot(epoch).toHex());
    data.put("execution_optimistic", false);
    return "event: head\ndata: " + data + "\n\n";
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    if (response.body().isEmpty()) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    byte[] bytes = Json.MAPPER.writeValueAsBytes(response.body().get());
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(response.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  // Handlers.

  private Response fork(Request request) {
    checkStateId(request);
    return Response.data(Fork.SSZ.toJson(chain.fork()), stateMetadata());
  }

  private Response getValidators(Request request) {
    checkStateId(request);
    return validators(request.queryValues("id"), request.queryValues("status"));
  }

  private Response postValidators(Request request) {
    checkStateId(request);
    JsonNode body = request.body().length == 0 ? JsonNodeFactory.instance.objectNode() : request.json();
    if (!body.isObject()) {
      throw ApiException.badRequest("expected a JSON object with ids and statuses");
    }
    return validators(strings(body.get("ids"), "ids"), strings(body.get("statuses"), "statuses"));
  }

  private Response validators(List<String> ids, List<String> statuses) {
    ArrayNode data = JsonNodeFactory.instance.arrayNode();
    chain.validators(ids, statuses).forEach(v -> data.add(validatorJson(v)));
    return Response.data(data, stateMetadata());
  }

  private Response attesterDuties(Request request) {
    long epoch = BeaconApiIds.parseUint64(request.path("epoch"), "epoch");
    List<String> indices = strings(request.json(), "validator indices");
    if (indices.isEmpty()) {
      throw ApiException.badRequest("no validator indices");
    }
    List<Long> parsed = indices.stream().map(i -> BeaconApiIds.parseUint64(i, "validator index")).toList();
    ArrayNode data = JsonNodeFactory.instance.arrayNode();
    chain.attesterDuties(epoch, parsed).forEach(duty -> data.add(AttesterDuty.SSZ.toJson(duty)));
    return Response.data(data, Map.of("dependent_root", chain.attesterDutiesDependentRoot(epoch).toHex(),
        "execution_optimistic", false));
  }

  private Response syncDuties(Request request) {
    long epoch = BeaconApiIds.parseUint64(request.path("epoch"), "epoch");
    List<String> indices = strings(request.json(), "validator indices");
    if (indices.isEmpty()) {
      throw ApiException.badRequest("no validator indices");
    }
    List<Long> parsed = indices.stream().map(i -> BeaconApiIds.parseUint64(i, "validator index")).toList();
    return Response.data(ApiCodecs.SYNC_DUTIES.toJson(chain.syncDuties(epoch, parsed)),
        Map.of("execution_optimistic", false));
  }

  private Response blockRoot(Request request) {
    Bytes root = chain.blockRoot(request.path("block_id"));
    return Response.data(object("root", root.toHex()), Map.of("execution_optimistic", false, "finalized", false));
  }

  private Response syncCommitteeContribution(Request request) {
    long slot = BeaconApiIds.parseUint64(request.requiredQuery("slot"), "slot");
    long subcommittee = BeaconApiIds.parseUint64(request.requiredQuery("subcommittee_index"), "subcommittee_index");
    Bytes root;
    try {
      root = Bytes.fromHex(request.requiredQuery("beacon_block_root"), 32, "beacon_block_root");
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    SyncCommitteeContribution contribution = chain.syncCommitteeContribution(slot, subcommittee, root)
        .orElseThrow(() -> ApiException.notFound("no sync committee message over block root " + root + " in slot "
            + slot + ", subcommittee " + subcommittee));
    return Response.data(SyncCommitteeContribution.SSZ.toJson(contribution), Map.of());
  }

  private Response liveness(Request request) {
    long epoch = BeaconApiIds.parseUint64(request.path("epoch"), "epoch");
    List<String> indices = strings(request.json(), "validator indices");
    if (indices.isEmpty()) {
      throw ApiException.badRequest("no validator indices");
    }
    List<Long> parsed = indices.stream().map(i -> BeaconApiIds.parseUint64(i, "validator index")).toList();
    return Response.data(ApiCodecs.LIVENESS.toJson(chain.liveness(epoch, parsed)), Map.of());
  }

  private Response attestationData(Request request) {
    long slot = BeaconApiIds.parseUint64(request.requiredQuery("slot"), "slot");
    long committeeIndex = BeaconApiIds.parseUint64(request.requiredQuery("committee_index"), "committee_index");
    AttestationData data = chain.attestationData(slot, committeeIndex);
    if (faults.wrongData()) {
      data = new AttestationData(slot + 1, data.index(), data.beaconBlockRoot(), data.source(), data.target());
    }
    return Response.data(AttestationData.SSZ.toJson(data), Map.of());
  }

  private Response aggregateAttestation(Request request) {
    Bytes root;
    try {
      root = Bytes.fromHex(request.requiredQuery("attestation_data_root"), 32, "attestation_data_root");
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    long slot = BeaconApiIds.parseUint64(request.requiredQuery("slot"), "slot");
    long committeeIndex = BeaconApiIds.parseUint64(request.requiredQuery("committee_index"), "committee_index");
    Attestation aggregate = chain.aggregateAttestation(slot, root, committeeIndex).orElseThrow(() ->
        ApiException.notFound("no attestation for data root " + root + " in slot " + slot + ", committee "
            + committeeIndex));
    if (faults.wrongData()) {
      AttestationData d = aggregate.data();
      aggregate = new Attestation(aggregate.aggregationBits(), new AttestationData(d.slot() + 1, d.index(),
          d.beaconBlockRoot(), d.source(), d.target()), aggregate.signature(), aggregate.committeeBits());
    }
    String version = chain.consensusVersionAtSlot(slot).apiName();
    return Response.data(Attestation.SSZ.toJson(aggregate), Map.of("version", version))
        .withHeader(CONSENSUS_VERSION_HEADER, version);
  }

  private Response submitAttestations(Request request) {
    checkConsensusVersion(request);
    return refusals(chain.submitAttestations(list(request, SingleAttestation.SSZ)));
  }

  private Response submitAggregateAndProofs(Request request) {
    checkConsensusVersion(request);
    return refusals(chain.submitAggregateAndProofs(list(request, SignedAggregateAndProof.SSZ)));
  }

  private Response submitVoluntaryExit(Request request) {
    io.phalanx.spec.types.SignedVoluntaryExit exit;
    try {
      exit = io.phalanx.spec.types.SignedVoluntaryExit.SSZ.fromJson(request.json());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid voluntary exit: " + e.getMessage());
    }
    return chain.submitVoluntaryExit(exit)
        .map(refusal -> Response.error(400, "invalid voluntary exit: " + refusal.detail()))
        .orElseGet(Response::empty);
  }

  /** JSON, or SSZ ({@code application/octet-stream}) as the beacon API allows for this endpoint. */
  private Response registerValidators(Request request) {
    String type = request.headers().getFirst("Content-Type");
    if (type != null && type.split(";", 2)[0].trim().equalsIgnoreCase("application/octet-stream")) {
      List<io.phalanx.spec.types.SignedValidatorRegistrationV1> registrations;
      try {
        registrations = Ssz.list(io.phalanx.spec.types.SignedValidatorRegistrationV1.SSZ, 1L << 40)
            .deserialize(request.body());
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid SSZ List[SignedValidatorRegistrationV1]: " + e.getMessage());
      }
      return refusals(chain.registerValidators(registrations));
    }
    return refusals(chain.registerValidators(list(request, io.phalanx.spec.types.SignedValidatorRegistrationV1.SSZ)));
  }

  private Response prepareBeaconProposer(Request request) {
    chain.prepareBeaconProposer(list(request, io.phalanx.spec.api.ProposerPreparation.SSZ));
    return Response.empty();
  }

  /** 200 if none were refused; 400 with the beacon API's IndexedErrorMessage otherwise. */
  private static Response refusals(List<Refusal> refusals) {
    if (refusals.isEmpty()) {
      return Response.empty();
    }
    ObjectNode body = Endpoint.errorBody(400, "some failures");
    ArrayNode failures = body.putArray("failures");
    for (Refusal refusal : refusals) {
      failures.addObject().put("index", refusal.index()).put("message", refusal.detail());
    }
    return new Response(400, Optional.of(body), Map.of());
  }

  // Request parsing.

  /** Every state has the same validators and fork, so any well-formed state id names it. */
  private static void checkStateId(Request request) {
    String id = request.path("state_id");
    boolean named = List.of("head", "genesis", "finalized", "justified").contains(id);
    boolean slot = id.matches("[0-9]{1,19}");
    boolean root = id.matches("0x[0-9a-fA-F]{64}");
    if (!named && !slot && !root) {
      throw ApiException.badRequest("invalid state id: " + id);
    }
  }

  /**
   * The header must name the chain's fork now or in the previous epoch: messages of the last slots
   * before a fork may still arrive after it, as on a real network.
   */
  private void checkConsensusVersion(Request request) {
    String version = request.headers().getFirst(CONSENSUS_VERSION_HEADER);
    if (version == null) {
      throw ApiException.badRequest("missing " + CONSENSUS_VERSION_HEADER + " header");
    }
    long slot = chain.currentSlot();
    String now = chain.consensusVersionAtSlot(slot).apiName();
    String before = chain.consensusVersionAtSlot(Math.max(0, slot - chain.config().slotsPerEpoch())).apiName();
    if (!version.equals(now) && !version.equals(before)) {
      throw ApiException.badRequest(CONSENSUS_VERSION_HEADER + " " + version + " does not match the chain's fork "
          + now);
    }
  }

  /** The body as a JSON array of {@code type}, naming the element that does not parse. */
  private static <T> List<T> list(Request request, SszType<T> type) {
    JsonNode body = request.json();
    if (!body.isArray()) {
      throw ApiException.badRequest("expected a JSON array of " + type);
    }
    List<T> items = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      try {
        items.add(type.fromJson(body.get(i)));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("item " + i + ": " + e.getMessage());
      }
    }
    return items;
  }

  /** A JSON array of strings (or numbers); absent or null means none. */
  private static List<String> strings(JsonNode json, String what) {
    if (json == null || json.isNull()) {
      return List.of();
    }
    if (!json.isArray()) {
      throw ApiException.badRequest(what + " must be a JSON array");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode value : json) {
      if (!value.isTextual() && !value.isIntegralNumber()) {
        throw ApiException.badRequest(what + " must hold strings, got " + value);
      }
      values.add(value.asText());
    }
    return values;
  }

  // Response bodies.

  private static <T> Response data(SszType<T> type, T value) {
    return Response.data(type.toJson(value), Map.of());
  }

  private static Map<String, Object> stateMetadata() {
    return Map.of("execution_optimistic", false, "finalized", false);
  }

  private static JsonNode syncing(SyncStatus status) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.set("head_slot", Ssz.UINT64.toJson(status.headSlot()));
    json.set("sync_distance", Ssz.UINT64.toJson(status.syncDistance()));
    json.put("is_syncing", status.isSyncing());
    json.put("is_optimistic", status.isOptimistic());
    json.put("el_offline", status.elOffline());
    return json;
  }

  private static JsonNode peerCount() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("disconnected", "0");
    json.put("connecting", "0");
    json.put("connected", Integer.toString(SIMULATED_PEERS));
    json.put("disconnecting", "0");
    return json;
  }

  private static JsonNode validatorJson(ValidatorInfo info) {
    Function<Long, JsonNode> uint64 = Ssz.UINT64::toJson;
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.set("index", uint64.apply(info.index()));
    json.set("balance", uint64.apply(info.balance()));
    json.put("status", info.status());
    ObjectNode validator = json.putObject("validator");
    validator.put("pubkey", info.pubkey().toHex());
    validator.put("withdrawal_credentials", info.withdrawalCredentials().toHex());
    validator.set("effective_balance", uint64.apply(info.effectiveBalance()));
    validator.put("slashed", info.slashed());
    validator.set("activation_eligibility_epoch", uint64.apply(info.activationEligibilityEpoch()));
    validator.set("activation_epoch", uint64.apply(info.activationEpoch()));
    validator.set("exit_epoch", uint64.apply(info.exitEpoch()));
    validator.set("withdrawable_epoch", uint64.apply(info.withdrawableEpoch()));
    return json;
  }

  private static JsonNode object(String name, String value) {
    return JsonNodeFactory.instance.objectNode().put(name, value);
  }
}
