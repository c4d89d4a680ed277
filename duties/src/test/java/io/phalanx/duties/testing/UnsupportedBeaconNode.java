package io.phalanx.duties.testing;

import io.phalanx.api.BeaconNode;
import io.phalanx.api.ChainSpec;
import io.phalanx.api.SyncStatus;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.ValidatorLiveness;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A beacon node for tests that answers nothing: every call it is not told about throws. A test's
 * stand-in extends it and overrides only the calls its duty makes, so a call nobody expected fails
 * loudly instead of answering something made up.
 */
public abstract class UnsupportedBeaconNode implements BeaconNode {
  @Override
  public CompletableFuture<Genesis> genesis() {
    throw new UnsupportedOperationException("genesis");
  }

  @Override
  public CompletableFuture<ChainSpec> spec() {
    throw new UnsupportedOperationException("spec");
  }

  @Override
  public CompletableFuture<Fork> fork(String stateId) {
    throw new UnsupportedOperationException("fork");
  }

  @Override
  public CompletableFuture<SyncStatus> syncing() {
    throw new UnsupportedOperationException("syncing");
  }

  @Override
  public CompletableFuture<List<ValidatorInfo>> validators(String stateId, List<String> ids) {
    throw new UnsupportedOperationException("validators");
  }

  @Override
  public CompletableFuture<AttesterDuty.Epoch> attesterDuties(long epoch, List<Long> validatorIndices) {
    throw new UnsupportedOperationException("attesterDuties");
  }

  @Override
  public CompletableFuture<AttestationData> attestationData(long slot, long committeeIndex) {
    throw new UnsupportedOperationException("attestationData");
  }

  @Override
  public CompletableFuture<Attestation> aggregateAttestation(long slot, Bytes attestationDataRoot, long committeeIndex) {
    throw new UnsupportedOperationException("aggregateAttestation");
  }

  @Override
  public CompletableFuture<Void> publishAttestations(List<SingleAttestation> attestations) {
    throw new UnsupportedOperationException("publishAttestations");
  }

  @Override
  public CompletableFuture<Void> publishAggregateAndProofs(List<SignedAggregateAndProof> aggregates) {
    throw new UnsupportedOperationException("publishAggregateAndProofs");
  }

  @Override
  public CompletableFuture<List<ValidatorLiveness>> liveness(long epoch, List<Long> validatorIndices) {
    throw new UnsupportedOperationException("liveness");
  }

  @Override
  public CompletableFuture<List<BeaconCommitteeSelection>> beaconCommitteeSelections(
      List<BeaconCommitteeSelection> selections) {
    throw new UnsupportedOperationException("beaconCommitteeSelections");
  }

  @Override
  public CompletableFuture<ProxyResponse> proxy(ProxyRequest request) {
    throw new UnsupportedOperationException("proxy");
  }
}
