package io.phalanx.sim.chain;

import static io.phalanx.sim.chain.Endpoint.list;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.api.ApiException;
import io.phalanx.api.server.Router;
import io.phalanx.sim.chain.Endpoint.Handler;
import io.phalanx.sim.chain.Endpoint.Request;
import io.phalanx.sim.chain.Endpoint.Response;
import io.phalanx.spec.api.ProposerPreparation;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SignedValidatorRegistrationV1;
import io.phalanx.spec.types.SignedVoluntaryExit;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.types.SyncCommitteeContribution;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.util.Bytes;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One simulated beacon node's endpoints of what validators sign: attestation data, the attestation
 * pool, aggregates and aggregate-and-proofs, the sync committee pool, contributions and
 * contribution-and-proofs, voluntary exits, builder registrations and proposer preparation
 * ({@link ExitsAndRegistrations}). Refused pool submissions are answered 400 with the beacon API's
 * {@code failures}. With the {@link Faults.Kind#WRONG_DATA} fault on, attestation data and
 * aggregates are of the next slot.
 */
final class PoolEndpoints {
  private static final String CONSENSUS_VERSION_HEADER = "Eth-Consensus-Version";

  private final SimulatedChain chain;
  private final Faults faults;

  PoolEndpoints(SimulatedChain chain, Faults faults) {
    this.chain = chain;
    this.faults = faults;
  }

  Router<Handler> register(Router<Handler> router) {
    return router
        .route("GET", "/eth/v1/validator/attestation_data", this::attestationData)
        .route("POST", "/eth/v2/beacon/pool/attestations", this::submitAttestations)
        .route("GET", "/eth/v2/validator/aggregate_attestation", this::aggregateAttestation)
        .route("POST", "/eth/v2/validator/aggregate_and_proofs", this::submitAggregateAndProofs)
        .route("POST", "/eth/v1/beacon/pool/voluntary_exits", this::submitVoluntaryExit)
        .route("POST", "/eth/v1/validator/register_validator", this::registerValidators)
        .route("POST", "/eth/v1/validator/prepare_beacon_proposer", this::prepareBeaconProposer)
        .route("POST", "/eth/v1/beacon/pool/sync_committees", r -> refusals(
            chain.submitSyncCommitteeMessages(list(r, SyncCommitteeMessage.SSZ))))
        .route("GET", "/eth/v1/validator/sync_committee_contribution", this::syncCommitteeContribution)
        .route("POST", "/eth/v1/validator/contribution_and_proofs", r -> refusals(
            chain.submitContributionAndProofs(list(r, SignedContributionAndProof.SSZ))));
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
    Bytes root = hex(request.requiredQuery("attestation_data_root"), "attestation_data_root");
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

  private Response syncCommitteeContribution(Request request) {
    long slot = BeaconApiIds.parseUint64(request.requiredQuery("slot"), "slot");
    long subcommittee = BeaconApiIds.parseUint64(request.requiredQuery("subcommittee_index"), "subcommittee_index");
    Bytes root = hex(request.requiredQuery("beacon_block_root"), "beacon_block_root");
    SyncCommitteeContribution contribution = chain.syncCommitteeContribution(slot, subcommittee, root)
        .orElseThrow(() -> ApiException.notFound("no sync committee message over block root " + root + " in slot "
            + slot + ", subcommittee " + subcommittee));
    return Response.data(SyncCommitteeContribution.SSZ.toJson(contribution), Map.of());
  }

  private Response submitVoluntaryExit(Request request) {
    SignedVoluntaryExit exit;
    try {
      exit = SignedVoluntaryExit.SSZ.fromJson(request.json());
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
      List<SignedValidatorRegistrationV1> registrations;
      try {
        registrations = Ssz.list(SignedValidatorRegistrationV1.SSZ, 1L << 40).deserialize(request.body());
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid SSZ List[SignedValidatorRegistrationV1]: " + e.getMessage());
      }
      return refusals(chain.registerValidators(registrations));
    }
    return refusals(chain.registerValidators(list(request, SignedValidatorRegistrationV1.SSZ)));
  }

  private Response prepareBeaconProposer(Request request) {
    chain.prepareBeaconProposer(list(request, ProposerPreparation.SSZ));
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

  /** A 32-byte root from the query; a malformed one is answered 400 with the parser's words. */
  private static Bytes hex(String value, String name) {
    try {
      return Bytes.fromHex(value, 32, name);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }
}
