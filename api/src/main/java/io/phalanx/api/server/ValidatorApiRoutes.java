package io.phalanx.api.server;

import static io.phalanx.api.json.ApiCodecs.AGGREGATE_AND_PROOFS;
import static io.phalanx.api.json.ApiCodecs.ATTESTER_DUTIES;
import static io.phalanx.api.json.ApiCodecs.BEACON_COMMITTEE_SELECTIONS;
import static io.phalanx.api.json.ApiCodecs.SINGLE_ATTESTATIONS;
import static io.phalanx.api.json.ApiCodecs.VALIDATORS;
import static io.phalanx.api.json.ApiCodecs.VALIDATOR_INDICES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.api.ApiException;
import io.phalanx.api.ValidatorApi;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.json.ApiJson;
import io.phalanx.api.json.Envelope;
import io.phalanx.api.json.ErrorBody;
import io.phalanx.api.json.SszBodies;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The endpoints Phalanx answers itself, each a thin translation between the beacon API's HTTP form
 * and one {@link ValidatorApi} call. Inputs are read whole before the call, so a request with one
 * bad element is refused and nothing of it acted on.
 */
final class ValidatorApiRoutes {

  /** The spec's limit on ids in the GET form; the POST form exists for more. */
  static final int MAX_GET_VALIDATOR_IDS = 64;

  private static final Set<String> VALIDATOR_STATUSES = Set.of(
      "pending_initialized", "pending_queued", "active_ongoing", "active_exiting", "active_slashed",
      "exited_unslashed", "exited_slashed", "withdrawal_possible", "withdrawal_done",
      "pending", "active", "exited", "withdrawal");

  private final ValidatorApi api;
  private final String nodeVersion;
  private final LongFunction<ConsensusVersion> consensusVersionAtSlot;

  ValidatorApiRoutes(ValidatorApi api, String nodeVersion, LongFunction<ConsensusVersion> consensusVersionAtSlot) {
    this.api = api;
    this.nodeVersion = nodeVersion;
    this.consensusVersionAtSlot = consensusVersionAtSlot;
  }

  /** Adds every route to {@code router}. */
  Router<RouteHandler> register(Router<RouteHandler> router) {
    return router
        .route("POST", "/eth/v1/validator/duties/attester/{epoch}", this::attesterDuties)
        .route("GET", "/eth/v1/validator/attestation_data", this::attestationData)
        .route("POST", "/eth/v2/beacon/pool/attestations", r -> indexedErrors(r, this::submitAttestations))
        .route("POST", "/eth/v1/validator/beacon_committee_selections", this::beaconCommitteeSelections)
        .route("GET", "/eth/v2/validator/aggregate_attestation", this::aggregateAttestation)
        .route("POST", "/eth/v2/validator/aggregate_and_proofs", r -> indexedErrors(r, this::submitAggregateAndProofs))
        .route("GET", "/eth/v1/beacon/states/{state_id}/validators", this::getValidators)
        .route("POST", "/eth/v1/beacon/states/{state_id}/validators", this::postValidators)
        .route("GET", "/eth/v1/node/version", this::nodeVersion)
        .route("GET", "/eth/v1/events", request -> CompletableFuture.failedFuture(
            new ApiException(501, "the event stream is not served by Phalanx yet")));
  }

  /**
   * A list submission whose 400 answer is the beacon API's IndexedErrorMessage: {@code failures}
   * names the refused elements, and is there (empty) when the request was refused as a whole.
   */
  private static CompletableFuture<Response> indexedErrors(
      Request request, Function<Request, CompletableFuture<Response>> route) {
    CompletableFuture<Response> answer;
    try {
      answer = route.apply(request);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return answer.exceptionallyCompose(failure -> {
      Throwable cause = failure;
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof ApiException e && e.status() == 400) {
        return CompletableFuture.completedFuture(
            Response.json(400, ErrorBody.of(e).toIndexedJson()));
      }
      return CompletableFuture.failedFuture(failure);
    });
  }

  private CompletableFuture<Response> attesterDuties(Request request) {
    long epoch = Params.uint64Path(request, "epoch");
    List<Long> indices = Params.body(request, VALIDATOR_INDICES);
    return api.attesterDuties(epoch, indices).thenApply(duties -> Response.ok(
        Envelope.of(ATTESTER_DUTIES.toJson(duties.duties()))
            .withDependentRoot(duties.dependentRoot())
            .withExecutionOptimistic(false)));
  }

  private CompletableFuture<Response> attestationData(Request request) {
    long slot = Params.uint64Query(request, "slot");
    long committeeIndex = Params.uint64Query(request, "committee_index");
    return api.attestationData(slot, committeeIndex)
        .thenApply(data -> Response.ok(Envelope.of(AttestationData.SSZ.toJson(data))));
  }

  private CompletableFuture<Response> submitAttestations(Request request) {
    ConsensusVersion version = Params.consensusVersion(request);
    List<SingleAttestation> attestations = 
        Params.sszOrJsonBody(request, SszBodies.SINGLE_ATTESTATIONS, SINGLE_ATTESTATIONS);
    for (int i = 0; i < attestations.size(); i++) {
      checkVersion(version, attestations.get(i).data().slot(), "[" + i + "]");
    }
    return api.submitAttestations(attestations).thenApply(ignored -> Response.accepted());
  }

  private CompletableFuture<Response> beaconCommitteeSelections(Request request) {
    List<BeaconCommitteeSelection> partials = Params.body(request, BEACON_COMMITTEE_SELECTIONS);
    return api.beaconCommitteeSelections(partials)
        .thenApply(selections -> Response.ok(Envelope.of(BEACON_COMMITTEE_SELECTIONS.toJson(selections))));
  }

  private CompletableFuture<Response> aggregateAttestation(Request request) {
    Bytes root = Params.rootQuery(request, "attestation_data_root");
    long slot = Params.uint64Query(request, "slot");
    long committeeIndex = Params.uint64Query(request, "committee_index");
    String version = consensusVersionAtSlot.apply(slot).apiName();
    return api.aggregateAttestation(slot, root, committeeIndex).thenApply(aggregate -> Response.okVersioned(
        Envelope.of(Attestation.SSZ.toJson(aggregate)).withVersion(version)));
  }

  private CompletableFuture<Response> submitAggregateAndProofs(Request request) {
    ConsensusVersion version = Params.consensusVersion(request);
    List<SignedAggregateAndProof> aggregates = 
        Params.sszOrJsonBody(request, SszBodies.AGGREGATE_AND_PROOFS, AGGREGATE_AND_PROOFS);
    for (int i = 0; i < aggregates.size(); i++) {
      checkVersion(version, aggregates.get(i).message().aggregate().data().slot(), "[" + i + "]");
    }
    return api.submitAggregateAndProofs(aggregates).thenApply(ignored -> Response.accepted());
  }

  /**
   * The Eth-Consensus-Version header must name the fork of the message's slot, as the chain's fork
   * schedule has it: a message of another fork would be read under the wrong rules.
   */
  private void checkVersion(ConsensusVersion header, long slot, String where) {
    ConsensusVersion expected = consensusVersionAtSlot.apply(slot);
    if (header != expected) {
      throw ApiException.badRequest("Eth-Consensus-Version " + header.apiName() + " does not match " + where
          + ", of slot " + Long.toUnsignedString(slot) + ", which is in fork " + expected.apiName());
    }
  }

  private CompletableFuture<Response> getValidators(Request request) {
    String stateId = Params.stateId(request);
    List<String> ids = validatorIds(Params.listQuery(request, "id"), "id");
    if (ids.size() > MAX_GET_VALIDATOR_IDS) {
      throw new ApiException(414, "too many validator ids: " + ids.size() + ", at most "
          + MAX_GET_VALIDATOR_IDS + " (POST takes more)");
    }
    return validators(stateId, ids, statuses(Params.listQuery(request, "status"), "status"));
  }

  private CompletableFuture<Response> postValidators(Request request) {
    String stateId = Params.stateId(request);
    // The body is optional in practice: omitted, or either list null or empty, means "all".
    ValidatorFilter filter = request.body().length == 0
        ? new ValidatorFilter(List.of(), List.of())
        : Params.jsonBody(request, ValidatorApiRoutes::validatorFilter);
    return validators(stateId, filter.ids(), filter.statuses());
  }

  private CompletableFuture<Response> validators(String stateId, List<String> ids, List<String> statuses) {
    return api.validators(stateId, ids).thenApply(found -> {
      List<ValidatorInfo> selected = statuses.isEmpty() ? found
          : found.stream().filter(v -> statuses.stream().anyMatch(s -> hasStatus(v, s))).toList();
      return Response.ok(
          Envelope.of(VALIDATORS.toJson(selected)).withExecutionOptimistic(false).withFinalized(false));
    });
  }

  private CompletableFuture<Response> nodeVersion(Request request) {
    ObjectNode data = ApiJson.object().put("version", nodeVersion);
    return CompletableFuture.completedFuture(Response.ok(Envelope.of(data)));
  }

  private record ValidatorFilter(List<String> ids, List<String> statuses) {}

  private static ValidatorFilter validatorFilter(JsonNode json) {
    ApiJson.requireObject(json, "");
    ApiJson.requireOnly(json, List.of("ids", "statuses"));
    return new ValidatorFilter(
        validatorIds(strings(json, "ids"), "ids"), statuses(strings(json, "statuses"), "statuses"));
  }

  private static List<String> strings(JsonNode json, String field) {
    JsonNode array = json.get(field);
    if (array == null || array.isNull()) {
      return List.of();
    }
    if (!array.isArray()) {
      throw new IllegalArgumentException(field + ": expected a JSON array, got " + ApiJson.describe(array));
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!array.get(i).isTextual()) {
        throw new IllegalArgumentException(
            field + "[" + i + "]: expected a string, got " + ApiJson.describe(array.get(i)));
      }
      values.add(array.get(i).textValue());
    }
    return values;
  }

  private static List<String> validatorIds(List<String> ids, String field) {
    Set<String> unique = new LinkedHashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      unique.add(Params.validatorId(ids.get(i), field + "[" + i + "]"));
    }
    return List.copyOf(unique);
  }

  private static List<String> statuses(List<String> statuses, String field) {
    for (int i = 0; i < statuses.size(); i++) {
      if (!VALIDATOR_STATUSES.contains(statuses.get(i))) {
        throw ApiException.badRequest("invalid " + field + "[" + i + "]: unknown validator status '"
            + statuses.get(i) + "'");
      }
    }
    return List.copyOf(new LinkedHashSet<>(statuses));
  }

  /** "active" matches active_ongoing, active_exiting and active_slashed; full names match themselves. */
  private static boolean hasStatus(ValidatorInfo validator, String status) {
    return validator.status().equals(status) || validator.status().startsWith(status + "_");
  }
}
