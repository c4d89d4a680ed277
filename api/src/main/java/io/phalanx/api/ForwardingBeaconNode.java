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
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * A beacon node that hands every call to another: the base of decorators that change or watch a
 * few calls (recording what a client published, noting what it was served) and pass the rest on.
 */
public abstract class ForwardingBeaconNode implements BeaconNode {
  private final BeaconNode delegate;

  protected ForwardingBeaconNode(BeaconNode delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** Where the calls go. */
  protected BeaconNode delegate() {
    return delegate;
  }

  @Override
  public CompletableFuture<Genesis> genesis() {
    return delegate.genesis();
  }

  @Override
  public CompletableFuture<ChainSpec> spec() {
    return delegate.spec();
  }

  @Override
  public CompletableFuture<Fork> fork(String stateId) {
    return delegate.fork(stateId);
  }

  @Override
  public CompletableFuture<SyncStatus> syncing() {
    return delegate.syncing();
  }

  @Override
  public CompletableFuture<List<ValidatorInfo>> validators(String stateId, List<String> ids) {
    return delegate.validators(stateId, ids);
  }

  @Override
  public CompletableFuture<AttesterDuty.Epoch> attesterDuties(long epoch, List<Long> validatorIndices) {
    return delegate.attesterDuties(epoch, validatorIndices);
  }

  @Override
  public CompletableFuture<AttestationData> attestationData(long slot, long committeeIndex) {
    return delegate.attestationData(slot, committeeIndex);
  }

  @Override
  public CompletableFuture<Attestation> aggregateAttestation(long slot, Bytes attestationDataRoot,
      long committeeIndex) {
    return delegate.aggregateAttestation(slot, attestationDataRoot, committeeIndex);
  }

  @Override
  public CompletableFuture<Void> publishAttestations(List<SingleAttestation> attestations) {
    return delegate.publishAttestations(attestations);
  }

  @Override
  public CompletableFuture<Void> publishAggregateAndProofs(List<SignedAggregateAndProof> aggregates) {
    return delegate.publishAggregateAndProofs(aggregates);
  }

  @Override
  public CompletableFuture<List<ValidatorLiveness>> liveness(long epoch, List<Long> validatorIndices) {
    return delegate.liveness(epoch, validatorIndices);
  }

  @Override
  public CompletableFuture<List<BeaconCommitteeSelection>> beaconCommitteeSelections(
      List<BeaconCommitteeSelection> selections) {
    return delegate.beaconCommitteeSelections(selections);
  }

  @Override
  public CompletableFuture<Void> publishVoluntaryExit(SignedVoluntaryExit exit) {
    return delegate.publishVoluntaryExit(exit);
  }

  @Override
  public CompletableFuture<Void> registerValidators(List<SignedValidatorRegistrationV1> registrations) {
    return delegate.registerValidators(registrations);
  }

  @Override
  public CompletableFuture<Void> prepareBeaconProposer(List<ProposerPreparation> preparations) {
    return delegate.prepareBeaconProposer(preparations);
  }

  @Override
  public CompletableFuture<ProposerDuty.Epoch> proposerDuties(long epoch) {
    return delegate.proposerDuties(epoch);
  }

  @Override
  public CompletableFuture<ProducedBlock> produceBlock(long slot, Bytes randaoReveal, Bytes graffiti,
      OptionalLong builderBoostFactor) {
    return delegate.produceBlock(slot, randaoReveal, graffiti, builderBoostFactor);
  }

  @Override
  public CompletableFuture<Void> publishBlock(ConsensusVersion version, SignedBlockContents block) {
    return delegate.publishBlock(version, block);
  }

  @Override
  public CompletableFuture<Void> publishBlindedBlock(ConsensusVersion version, SignedBlindedBeaconBlock block) {
    return delegate.publishBlindedBlock(version, block);
  }

  @Override
  public CompletableFuture<List<SyncCommitteeDuty>> syncDuties(long epoch, List<Long> validatorIndices) {
    return delegate.syncDuties(epoch, validatorIndices);
  }

  @Override
  public CompletableFuture<Bytes> blockRoot(String blockId) {
    return delegate.blockRoot(blockId);
  }

  @Override
  public CompletableFuture<Void> publishSyncCommitteeMessages(List<SyncCommitteeMessage> messages) {
    return delegate.publishSyncCommitteeMessages(messages);
  }

  @Override
  public CompletableFuture<SyncCommitteeContribution> syncCommitteeContribution(long slot, long subcommitteeIndex,
      Bytes beaconBlockRoot) {
    return delegate.syncCommitteeContribution(slot, subcommitteeIndex, beaconBlockRoot);
  }

  @Override
  public CompletableFuture<Void> publishContributionAndProofs(List<SignedContributionAndProof> contributions) {
    return delegate.publishContributionAndProofs(contributions);
  }

  @Override
  public CompletableFuture<List<SyncCommitteeSelection>> syncCommitteeSelections(
      List<SyncCommitteeSelection> selections) {
    return delegate.syncCommitteeSelections(selections);
  }

  @Override
  public CompletableFuture<ProxyResponse> proxy(ProxyRequest request) {
    return delegate.proxy(request);
  }
}
