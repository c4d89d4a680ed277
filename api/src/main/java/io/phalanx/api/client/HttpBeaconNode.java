package io.phalanx.api.client;

import static io.phalanx.api.json.ApiCodecs.AGGREGATE_AND_PROOFS;
import static io.phalanx.api.json.ApiCodecs.ATTESTER_DUTIES;
import static io.phalanx.api.json.ApiCodecs.BEACON_COMMITTEE_SELECTIONS;
import static io.phalanx.api.json.ApiCodecs.LIVENESS;
import static io.phalanx.api.json.ApiCodecs.SINGLE_ATTESTATIONS;
import static io.phalanx.api.json.ApiCodecs.VALIDATORS;
import static io.phalanx.api.json.ApiCodecs.VALIDATOR_INDICES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.ChainSpec;
import io.phalanx.api.SyncStatus;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.ValidatorLiveness;
import io.phalanx.api.json.ApiCodecs;
import io.phalanx.api.json.ApiJson;
import io.phalanx.api.json.Envelope;
import io.phalanx.api.json.ErrorBody;
import io.phalanx.api.json.ProxyHeaders;
import io.phalanx.api.json.SszBodies;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * One beacon node over HTTP (java.net.http), speaking the beacon API's JSON. Every call is
 * asynchronous; its future fails with an {@link ApiException} carrying the beacon node's status
 * and error message when it answers other than 2xx, with status 502 when its answer cannot be
 * read, and with an {@link IOException} naming the request when it cannot be reached. Messages
 * name the beacon node by scheme, host and port only, so credentials or tokens in its URL never
 * reach a log.
 */
public final class HttpBeaconNode implements BeaconNode, AutoCloseable {

  /**
   * @param baseUrl the beacon node's URL, e.g. {@code http://127.0.0.1:5052}; a path is kept as a
   *     prefix, user information becomes HTTP basic authentication
   * @param connectTimeout how long to wait for a connection
   * @param requestTimeout how long to wait for an answer's headers, per request
   * @param consensusVersionAtSlot the fork that the Eth-Consensus-Version header names for messages
   *     of a slot (v2 publish endpoints)
   */
  public record Config(
      URI baseUrl,
      Duration connectTimeout,
      Duration requestTimeout,
      LongFunction<ConsensusVersion> consensusVersionAtSlot) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public Config {
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      Objects.requireNonNull(consensusVersionAtSlot, "consensusVersionAtSlot");
      String scheme = baseUrl.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null) {
        throw new IllegalArgumentException("a beacon node URL needs http or https and a host");
      }
      if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
        throw new IllegalArgumentException("a beacon node URL may not have a query or fragment");
      }
    }

    /** Default timeouts; messages are sent as of Fulu. */
    public static Config of(URI baseUrl) {
      return new Config(baseUrl, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, slot -> ConsensusVersion.FULU);
    }

    public Config withTimeouts(Duration connect, Duration request) {
      return new Config(baseUrl, connect, request, consensusVersionAtSlot);
    }

    public Config withConsensusVersion(ConsensusVersion version) {
      Objects.requireNonNull(version, "version");
      return new Config(baseUrl, connectTimeout, requestTimeout, slot -> version);
    }

    public Config withConsensusVersionAtSlot(LongFunction<ConsensusVersion> versionAtSlot) {
      return new Config(baseUrl, connectTimeout, requestTimeout, versionAtSlot);
    }
  }

  private final Config config;
  private final HttpClient http;
  /** Scheme, host and port: user information goes into the Authorization header instead. */
  private final String origin;
  private final String basePath;
  private final Optional<String> authorization;

  /** How signed objects are posted where the beacon API takes SSZ as well as JSON. */
  public enum BodyEncoding { JSON, SSZ }

  private final BodyEncoding bodies;

  public HttpBeaconNode(Config config) {
    this(config, BodyEncoding.JSON);
  }

  /**
   * @param bodies {@link BodyEncoding#SSZ}: attestations and aggregate-and-proofs are posted as
   *     {@code application/octet-stream}, as some validator clients do
   */
  public HttpBeaconNode(Config config, BodyEncoding bodies) {
    this.bodies = Objects.requireNonNull(bodies, "bodies");
    this.config = config;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1) // beacon nodes speak HTTP/1.1; h2c upgrades confuse some
        .connectTimeout(config.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    URI base = config.baseUrl();
    this.origin = base.getScheme() + "://" + base.getRawAuthority().replaceFirst("^.*@", "");
    String path = Optional.ofNullable(base.getRawPath()).orElse("");
    this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.authorization = Optional.ofNullable(base.getRawUserInfo())
        .map(u -> "Basic " + Base64.getEncoder().encodeToString(
            java.net.URLDecoder.decode(u, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)));
  }

  /** The beacon node as messages name it: scheme, host and port. */
  public String name() {
    return origin;
  }

  @Override
  public CompletableFuture<Genesis> genesis() {
    return get("/eth/v1/beacon/genesis", e -> Genesis.SSZ.fromJson(e.data()));
  }

  @Override
  public CompletableFuture<ChainSpec> spec() {
    return get("/eth/v1/config/spec", e -> ApiCodecs.CHAIN_SPEC.fromJson(e.data()));
  }

  @Override
  public CompletableFuture<Fork> fork(String stateId) {
    return get("/eth/v1/beacon/states/" + PathSegments.encode(stateId) + "/fork",
        e -> Fork.SSZ.fromJson(e.data()));
  }

  @Override
  public CompletableFuture<SyncStatus> syncing() {
    return get("/eth/v1/node/syncing", e -> ApiCodecs.SYNC_STATUS.fromJson(e.data()));
  }

  @Override
  public CompletableFuture<List<ValidatorInfo>> validators(String stateId, List<String> ids) {
    ObjectNode body = ApiJson.object();
    ArrayNode array = body.putArray("ids");
    ids.forEach(array::add);
    return post("/eth/v1/beacon/states/" + PathSegments.encode(stateId) + "/validators", body, Map.of(),
        e -> VALIDATORS.fromJson(e.data()));
  }

  @Override
  public CompletableFuture<AttesterDuty.Epoch> attesterDuties(long epoch, List<Long> validatorIndices) {
    return post("/eth/v1/validator/duties/attester/" + Long.toUnsignedString(epoch),
        VALIDATOR_INDICES.toJson(validatorIndices), Map.of(),
        e -> new AttesterDuty.Epoch(e.dependentRoot().orElse(Bytes.zero(32)), ATTESTER_DUTIES.fromJson(e.data())));
  }

  @Override
  public CompletableFuture<AttestationData> attestationData(long slot, long committeeIndex) {
    return get("/eth/v1/validator/attestation_data?slot=" + Long.toUnsignedString(slot)
            + "&committee_index=" + Long.toUnsignedString(committeeIndex),
        e -> AttestationData.SSZ.fromJson(e.data()));
  }

  @Override
  public CompletableFuture<Attestation> aggregateAttestation(
      long slot, Bytes attestationDataRoot, long committeeIndex) {
    return get("/eth/v2/validator/aggregate_attestation?attestation_data_root=" + attestationDataRoot.toHex()
        + "&slot=" + Long.toUnsignedString(slot) + "&committee_index=" + Long.toUnsignedString(committeeIndex),
        e -> Attestation.SSZ.fromJson(e.data()));
  }

  @Override
  public CompletableFuture<Void> publishAttestations(List<SingleAttestation> attestations) {
    if (attestations.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    if (bodies == BodyEncoding.SSZ) {
      return postSsz("/eth/v2/beacon/pool/attestations", SszBodies.SINGLE_ATTESTATIONS.serialize(attestations),
          versionHeader(attestations.getFirst().data().slot()));
    }
    return post("/eth/v2/beacon/pool/attestations", SINGLE_ATTESTATIONS.toJson(attestations),
        versionHeader(attestations.getFirst().data().slot()), null);
  }

  @Override
  public CompletableFuture<Void> publishAggregateAndProofs(List<SignedAggregateAndProof> aggregates) {
    if (aggregates.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    if (bodies == BodyEncoding.SSZ) {
      return postSsz("/eth/v2/validator/aggregate_and_proofs", SszBodies.AGGREGATE_AND_PROOFS.serialize(aggregates),
          versionHeader(aggregates.getFirst().message().aggregate().data().slot()));
    }
    return post("/eth/v2/validator/aggregate_and_proofs", AGGREGATE_AND_PROOFS.toJson(aggregates),
        versionHeader(aggregates.getFirst().message().aggregate().data().slot()), null);
  }

  @Override
  public CompletableFuture<List<ValidatorLiveness>> liveness(long epoch, List<Long> validatorIndices) {
    return post("/eth/v1/validator/liveness/" + Long.toUnsignedString(epoch),
        VALIDATOR_INDICES.toJson(validatorIndices), Map.of(), e -> LIVENESS.fromJson(e.data()));
  }

  @Override
  public CompletableFuture<List<BeaconCommitteeSelection>> beaconCommitteeSelections(
      List<BeaconCommitteeSelection> selections) {
    return post("/eth/v1/validator/beacon_committee_selections", BEACON_COMMITTEE_SELECTIONS.toJson(selections),
        Map.of(), e -> BEACON_COMMITTEE_SELECTIONS.fromJson(e.data()));
  }

  @Override
  public CompletableFuture<Void> publishVoluntaryExit(io.phalanx.spec.types.SignedVoluntaryExit exit) {
    return post("/eth/v1/beacon/pool/voluntary_exits", io.phalanx.api.json.ApiCodecs.VOLUNTARY_EXIT.toJson(exit),
        Map.of(), null);
  }

  @Override
  public CompletableFuture<List<io.phalanx.spec.api.SyncCommitteeDuty>> syncDuties(
      long epoch, List<Long> validatorIndices) {
    return post("/eth/v1/validator/duties/sync/" + Long.toUnsignedString(epoch),
        VALIDATOR_INDICES.toJson(validatorIndices), Map.of(), e -> ApiCodecs.SYNC_DUTIES.fromJson(e.data()));
  }

  @Override
  public CompletableFuture<Bytes> blockRoot(String blockId) {
    return get("/eth/v1/beacon/blocks/" + PathSegments.encode(blockId) + "/root",
        e -> io.phalanx.spec.ssz.Ssz.BYTES32.fromJson(ApiJson.member(e.data(), "root")));
  }

  @Override
  public CompletableFuture<Void> publishSyncCommitteeMessages(List<io.phalanx.spec.types.SyncCommitteeMessage> messages) {
    if (messages.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return post("/eth/v1/beacon/pool/sync_committees", ApiCodecs.SYNC_COMMITTEE_MESSAGES.toJson(messages), Map.of(),
        null);
  }

  @Override
  public CompletableFuture<io.phalanx.spec.types.SyncCommitteeContribution> syncCommitteeContribution(
      long slot, long subcommitteeIndex, Bytes beaconBlockRoot) {
    return get("/eth/v1/validator/sync_committee_contribution?slot=" + Long.toUnsignedString(slot)
        + "&subcommittee_index=" + Long.toUnsignedString(subcommitteeIndex)
        + "&beacon_block_root=" + beaconBlockRoot.toHex(),
        e -> io.phalanx.spec.types.SyncCommitteeContribution.SSZ.fromJson(e.data()));
  }

  @Override
  public CompletableFuture<Void> publishContributionAndProofs(
      List<io.phalanx.spec.types.SignedContributionAndProof> contributions) {
    if (contributions.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return post("/eth/v1/validator/contribution_and_proofs", ApiCodecs.CONTRIBUTION_AND_PROOFS.toJson(contributions),
        Map.of(), null);
  }

  @Override
  public CompletableFuture<Void> registerValidators(
      List<io.phalanx.spec.types.SignedValidatorRegistrationV1> registrations) {
    if (registrations.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return post("/eth/v1/validator/register_validator",
        io.phalanx.api.json.ApiCodecs.VALIDATOR_REGISTRATIONS.toJson(registrations), Map.of(), null);
  }

  @Override
  public CompletableFuture<Void> prepareBeaconProposer(List<io.phalanx.spec.api.ProposerPreparation> preparations) {
    if (preparations.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return post("/eth/v1/validator/prepare_beacon_proposer",
        io.phalanx.api.json.ApiCodecs.PROPOSER_PREPARATIONS.toJson(preparations), Map.of(), null);
  }

  @Override
  public CompletableFuture<io.phalanx.spec.api.ProposerDuty.Epoch> proposerDuties(long epoch) {
    return get("/eth/v1/validator/duties/proposer/" + Long.toUnsignedString(epoch),
        e -> new io.phalanx.spec.api.ProposerDuty.Epoch(e.dependentRoot().orElse(Bytes.zero(32)),
            io.phalanx.api.json.BlockCodecs.PROPOSER_DUTIES.fromJson(e.data())));
  }

  @Override
  public CompletableFuture<io.phalanx.spec.api.ProducedBlock> produceBlock(long slot, Bytes randaoReveal,
      Bytes graffiti, java.util.OptionalLong builderBoostFactor) {
    String path = "/eth/v3/validator/blocks/" + Long.toUnsignedString(slot);
    String query = "?randao_reveal=" + randaoReveal.toHex() + "&graffiti=" + graffiti.toHex()
        + (builderBoostFactor.isPresent() ? "&builder_boost_factor="
            + Long.toUnsignedString(builderBoostFactor.getAsLong()) : "");
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(origin + basePath + path + query))
        .timeout(config.requestTimeout())
        .header("Accept", "application/json")
        .GET();
    authorization.ifPresent(a -> builder.header("Authorization", a));
    return send(builder.build(), "GET", path, response -> {
      if (response.statusCode() / 100 != 2) {
        throw new ApiException(response.statusCode(), ErrorBody.parse(response.body(), response.statusCode())
            .map(ErrorBody::message)
            .orElse(describe("GET", path) + " answered " + response.statusCode()));
      }
      try {
        return io.phalanx.api.json.BlockCodecs.producedBlockFromJson(ApiJson.parse(response.body()));
      } catch (IllegalArgumentException e) {
        throw new ApiException(502, describe("GET", path) + ": unreadable answer: " + e.getMessage(), e);
      }
    });
  }

  @Override
  public CompletableFuture<Void> publishBlock(ConsensusVersion version,
      io.phalanx.spec.types.SignedBlockContents block) {
    return post("/eth/v2/beacon/blocks", io.phalanx.api.json.BlockCodecs.signedBlockJson(version, block),
        Map.of("Eth-Consensus-Version", version.apiName()), null);
  }

  @Override
  public CompletableFuture<Void> publishBlindedBlock(ConsensusVersion version,
      io.phalanx.spec.types.SignedBlindedBeaconBlock block) {
    return post("/eth/v2/beacon/blinded_blocks", io.phalanx.api.json.BlockCodecs.signedBlindedBlockJson(version, block),
        Map.of("Eth-Consensus-Version", version.apiName()), null);
  }

  @Override
  public CompletableFuture<List<io.phalanx.spec.api.SyncCommitteeSelection>> syncCommitteeSelections(
      List<io.phalanx.spec.api.SyncCommitteeSelection> selections) {
    return post("/eth/v1/validator/sync_committee_selections", ApiCodecs.SYNC_COMMITTEE_SELECTIONS.toJson(selections),
        Map.of(), e -> ApiCodecs.SYNC_COMMITTEE_SELECTIONS.fromJson(e.data()));
  }

  /** {@code GET /eth/v1/node/peer_count}: the connected peers. */
  public CompletableFuture<Long> peerCount() {
    return get("/eth/v1/node/peer_count", e -> {
      JsonNode connected = e.data().get("connected");
      if (connected == null || !connected.isTextual() && !connected.isIntegralNumber()) {
        throw new IllegalArgumentException("peer_count has no connected count");
      }
      try {
        return Long.parseUnsignedLong(connected.asText());
      } catch (NumberFormatException n) {
        throw new IllegalArgumentException("peer_count's connected is not a number: " + connected);
      }
    });
  }

  /** {@code GET /eth/v1/node/version}: the beacon node's software and version. */
  public CompletableFuture<String> nodeVersion() {
    return get("/eth/v1/node/version", e -> {
      JsonNode version = e.data().get("version");
      if (version == null || !version.isTextual()) {
        throw new IllegalArgumentException("version answer has no version");
      }
      return version.asText();
    });
  }

  /**
   * Opens {@code GET /eth/v1/events?<topicsQuery>} and hands each server-sent event (its lines up
   * to and including the blank line that ends it) to {@code onEvent}, as the bytes arrive. The
   * returned future completes when the stream is open (200) and fails when it cannot be opened;
   * {@code onEnd} runs once when an open stream ends: with null when it was closed through the
   * handle, otherwise with the reason.
   */
  public CompletableFuture<EventStream> events(String topicsQuery, java.util.function.Consumer<byte[]> onEvent,
      java.util.function.Consumer<Throwable> onEnd) {
    String path = "/eth/v1/events";
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(origin + basePath + path + "?" + topicsQuery))
        .header("Accept", "text/event-stream")
        .GET();
    authorization.ifPresent(a -> builder.header("Authorization", a));
    CompletableFuture<EventStream> opened = new CompletableFuture<>();
    EventStream stream = new EventStream(onEvent, onEnd);
    http.sendAsync(builder.build(), info -> {
      if (info.statusCode() == 200) {
        opened.complete(stream);
        return HttpResponse.BodySubscribers.fromSubscriber(stream, s -> null);
      }
      return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(), body -> {
        int status = info.statusCode();
        opened.completeExceptionally(new ApiException(status, ErrorBody.parse(body, status).map(ErrorBody::message)
            .orElse(describe("GET", path) + " answered " + status)));
        return null;
      });
    }).whenComplete((response, failure) -> {
      if (failure != null && !opened.completeExceptionally(ioFailure("GET", path, failure))) {
        stream.end(failure);
      }
    });
    return opened;
  }

  /**
   * An open event stream, fed by the HTTP client as bytes arrive; closing it ends the stream and
   * runs its end handler with null.
   */
  public static final class EventStream implements java.util.concurrent.Flow.Subscriber<List<java.nio.ByteBuffer>>,
      AutoCloseable {
    private final java.util.function.Consumer<byte[]> onEvent;
    private final java.util.function.Consumer<Throwable> onEnd;
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
    private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile java.util.concurrent.Flow.Subscription subscription;
    private volatile boolean closed;
    private int lastByte = -1;

    EventStream(java.util.function.Consumer<byte[]> onEvent, java.util.function.Consumer<Throwable> onEnd) {
      this.onEvent = onEvent;
      this.onEnd = onEnd;
    }

    @Override
    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
      subscription = s;
      if (closed) {
        s.cancel();
      } else {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(List<java.nio.ByteBuffer> buffers) {
      for (java.nio.ByteBuffer buffer : buffers) {
        while (buffer.hasRemaining()) {
          int b = buffer.get();
          if (b == '\r') {
            continue;
          }
          pending.write(b);
          // An event ends at an empty line: two line feeds in a row.
          if (b == '\n' && lastByte == '\n') {
            byte[] event = pending.toByteArray();
            pending.reset();
            lastByte = -1;
            if (!closed && event.length > 1) {
              onEvent.accept(event);
            }
            continue;
          }
          lastByte = b;
        }
      }
    }

    @Override
    public void onError(Throwable throwable) {
      end(throwable);
    }

    @Override
    public void onComplete() {
      end(new IOException("the beacon node ended the event stream"));
    }

    void end(Throwable reason) {
      if (ended.compareAndSet(false, true)) {
        onEnd.accept(closed ? null : reason);
      }
    }

    @Override
    public void close() {
      closed = true;
      java.util.concurrent.Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      end(null);
    }
  }

  @Override
  public CompletableFuture<ProxyResponse> proxy(ProxyRequest request) {
    HttpRequest httpRequest;
    try {
      httpRequest = proxyRequest(request);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(ApiException.badRequest("request not passed on: " + e.getMessage()));
    }
    return send(httpRequest, request.method(), pathOnly(request.pathAndQuery()),
        r -> new ProxyResponse(r.statusCode(), ProxyHeaders.forwardable(r.headers().map()), r.body()));
  }

  /**
   * The request to send on: only to this beacon node (a target must be a path), with its own
   * credentials where its URL has them.
   *
   * @throws IllegalArgumentException if the target, method or a header cannot be sent
   */
  private HttpRequest proxyRequest(ProxyRequest request) {
    String target = request.pathAndQuery();
    if (!target.startsWith("/") || target.startsWith("//")) {
      throw new IllegalArgumentException("request target must be a path");
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(origin + basePath + target))
        .timeout(config.requestTimeout())
        .method(request.method(), request.body().length == 0
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    ProxyHeaders.forwardable(request.headers()).forEach((name, values) -> {
      if (authorization.isEmpty() || !name.equalsIgnoreCase("authorization")) {
        values.forEach(v -> builder.header(name, v));
      }
    });
    authorization.ifPresent(a -> builder.setHeader("Authorization", a));
    return builder.build();
  }

  @Override
  public void close() {
    http.shutdownNow();
  }

  @Override
  public String toString() {
    return "HttpBeaconNode[" + origin + "]";
  }

  private Map<String, String> versionHeader(long slot) {
    return Map.of("Eth-Consensus-Version", config.consensusVersionAtSlot().apply(slot).apiName());
  }

  private <T> CompletableFuture<T> get(String pathAndQuery, Function<Envelope, T> read) {
    return call("GET", pathAndQuery, null, Map.of(), read);
  }

  /** @param read how to read the answer's envelope, or null where a 2xx answer carries nothing */
  private <T> CompletableFuture<T> post(String path, JsonNode body, Map<String, String> headers,
      Function<Envelope, T> read) {
    return call("POST", path, body, headers, read);
  }

  /** Posts an SSZ body; a 2xx answer carries nothing. */
  private CompletableFuture<Void> postSsz(String path, byte[] body, Map<String, String> headers) {
    return call("POST", path, body, SszBodies.OCTET_STREAM, headers, null);
  }

  private <T> CompletableFuture<T> call(
      String method, String pathAndQuery, JsonNode body, Map<String, String> headers, Function<Envelope, T> read) {
    return call(method, pathAndQuery, body == null ? null : ApiJson.write(body), "application/json", headers, read);
  }

  private <T> CompletableFuture<T> call(String method, String pathAndQuery, byte[] body, String contentType,
      Map<String, String> headers, Function<Envelope, T> read) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(origin + basePath + pathAndQuery))
        .timeout(config.requestTimeout())
        .header("Accept", "application/json");
    if (body == null) {
      builder.GET();
    } else {
      builder.header("Content-Type", contentType)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }
    headers.forEach(builder::header);
    authorization.ifPresent(a -> builder.header("Authorization", a));
    String path = pathOnly(pathAndQuery);
    return send(builder.build(), method, path, response -> {
      if (response.statusCode() / 100 != 2) {
        throw new ApiException(response.statusCode(), ErrorBody.parse(response.body(), response.statusCode())
            .map(ErrorBody::message)
            .orElse(describe(method, path) + " answered " + response.statusCode()));
      }
      if (read == null) {
        return null;
      }
      try {
        return read.apply(Envelope.fromJson(ApiJson.parse(response.body())));
      } catch (IllegalArgumentException e) {
        throw new ApiException(502, describe(method, path) + ": unreadable answer: " + e.getMessage(), e);
      }
    });
  }

  /**
   * Sends {@code request} and completes the returned future directly (not wrapped in a
   * CompletionException) with what {@code onResponse} makes of the answer or throws.
   */
  private <T> CompletableFuture<T> send(HttpRequest request, String method, String path,
      Function<HttpResponse<byte[]>, T> onResponse) {
    CompletableFuture<T> result = new CompletableFuture<>();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
      if (failure != null) {
        result.completeExceptionally(ioFailure(method, path, failure));
        return;
      }
      try {
        result.complete(onResponse.apply(response));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  private Throwable ioFailure(String method, String path, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (!(cause instanceof IOException)) {
      return cause;
    }
    String what = describe(method, path);
    IOException named;
    if (cause instanceof HttpConnectTimeoutException) {
      named = new HttpConnectTimeoutException(what + ": no connection within " + config.connectTimeout());
    } else if (cause instanceof HttpTimeoutException) {
      named = new HttpTimeoutException(what + ": no answer within " + config.requestTimeout());
    } else {
      String detail = cause.getMessage() == null ? "" : ": " + cause.getMessage();
      named = new IOException(what + ": " + cause.getClass().getSimpleName() + detail);
    }
    named.initCause(cause);
    return named;
  }

  private String describe(String method, String path) {
    return method + " " + origin + path;
  }

  private static String pathOnly(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
  }
}
