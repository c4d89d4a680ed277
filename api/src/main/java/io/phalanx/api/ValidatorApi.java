package io.phalanx.api;

import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.ProducedBlock;
import io.phalanx.spec.api.ProposerDuty;
import io.phalanx.spec.api.ProposerPreparation;
import io.phalanx.spec.api.SyncCommitteeDuty;
import io.phalanx.spec.api.SyncCommitteeSelection;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.ConsensusVersion;
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
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * What the validator-facing server asks of the cluster: the endpoints Phalanx serves itself
 * rather than proxying to the beacon node. Implemented by the duties module. A failed future
 * with an {@link ApiException} becomes that status and JSON error body; any other failure a 500.
 *
 * <p>Validator clients in distributed mode know their share public keys only; Phalanx maps them
 * to the validators' group keys and back (duties, validator lookups).
 */
public interface ValidatorApi {
  /** {@code POST /eth/v1/validator/duties/attester/{epoch}}, with share public keys in the answer. */
  CompletableFuture<AttesterDuty.Epoch> attesterDuties(long epoch, List<Long> validatorIndices);

  /** {@code GET /eth/v1/validator/attestation_data}: the decided data, once the cluster agreed on it. */
  CompletableFuture<AttestationData> attestationData(long slot, long committeeIndex);

  /** {@code POST /eth/v2/beacon/pool/attestations}: partial attestations, verified against the shares. */
  CompletableFuture<Void> submitAttestations(List<SingleAttestation> attestations);

  /** {@code POST /eth/v1/validator/beacon_committee_selections}: partial proofs in, whole proofs out. */
  CompletableFuture<List<BeaconCommitteeSelection>> beaconCommitteeSelections(List<BeaconCommitteeSelection> partials);

  /** {@code GET /eth/v2/validator/aggregate_attestation}: the aggregate the cluster agreed on. */
  CompletableFuture<Attestation> aggregateAttestation(long slot, Bytes attestationDataRoot, long committeeIndex);

  /** {@code POST /eth/v2/validator/aggregate_and_proofs}: partial aggregate-and-proofs. */
  CompletableFuture<Void> submitAggregateAndProofs(List<SignedAggregateAndProof> aggregates);

  /**
   * {@code GET/POST /eth/v1/beacon/states/{state_id}/validators}: {@code ids} are indices or public
   * keys (share or group keys); the answer names share keys where the client asked by share key.
   */
  CompletableFuture<List<ValidatorInfo>> validators(String stateId, List<String> ids);

  /**
   * {@code POST /eth/v1/beacon/pool/voluntary_exits}: a partial exit, signed with this node's share;
   * combined with the peers' partials and published once T of them agree. Refused (4xx) for a
   * validator that is not the cluster's.
   */
  default CompletableFuture<Void> submitVoluntaryExit(SignedVoluntaryExit partialExit) {
    return CompletableFuture.failedFuture(new ApiException(501, "voluntary exits are not served"));
  }

  /**
   * {@code POST /eth/v1/validator/register_validator}: partial builder registrations; refused
   * whole (4xx) when one names a fee recipient that is not the cluster lock's.
   */
  default CompletableFuture<Void> registerValidators(
      List<SignedValidatorRegistrationV1> partialRegistrations) {
    return CompletableFuture.failedFuture(new ApiException(501, "builder registrations are not served"));
  }

  /**
   * {@code POST /eth/v1/validator/prepare_beacon_proposer}: the cluster lock's fee recipients win
   * over the ones the validator client sends.
   */
  default CompletableFuture<Void> prepareBeaconProposer(List<ProposerPreparation> preparations) {
    return CompletableFuture.failedFuture(new ApiException(501, "proposer preparation is not served"));
  }

  /**
   * {@code GET /eth/v1/validator/duties/proposer/{epoch}}, with share public keys in place of the
   * cluster's group keys and the beacon node's dependent root.
   */
  default CompletableFuture<ProposerDuty.Epoch> proposerDuties(long epoch) {
    return CompletableFuture.failedFuture(new ApiException(501, "proposer duties are not served by this node"));
  }

  /**
   * {@code GET /eth/v3/validator/blocks/{slot}}: {@code randaoReveal} is the validator client's
   * partial reveal; the answer is the block the cluster decided.
   */
  default CompletableFuture<ProducedBlock> produceBlock(long slot, Bytes randaoReveal,
      Optional<Bytes> graffiti, OptionalLong builderBoostFactor) {
    return CompletableFuture.failedFuture(new ApiException(501, "block production is not served by this node"));
  }

  /** {@code POST /eth/v2/beacon/blocks}: a partially signed full block. */
  default CompletableFuture<Void> submitBlock(ConsensusVersion version,
      SignedBlockContents block) {
    return CompletableFuture.failedFuture(new ApiException(501, "block submission is not served by this node"));
  }

  /** {@code POST /eth/v2/beacon/blinded_blocks}: a partially signed blinded block. */
  default CompletableFuture<Void> submitBlindedBlock(ConsensusVersion version,
      SignedBlindedBeaconBlock block) {
    return CompletableFuture.failedFuture(new ApiException(501, "blinded block submission is not served by this node"));
  }

  /**
   * {@code POST /eth/v1/validator/duties/sync/{epoch}}, with share public keys in the answer.
   * The sync-committee methods default to a 501 for implementations without them (test fakes).
   */
  default CompletableFuture<List<SyncCommitteeDuty>> syncCommitteeDuties(
      long epoch, List<Long> validatorIndices) {
    return notServed("sync committee duties");
  }

  /**
   * The head block root the cluster decided for the current slot's sync committee messages, empty
   * when the cluster has no sync committee duty in the slot ({@code GET
   * /eth/v1/beacon/blocks/head/root} is then passed to the beacon node).
   */
  default CompletableFuture<Optional<Bytes>> syncCommitteeHeadRoot() {
    return CompletableFuture.completedFuture(Optional.empty());
  }

  /** {@code POST /eth/v1/beacon/pool/sync_committees}: partial messages over the decided root. */
  default CompletableFuture<Void> submitSyncCommitteeMessages(List<SyncCommitteeMessage> messages) {
    return notServed("sync committee messages");
  }

  /** {@code POST /eth/v1/validator/sync_committee_selections}: partial proofs in, whole proofs out. */
  default CompletableFuture<List<SyncCommitteeSelection>> syncCommitteeSelections(
      List<SyncCommitteeSelection> partials) {
    return notServed("sync committee selections");
  }

  /** {@code GET /eth/v1/validator/sync_committee_contribution}: the contribution the cluster agreed on. */
  default CompletableFuture<SyncCommitteeContribution> syncCommitteeContribution(
      long slot, long subcommitteeIndex, Bytes beaconBlockRoot) {
    return notServed("sync committee contributions");
  }

  /** {@code POST /eth/v1/validator/contribution_and_proofs}: partial contribution-and-proofs. */
  default CompletableFuture<Void> submitContributionAndProofs(
      List<SignedContributionAndProof> contributions) {
    return notServed("contribution and proofs");
  }

  private static <T> CompletableFuture<T> notServed(String what) {
    return CompletableFuture.failedFuture(new ApiException(501, what + " are not served here"));
  }
}
