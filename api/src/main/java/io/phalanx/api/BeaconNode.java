package io.phalanx.api;

import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.api.ProducedBlock;
import io.phalanx.spec.api.ProposerDuty;
import io.phalanx.spec.api.ProposerPreparation;
import io.phalanx.spec.api.SyncCommitteeDuty;
import io.phalanx.spec.api.SyncCommitteeSelection;
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
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * What a Phalanx node asks of a beacon node. One implementation talks HTTP to one beacon node;
 * the failover client wraps several behind this same interface. Failures are {@link ApiException}s
 * carrying the beacon node's status, or I/O errors.
 */
public interface BeaconNode {
  CompletableFuture<Genesis> genesis();

  CompletableFuture<ChainSpec> spec();

  CompletableFuture<Fork> fork(String stateId);

  CompletableFuture<SyncStatus> syncing();

  CompletableFuture<List<ValidatorInfo>> validators(String stateId, List<String> ids);

  /** The duties and the dependent root they were computed from. */
  CompletableFuture<AttesterDuty.Epoch> attesterDuties(long epoch, List<Long> validatorIndices);

  CompletableFuture<AttestationData> attestationData(long slot, long committeeIndex);

  CompletableFuture<Attestation> aggregateAttestation(long slot, Bytes attestationDataRoot, long committeeIndex);

  CompletableFuture<Void> publishAttestations(List<SingleAttestation> attestations);

  CompletableFuture<Void> publishAggregateAndProofs(List<SignedAggregateAndProof> aggregates);

  /**
   * {@code POST /eth/v1/validator/liveness/{epoch}}: whether each validator was seen live in the
   * epoch. Beacon nodes serve the current and the previous epoch; one that does not serve it at all
   * answers 404, 405 or 501.
   */
  CompletableFuture<List<ValidatorLiveness>> liveness(long epoch, List<Long> validatorIndices);

  /**
   * {@code POST /eth/v1/validator/beacon_committee_selections}. A real beacon node answers 501;
   * a validator client in distributed mode sends its partial proofs here and the middleware in
   * front of the beacon node answers with the combined proofs.
   */
  CompletableFuture<List<BeaconCommitteeSelection>> beaconCommitteeSelections(
      List<BeaconCommitteeSelection> selections);

  /**
   * {@code POST /eth/v1/beacon/pool/voluntary_exits}: a whole signed exit into the beacon node's
   * pool. Implementations that cannot publish exits answer 501.
   */
  default CompletableFuture<Void> publishVoluntaryExit(SignedVoluntaryExit exit) {
    return CompletableFuture.failedFuture(new ApiException(501, "publishing voluntary exits is not supported here"));
  }

  /**
   * {@code POST /eth/v1/validator/register_validator}: whole builder registrations, in one batch,
   * for the beacon node to pass on to the builder network.
   */
  default CompletableFuture<Void> registerValidators(
      List<SignedValidatorRegistrationV1> registrations) {
    return CompletableFuture.failedFuture(new ApiException(501, "builder registrations are not supported here"));
  }

  /**
   * {@code POST /eth/v1/validator/prepare_beacon_proposer}: the fee recipient of each validator
   * (by its index on chain) for the blocks the beacon node builds.
   */
  default CompletableFuture<Void> prepareBeaconProposer(List<ProposerPreparation> preparations) {
    return CompletableFuture.failedFuture(new ApiException(501, "proposer preparation is not supported here"));
  }

  /**
   * {@code GET /eth/v1/validator/duties/proposer/{epoch}}: the epoch's proposers (all validators;
   * callers pick their own) and the dependent root they follow from.
   */
  default CompletableFuture<ProposerDuty.Epoch> proposerDuties(long epoch) {
    return CompletableFuture.failedFuture(new ApiException(501, "proposer duties are not served here"));
  }

  /**
   * {@code GET /eth/v3/validator/blocks/{slot}}: a block to propose, full or blinded as the beacon
   * node chooses, with the RANDAO reveal and graffiti given.
   *
   * @param builderBoostFactor percentage by which a builder's bid is multiplied before it is
   *     compared with the local payload's value; empty leaves the beacon node's default (100)
   */
  default CompletableFuture<ProducedBlock> produceBlock(long slot, Bytes randaoReveal,
      Bytes graffiti, OptionalLong builderBoostFactor) {
    return CompletableFuture.failedFuture(new ApiException(501, "block production is not served here"));
  }

  /** {@code POST /eth/v2/beacon/blocks}: a signed full block with its blobs and proofs. */
  default CompletableFuture<Void> publishBlock(ConsensusVersion version,
      SignedBlockContents block) {
    return CompletableFuture.failedFuture(new ApiException(501, "block publishing is not served here"));
  }

  /**
   * {@code POST /eth/v2/beacon/blinded_blocks}: a signed blinded block; the beacon node that built
   * it asks its builder for the payload and publishes the full block.
   */
  default CompletableFuture<Void> publishBlindedBlock(ConsensusVersion version,
      SignedBlindedBeaconBlock block) {
    return CompletableFuture.failedFuture(new ApiException(501, "blinded block publishing is not served here"));
  }

  /**
   * {@code POST /eth/v1/validator/duties/sync/{epoch}}: the validators' positions in the sync
   * committee of the epoch's period.
   */
  default CompletableFuture<List<SyncCommitteeDuty>> syncDuties(
      long epoch, List<Long> validatorIndices) {
    return notImplemented("sync duties");
  }

  /** {@code GET /eth/v1/beacon/blocks/{block_id}/root}, e.g. of "head". */
  default CompletableFuture<Bytes> blockRoot(String blockId) {
    return notImplemented("block root");
  }

  /** {@code POST /eth/v1/beacon/pool/sync_committees}. */
  default CompletableFuture<Void> publishSyncCommitteeMessages(
      List<SyncCommitteeMessage> messages) {
    return notImplemented("sync committee messages");
  }

  /** {@code GET /eth/v1/validator/sync_committee_contribution}: what the subcommittee signed so far. */
  default CompletableFuture<SyncCommitteeContribution> syncCommitteeContribution(
      long slot, long subcommitteeIndex, Bytes beaconBlockRoot) {
    return notImplemented("sync committee contribution");
  }

  /** {@code POST /eth/v1/validator/contribution_and_proofs}. */
  default CompletableFuture<Void> publishContributionAndProofs(
      List<SignedContributionAndProof> contributions) {
    return notImplemented("contribution and proofs");
  }

  /**
   * {@code POST /eth/v1/validator/sync_committee_selections}. A real beacon node answers 501, as for
   * beacon_committee_selections; distributed validator middleware combines the partial proofs.
   */
  default CompletableFuture<List<SyncCommitteeSelection>> syncCommitteeSelections(
      List<SyncCommitteeSelection> selections) {
    return notImplemented("sync committee selections");
  }

  /** What the sync-committee methods answer in a client that does not implement them (test fakes). */
  private static <T> CompletableFuture<T> notImplemented(String what) {
    return CompletableFuture.failedFuture(new ApiException(501, what + " not implemented by this beacon node client"));
  }

  /**
   * Sends a request the validator-facing server does not serve itself, unchanged, and returns the
   * beacon node's answer unchanged.
   */
  CompletableFuture<ProxyResponse> proxy(ProxyRequest request);

  /** A request passed through to the beacon node. */
  record ProxyRequest(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {}

  /** The beacon node's answer to a passed-through request. */
  record ProxyResponse(int status, Map<String, List<String>> headers, byte[] body) {}
}
