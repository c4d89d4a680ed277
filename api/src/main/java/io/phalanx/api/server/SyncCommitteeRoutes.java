package io.phalanx.api.server;

import static io.phalanx.api.json.ApiCodecs.CONTRIBUTION_AND_PROOFS;
import static io.phalanx.api.json.ApiCodecs.SYNC_COMMITTEE_MESSAGES;
import static io.phalanx.api.json.ApiCodecs.SYNC_COMMITTEE_SELECTIONS;
import static io.phalanx.api.json.ApiCodecs.SYNC_DUTIES;
import static io.phalanx.api.json.ApiCodecs.VALIDATOR_INDICES;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.api.ValidatorApi;
import io.phalanx.api.json.ApiJson;
import io.phalanx.api.json.Envelope;
import io.phalanx.spec.api.SyncCommitteeSelection;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SyncCommitteeContribution;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.util.Bytes;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The sync-committee endpoints Phalanx answers itself: duties with share keys, the head block root
 * the cluster decided for the slot's messages, partial messages, selections, the decided
 * contributions and partial contribution-and-proofs. Each is a thin translation to one {@link
 * ValidatorApi} call, like {@link ValidatorApiRoutes}.
 */
final class SyncCommitteeRoutes {
  private final ValidatorApi api;
  private final RouteHandler proxy;

  /** @param proxy passes a request to the beacon node, for a head root the cluster has not decided */
  SyncCommitteeRoutes(ValidatorApi api, RouteHandler proxy) {
    this.api = api;
    this.proxy = proxy;
  }

  Router<RouteHandler> register(Router<RouteHandler> router) {
    return router
        .route("POST", "/eth/v1/validator/duties/sync/{epoch}", this::syncDuties)
        .route("GET", "/eth/v1/beacon/blocks/head/root", this::headRoot)
        .route("POST", "/eth/v1/beacon/pool/sync_committees", this::submitMessages)
        .route("POST", "/eth/v1/validator/sync_committee_selections", this::selections)
        .route("GET", "/eth/v1/validator/sync_committee_contribution", this::contribution)
        .route("POST", "/eth/v1/validator/contribution_and_proofs", this::submitContributionAndProofs);
  }

  private CompletableFuture<Response> syncDuties(Request request) {
    long epoch = Params.uint64Path(request, "epoch");
    List<Long> indices = Params.body(request, VALIDATOR_INDICES);
    return api.syncCommitteeDuties(epoch, indices).thenApply(duties -> Response.ok(
        Envelope.of(SYNC_DUTIES.toJson(duties)).withExecutionOptimistic(false)));
  }

  /**
   * The decided root while the cluster has sync committee duties in the current slot, so that
   * every validator client of the cluster signs the same root; the beacon node's head otherwise.
   */
  private CompletableFuture<Response> headRoot(Request request) {
    return api.syncCommitteeHeadRoot().thenCompose(decided -> {
      if (decided.isEmpty()) {
        return proxy.handle(request);
      }
      ObjectNode data = ApiJson.object().put("root", decided.get().toHex());
      return CompletableFuture.completedFuture(
          Response.ok(Envelope.of(data).withExecutionOptimistic(false).withFinalized(false)));
    });
  }

  private CompletableFuture<Response> submitMessages(Request request) {
    List<SyncCommitteeMessage> messages = Params.body(request, SYNC_COMMITTEE_MESSAGES);
    return api.submitSyncCommitteeMessages(messages).thenApply(ignored -> Response.accepted());
  }

  private CompletableFuture<Response> selections(Request request) {
    List<SyncCommitteeSelection> partials = Params.body(request, SYNC_COMMITTEE_SELECTIONS);
    return api.syncCommitteeSelections(partials)
        .thenApply(selections -> Response.ok(Envelope.of(SYNC_COMMITTEE_SELECTIONS.toJson(selections))));
  }

  private CompletableFuture<Response> contribution(Request request) {
    long slot = Params.uint64Query(request, "slot");
    long subcommitteeIndex = Params.uint64Query(request, "subcommittee_index");
    Bytes root = Params.rootQuery(request, "beacon_block_root");
    return api.syncCommitteeContribution(slot, subcommitteeIndex, root)
        .thenApply(c -> Response.ok(Envelope.of(SyncCommitteeContribution.SSZ.toJson(c))));
  }

  private CompletableFuture<Response> submitContributionAndProofs(Request request) {
    List<SignedContributionAndProof> contributions = Params.body(request, CONTRIBUTION_AND_PROOFS);
    return api.submitContributionAndProofs(contributions).thenApply(ignored -> Response.accepted());
  }
}
