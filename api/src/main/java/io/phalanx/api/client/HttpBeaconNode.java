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
import io.phalanx.api.json.BlockCodecs;
import io.phalanx.api.json.Envelope;
import io.phalanx.api.json.SszBodies;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.api.ProducedBlock;
import io.phalanx.spec.api.ProposerDuty;
import io.phalanx.spec.api.ProposerPreparation;
import io.phalanx.spec.api.SyncCommitteeDuty;
import io.phalanx.spec.api.SyncCommitteeSelection;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SignedBlindedBeaconBlock;
import io.phalanx.spec.types.SignedBlockContents;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SignedValidatorRegistrationV1;
import io.phalanx.spec.types.SignedVoluntaryExit;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.types.SyncCommitteeContribution;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * One beacon node over HTTP (java.net.http), speaking the beacon API's JSON. Every call is
 * asynchronous; its future fails with an {@link ApiException} carrying the beacon node's status
 * and error message when it answers other than 2xx, with status 502 when its answer cannot be
 * read, and with an {@link IOException} naming the request when it cannot be reached. Messages
 * name the beacon node by scheme, host and port only, so credentials or tokens in its URL never
 * reach a log.
 *
 * <p>Sending, credentials and the reading of answers are {@code BeaconNodeHttp}'s; an open event
 * stream is an {@link EventStream}. What is left here is one method per beacon API call (its path,
 * query and codecs), which is why it is a little over 400 lines.
 */
public final class HttpBeaconNode implements BeaconNode, AutoCloseable {
  private final Config config;
  private final BeaconNodeHttp http;
  private final BodyEncoding bodies;

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

  /** How signed objects are posted where the beacon API takes SSZ as well as JSON. */
  public enum BodyEncoding { JSON, SSZ }

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
    this.http = new BeaconNodeHttp(config);
  }

  /** The beacon node as messages name it: scheme, host and port. */
  public String name() {
    return http.origin();
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
  public CompletableFuture<Void> publishVoluntaryExit(SignedVoluntaryExit exit) {
    return post("/eth/v1/beacon/pool/voluntary_exits", ApiCodecs.VOLUNTARY_EXIT.toJson(exit),
        Map.of(), null);
  }

  @Override
  public CompletableFuture<List<SyncCommitteeDuty>> syncDuties(
      long epoch, List<Long> validatorIndices) {
    return post("/eth/v1/validator/duties/sync/" + Long.toUnsignedString(epoch),
        VALIDATOR_INDICES.toJson(validatorIndices), Map.of(), e -> ApiCodecs.SYNC_DUTIES.fromJson(e.data()));
  }

  @Override
  public CompletableFuture<Bytes> blockRoot(String blockId) {
    return get("/eth/v1/beacon/blocks/" + PathSegments.encode(blockId) + "/root",
        e -> Ssz.BYTES32.fromJson(ApiJson.member(e.data(), "root")));
  }

  @Override
  public CompletableFuture<Void> publishSyncCommitteeMessages(List<SyncCommitteeMessage> messages) {
    if (messages.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return post("/eth/v1/beacon/pool/sync_committees", ApiCodecs.SYNC_COMMITTEE_MESSAGES.toJson(messages), Map.of(),
        null);
  }

  @Override
  public CompletableFuture<SyncCommitteeContribution> syncCommitteeContribution(
      long slot, long subcommitteeIndex, Bytes beaconBlockRoot) {
    return get("/eth/v1/validator/sync_committee_contribution?slot=" + Long.toUnsignedString(slot)
        + "&subcommittee_index=" + Long.toUnsignedString(subcommitteeIndex)
        + "&beacon_block_root=" + beaconBlockRoot.toHex(),
        e -> SyncCommitteeContribution.SSZ.fromJson(e.data()));
  }

  @Override
  public CompletableFuture<Void> publishContributionAndProofs(
      List<SignedContributionAndProof> contributions) {
    if (contributions.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return post("/eth/v1/validator/contribution_and_proofs", ApiCodecs.CONTRIBUTION_AND_PROOFS.toJson(contributions),
        Map.of(), null);
  }

  @Override
  public CompletableFuture<Void> registerValidators(
      List<SignedValidatorRegistrationV1> registrations) {
    if (registrations.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return post("/eth/v1/validator/register_validator",
        ApiCodecs.VALIDATOR_REGISTRATIONS.toJson(registrations), Map.of(), null);
  }

  @Override
  public CompletableFuture<Void> prepareBeaconProposer(List<ProposerPreparation> preparations) {
    if (preparations.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return post("/eth/v1/validator/prepare_beacon_proposer",
        ApiCodecs.PROPOSER_PREPARATIONS.toJson(preparations), Map.of(), null);
  }

  @Override
  public CompletableFuture<ProposerDuty.Epoch> proposerDuties(long epoch) {
    return get("/eth/v1/validator/duties/proposer/" + Long.toUnsignedString(epoch),
        e -> new ProposerDuty.Epoch(e.dependentRoot().orElse(Bytes.zero(32)),
            BlockCodecs.PROPOSER_DUTIES.fromJson(e.data())));
  }

  @Override
  public CompletableFuture<ProducedBlock> produceBlock(long slot, Bytes randaoReveal, Bytes graffiti,
      OptionalLong builderBoostFactor) {
    String path = "/eth/v3/validator/blocks/" + Long.toUnsignedString(slot);
    String query = "?randao_reveal=" + randaoReveal.toHex() + "&graffiti=" + graffiti.toHex()
        + (builderBoostFactor.isPresent() ? "&builder_boost_factor="
            + Long.toUnsignedString(builderBoostFactor.getAsLong()) : "");
    return http.getDocument(path + query, BlockCodecs::producedBlockFromJson);
  }

  @Override
  public CompletableFuture<Void> publishBlock(ConsensusVersion version,
      SignedBlockContents block) {
    return post("/eth/v2/beacon/blocks", BlockCodecs.signedBlockJson(version, block),
        Map.of("Eth-Consensus-Version", version.apiName()), null);
  }

  @Override
  public CompletableFuture<Void> publishBlindedBlock(ConsensusVersion version,
      SignedBlindedBeaconBlock block) {
    return post("/eth/v2/beacon/blinded_blocks", BlockCodecs.signedBlindedBlockJson(version, block),
        Map.of("Eth-Consensus-Version", version.apiName()), null);
  }

  @Override
  public CompletableFuture<List<SyncCommitteeSelection>> syncCommitteeSelections(
      List<SyncCommitteeSelection> selections) {
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
  public CompletableFuture<EventStream> events(String topicsQuery, Consumer<byte[]> onEvent,
      Consumer<Throwable> onEnd) {
    return http.events(topicsQuery, onEvent, onEnd);
  }

  @Override
  public CompletableFuture<ProxyResponse> proxy(ProxyRequest request) {
    return http.proxy(request);
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "HttpBeaconNode[" + http.origin() + "]";
  }

  private Map<String, String> versionHeader(long slot) {
    return Map.of("Eth-Consensus-Version", config.consensusVersionAtSlot().apply(slot).apiName());
  }

  private <T> CompletableFuture<T> get(String pathAndQuery, Function<Envelope, T> read) {
    return http.get(pathAndQuery, read);
  }

  /** @param read how to read the answer's envelope, or null where a 2xx answer carries nothing */
  private <T> CompletableFuture<T> post(String path, JsonNode body, Map<String, String> headers,
      Function<Envelope, T> read) {
    return http.post(path, body, headers, read);
  }

  private CompletableFuture<Void> postSsz(String path, byte[] body, Map<String, String> headers) {
    return http.postSsz(path, body, headers);
  }
}
