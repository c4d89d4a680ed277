package io.phalanx.duties;

import io.phalanx.api.ApiException;
import io.phalanx.api.ValidatorApi;
import io.phalanx.api.ValidatorInfo;
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
import java.util.function.Supplier;

/**
 * The validator API a validator client in distributed mode talks to, served from the cluster. It
 * only hands each call to the duty that owns it; the duties serve only decided data, take only
 * partial signatures over it that verify against this node's share, and answer in the validator
 * client's terms (its share keys).
 */
public final class ClusterValidatorApi implements ValidatorApi {
  private final ValidatorLookup validators;
  private final AttestationDuty attestation;
  private final AggregationDuty aggregation;
  private final ProposalDuty proposals;
  private final SyncCommitteeDuties sync;
  private final VoluntaryExitDuty exits;
  private final BuilderRegistrationDuty registrations;
  private final ProposerPreparations preparations;

  ClusterValidatorApi(ValidatorLookup validators, AttestationDuty attestation, AggregationDuty aggregation,
      ProposalDuty proposals, SyncCommitteeDuties sync, VoluntaryExitDuty exits,
      BuilderRegistrationDuty registrations, ProposerPreparations preparations) {
    this.validators = validators;
    this.attestation = attestation;
    this.aggregation = aggregation;
    this.proposals = proposals;
    this.sync = sync;
    this.exits = exits;
    this.registrations = registrations;
    this.preparations = preparations;
  }

  @Override
  public CompletableFuture<List<ValidatorInfo>> validators(String stateId, List<String> ids) {
    return guarded(() -> validators.validators(stateId, ids));
  }

  // Attestations.

  @Override
  public CompletableFuture<AttesterDuty.Epoch> attesterDuties(long epoch, List<Long> validatorIndices) {
    return attestation.attesterDuties(epoch, validatorIndices);
  }

  @Override
  public CompletableFuture<AttestationData> attestationData(long slot, long committeeIndex) {
    return attestation.attestationData(slot);
  }

  @Override
  public CompletableFuture<Void> submitAttestations(List<SingleAttestation> attestations) {
    return guarded(() -> attestation.submit(attestations));
  }

  // Aggregation.

  @Override
  public CompletableFuture<List<BeaconCommitteeSelection>> beaconCommitteeSelections(
      List<BeaconCommitteeSelection> partials) {
    return guarded(() -> aggregation.selections(partials));
  }

  @Override
  public CompletableFuture<Attestation> aggregateAttestation(long slot, Bytes attestationDataRoot, long committeeIndex) {
    return aggregation.aggregateAttestation(slot, attestationDataRoot, committeeIndex);
  }

  @Override
  public CompletableFuture<Void> submitAggregateAndProofs(List<SignedAggregateAndProof> aggregates) {
    return guarded(() -> aggregation.submit(aggregates));
  }

  // Block proposals.

  @Override
  public CompletableFuture<ProposerDuty.Epoch> proposerDuties(long epoch) {
    return guarded(() -> proposals.proposerDuties(epoch));
  }

  @Override
  public CompletableFuture<ProducedBlock> produceBlock(long slot, Bytes randaoReveal, Optional<Bytes> graffiti,
      OptionalLong builderBoostFactor) {
    return guarded(() -> proposals.produceBlock(slot, randaoReveal, graffiti, builderBoostFactor));
  }

  @Override
  public CompletableFuture<Void> submitBlock(ConsensusVersion version, SignedBlockContents block) {
    return guarded(() -> proposals.submitBlock(version, block));
  }

  @Override
  public CompletableFuture<Void> submitBlindedBlock(ConsensusVersion version, SignedBlindedBeaconBlock block) {
    return guarded(() -> proposals.submitBlindedBlock(version, block));
  }

  @Override
  public CompletableFuture<Void> prepareBeaconProposer(List<ProposerPreparation> preparations) {
    return guarded(() -> this.preparations.prepare(preparations));
  }

  // Sync committee.

  @Override
  public CompletableFuture<List<SyncCommitteeDuty>> syncCommitteeDuties(long epoch, List<Long> validatorIndices) {
    return sync.duties(epoch, validatorIndices);
  }

  @Override
  public CompletableFuture<Optional<Bytes>> syncCommitteeHeadRoot() {
    return sync.headRoot();
  }

  @Override
  public CompletableFuture<Void> submitSyncCommitteeMessages(List<SyncCommitteeMessage> messages) {
    return guarded(() -> sync.submitMessages(messages));
  }

  @Override
  public CompletableFuture<List<SyncCommitteeSelection>> syncCommitteeSelections(
      List<SyncCommitteeSelection> partials) {
    return guarded(() -> sync.selections(partials));
  }

  @Override
  public CompletableFuture<SyncCommitteeContribution> syncCommitteeContribution(long slot, long subcommitteeIndex,
      Bytes beaconBlockRoot) {
    return sync.contribution(slot, subcommitteeIndex, beaconBlockRoot);
  }

  @Override
  public CompletableFuture<Void> submitContributionAndProofs(List<SignedContributionAndProof> contributions) {
    return guarded(() -> sync.submitContributionAndProofs(contributions));
  }

  // Exits and registrations.

  @Override
  public CompletableFuture<Void> submitVoluntaryExit(SignedVoluntaryExit partialExit) {
    return guarded(() -> exits.submit(partialExit));
  }

  @Override
  public CompletableFuture<Void> registerValidators(List<SignedValidatorRegistrationV1> partialRegistrations) {
    return guarded(() -> registrations.submit(partialRegistrations));
  }

  /** Runs {@code body}, turning a refusal it throws into a failed future, as the server expects. */
  private static <T> CompletableFuture<T> guarded(Supplier<CompletableFuture<T>> body) {
    try {
      return body.get();
    } catch (ApiException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
