package io.phalanx.api.server;

import io.phalanx.api.ValidatorApi;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.json.ApiTestData;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.SyncCommitteeDuty;
import io.phalanx.spec.api.SyncCommitteeSelection;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.types.SyncCommitteeContribution;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.util.Bytes;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An in-memory ValidatorApi for tests: canned answers from a seed, every call recorded, and a
 * failure to answer with instead when one is set. Answers complete on another thread, as the
 * cluster's do.
 */
public final class FakeValidatorApi implements ValidatorApi {
  public final AttesterDuty.Epoch duties;
  public final AttestationData attestationData;
  public final Attestation aggregate;
  public final List<BeaconCommitteeSelection> selections;
  public final List<ValidatorInfo> validators;
  public final List<SyncCommitteeDuty> syncDuties;
  public final List<SyncCommitteeSelection> syncSelections;
  public final SyncCommitteeContribution contribution;
  /** The decided head root the fake answers with; empty: none, the request goes to the beacon node. */
  public volatile Optional<Bytes> headRoot = Optional.empty();

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile Executor elsewhere = CompletableFuture.delayedExecutor(0, TimeUnit.MILLISECONDS);
  private volatile Supplier<RuntimeException> failure;
  private volatile boolean throwSynchronously;

  /** One call: the method's name and its arguments. */
  public record Call(String method, List<Object> arguments) {
    public static Call of(String method, Object... arguments) {
      return new Call(method, Arrays.asList(arguments));
    }
  }

  public FakeValidatorApi(long seed) {
    ApiTestData data = new ApiTestData(seed);
    duties = new AttesterDuty.Epoch(data.root(), data.list(3, data::attesterDuty));
    attestationData = data.attestationData();
    aggregate = data.attestation();
    selections = data.list(2, data::beaconCommitteeSelection);
    validators = List.of(data.validatorInfo("active_ongoing"), data.validatorInfo("pending_queued"),
        data.validatorInfo("active_exiting"));
    syncDuties = data.list(2, data::syncCommitteeDuty);
    syncSelections = data.list(2, data::syncCommitteeSelection);
    contribution = data.syncCommitteeContribution();
  }

  /** Every later call fails with what {@code failure} makes, in the future it returns. */
  public FakeValidatorApi failWith(Supplier<RuntimeException> failure) {
    this.failure = failure;
    this.throwSynchronously = false;
    return this;
  }

  /** Every later call throws what {@code failure} makes instead of returning a future. */
  public FakeValidatorApi throwWith(Supplier<RuntimeException> failure) {
    this.failure = failure;
    this.throwSynchronously = true;
    return this;
  }

  /** Later answers come {@code delay} after the call. */
  public FakeValidatorApi delay(Duration delay) {
    this.elsewhere = CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  @Override
  public CompletableFuture<AttesterDuty.Epoch> attesterDuties(long epoch, List<Long> validatorIndices) {
    return answer(Call.of("attesterDuties", epoch, validatorIndices), duties);
  }

  @Override
  public CompletableFuture<AttestationData> attestationData(long slot, long committeeIndex) {
    return answer(Call.of("attestationData", slot, committeeIndex), attestationData);
  }

  @Override
  public CompletableFuture<Void> submitAttestations(List<SingleAttestation> attestations) {
    return answer(Call.of("submitAttestations", attestations), null);
  }

  @Override
  public CompletableFuture<List<BeaconCommitteeSelection>> beaconCommitteeSelections(
      List<BeaconCommitteeSelection> partials) {
    return answer(Call.of("beaconCommitteeSelections", partials), selections);
  }

  @Override
  public CompletableFuture<Attestation> aggregateAttestation(long slot, Bytes attestationDataRoot, long committeeIndex) {
    return answer(Call.of("aggregateAttestation", slot, attestationDataRoot, committeeIndex), aggregate);
  }

  @Override
  public CompletableFuture<Void> submitAggregateAndProofs(List<SignedAggregateAndProof> aggregates) {
    return answer(Call.of("submitAggregateAndProofs", aggregates), null);
  }

  @Override
  public CompletableFuture<List<ValidatorInfo>> validators(String stateId, List<String> ids) {
    return answer(Call.of("validators", stateId, ids), validators);
  }

  @Override
  public CompletableFuture<List<SyncCommitteeDuty>> syncCommitteeDuties(
      long epoch, List<Long> validatorIndices) {
    return answer(Call.of("syncCommitteeDuties", epoch, validatorIndices), syncDuties);
  }

  @Override
  public CompletableFuture<Optional<Bytes>> syncCommitteeHeadRoot() {
    return answer(Call.of("syncCommitteeHeadRoot"), headRoot);
  }

  @Override
  public CompletableFuture<Void> submitSyncCommitteeMessages(List<SyncCommitteeMessage> messages) {
    return answer(Call.of("submitSyncCommitteeMessages", messages), null);
  }

  @Override
  public CompletableFuture<List<SyncCommitteeSelection>> syncCommitteeSelections(
      List<SyncCommitteeSelection> partials) {
    return answer(Call.of("syncCommitteeSelections", partials), syncSelections);
  }

  @Override
  public CompletableFuture<SyncCommitteeContribution> syncCommitteeContribution(
      long slot, long subcommitteeIndex, Bytes beaconBlockRoot) {
    return answer(Call.of("syncCommitteeContribution", slot, subcommitteeIndex, beaconBlockRoot), contribution);
  }

  @Override
  public CompletableFuture<Void> submitContributionAndProofs(
      List<SignedContributionAndProof> contributions) {
    return answer(Call.of("submitContributionAndProofs", contributions), null);
  }

  private <T> CompletableFuture<T> answer(Call call, T value) {
    calls.add(call);
    Supplier<RuntimeException> f = failure;
    if (f != null && throwSynchronously) {
      throw f.get();
    }
    return f == null
        ? CompletableFuture.supplyAsync(() -> value, elsewhere)
        : CompletableFuture.supplyAsync(() -> {
          throw f.get();
        }, elsewhere);
  }
}
