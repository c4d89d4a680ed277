package io.phalanx.duties;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.ValidatorApi;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.consensus.PartialSignature;
import io.phalanx.consensus.PartialSignatureExchange;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.ssz.Bitfield;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The validator API a validator client in distributed mode talks to, served from the cluster: it
 * hands out only decided data, accepts only partial signatures that verify against this node's
 * share over that data, shares them with the peers and returns combined selection proofs. Validator
 * clients know their share keys; this maps them to the validators' group keys and back.
 */
public final class ClusterValidatorApi implements ValidatorApi {
  private final ClusterView view;
  private final BeaconNode beaconNode;
  private final DecidedDuties decided;
  private final DutyScheduler scheduler;
  private final PartialSignatureStore store;
  private final PartialSignatureExchange exchange;
  private final SignedMessages messages;
  private final SlotClock slotClock;
  private final DutyTracker tracker;
  private final Clock clock;

  public ClusterValidatorApi(ClusterView view, BeaconNode beaconNode, DecidedDuties decided, DutyScheduler scheduler,
      PartialSignatureStore store, PartialSignatureExchange exchange, SignedMessages messages, SlotClock slotClock,
      DutyTracker tracker) {
    this.view = view;
    this.beaconNode = beaconNode;
    this.decided = decided;
    this.scheduler = scheduler;
    this.store = store;
    this.exchange = exchange;
    this.messages = messages;
    this.slotClock = slotClock;
    this.tracker = tracker;
    this.clock = slotClock.clock();
  }

  private Duration deadline() {
    return slotClock.slotDuration().multipliedBy(2);
  }

  @Override
  public CompletableFuture<List<AttesterDuty>> attesterDuties(long epoch, List<Long> validatorIndices) {
    return beaconNode.attesterDuties(epoch, validatorIndices).thenApply(duties -> duties.stream()
        .map(d -> view.byGroupKey(d.pubkey())
            .map(v -> d.withPubkey(view.ownPublicShare(v).toBytes()))
            .orElse(d))
        .toList());
  }

  @Override
  public CompletableFuture<AttestationData> attestationData(long slot, long committeeIndex) {
    return scheduler.triggerAttestation(slot)
        .thenApply(AttestationData.SSZ::deserialize)
        .exceptionallyCompose(error -> CompletableFuture.failedFuture(
            ApiException.unavailable("the cluster has not agreed on attestation data for slot " + slot + ": "
                + DecidedDuties.rootMessage(error))));
  }

  @Override
  public CompletableFuture<Void> submitAttestations(List<SingleAttestation> attestations) {
    return guarded(() -> {
      Map<DutyKey, List<PartialSignature>> byKey = new LinkedHashMap<>();
      List<CompletableFuture<Void>> checks = new ArrayList<>();
      for (SingleAttestation a : attestations) {
        DutyKey key = new DutyKey(a.data().slot(), DutyType.ATTESTER);
        DistributedValidator v = validator(a.attesterIndex());
        checks.add(decided.await(key, Duration.ZERO.plusMillis(1)).handle((value, error) -> {
          if (error != null || !AttestationData.SSZ.deserialize(value).equals(a.data())) {
            throw ApiException.badRequest("attestation of validator " + a.attesterIndex() + " for slot "
                + a.data().slot() + " is not over the attestation data the cluster decided");
          }
          return null;
        }));
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(ownPartial(v, Bytes.of(SingleAttestation.SSZ.serialize(a)),
            messages.attestationRoot(a), a.signature(), "attestation of validator " + a.attesterIndex()));
      }
      return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
          .thenRun(() -> byKey.forEach(this::accept));
    });
  }

  @Override
  public CompletableFuture<List<BeaconCommitteeSelection>> beaconCommitteeSelections(
      List<BeaconCommitteeSelection> partials) {
    return guarded(() -> {
      Map<DutyKey, List<PartialSignature>> byKey = new LinkedHashMap<>();
      List<CompletableFuture<BeaconCommitteeSelection>> results = new ArrayList<>();
      for (BeaconCommitteeSelection s : partials) {
        DutyKey key = new DutyKey(s.slot(), DutyType.SELECTION_PROOF);
        DistributedValidator v = validator(s.validatorIndex());
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(ownPartial(v,
            Bytes.of(BeaconCommitteeSelection.SSZ.serialize(s)), messages.selectionRoot(s.slot()), s.selectionProof(),
            "selection proof of validator " + s.validatorIndex()));
        results.add(store.awaitAggregated(key, v.groupPublicKey().toBytes()).copy()
            .orTimeout(deadline().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
            .thenApply(aggregated -> BeaconCommitteeSelection.SSZ.deserialize(aggregated.signedMessage())));
      }
      byKey.forEach(this::accept);
      return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
          .thenApply(done -> results.stream().map(CompletableFuture::join).toList())
          .exceptionallyCompose(error -> CompletableFuture.failedFuture(ApiException.unavailable(
              "too few peers' selection proofs arrived in time to combine: " + DecidedDuties.rootMessage(error))));
    });
  }

  @Override
  public CompletableFuture<Attestation> aggregateAttestation(long slot, Bytes attestationDataRoot, long committeeIndex) {
    return scheduler.triggerAggregation(slot, committeeIndex).thenApply(value -> {
      for (Attestation a : DutyScheduler.aggregates(value)) {
        if (a.committeeBits().get((int) committeeIndex)
            && AttestationData.SSZ.hashTreeRoot(a.data()).equals(attestationDataRoot)) {
          return a;
        }
      }
      throw ApiException.notFound("no aggregate attestation for slot " + slot + ", committee " + committeeIndex
          + " and data root " + attestationDataRoot);
    });
  }

  @Override
  public CompletableFuture<Void> submitAggregateAndProofs(List<SignedAggregateAndProof> aggregates) {
    return guarded(() -> {
      Map<DutyKey, List<PartialSignature>> byKey = new LinkedHashMap<>();
      List<CompletableFuture<Void>> checks = new ArrayList<>();
      for (SignedAggregateAndProof signed : aggregates) {
        long slot = signed.message().aggregate().data().slot();
        DutyKey key = new DutyKey(slot, DutyType.AGGREGATOR);
        DistributedValidator v = validator(signed.message().aggregatorIndex());
        checks.add(decided.await(key, Duration.ofMillis(1)).handle((value, error) -> {
          if (error != null || !DutyScheduler.aggregates(value).contains(signed.message().aggregate())) {
            throw ApiException.badRequest("aggregate of validator " + signed.message().aggregatorIndex()
                + " for slot " + slot + " is not the aggregate the cluster decided");
          }
          return null;
        }));
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(ownPartial(v,
            Bytes.of(SignedAggregateAndProof.SSZ.serialize(signed)), messages.aggregateAndProofRoot(signed.message()),
            signed.signature(), "aggregate and proof of validator " + signed.message().aggregatorIndex()));
      }
      return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
          .thenRun(() -> byKey.forEach(this::accept));
    });
  }

  @Override
  public CompletableFuture<List<ValidatorInfo>> validators(String stateId, List<String> ids) {
    return guarded(() -> {
      List<String> translated = new ArrayList<>();
      for (String id : ids) {
        String groupKey = id;
        if (id.startsWith("0x")) {
          try {
            groupKey = view.byOwnShareKey(Bytes.fromHex(id)).map(v -> v.groupPublicKey().toHex()).orElse(id);
          } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("validator id '" + id + "' is neither an index nor a public key");
          }
        }
        translated.add(groupKey);
      }
      return beaconNode.validators(stateId, translated).thenApply(infos -> infos.stream().map(info ->
          view.byGroupKey(info.pubkey()).map(v -> {
            view.learnIndex(info.pubkey(), info.index());
            return info.withPubkey(view.ownPublicShare(v).toBytes());
          }).orElse(info)).toList());
    });
  }

  private DistributedValidator validator(long index) {
    return view.byIndex(index).orElseThrow(() -> ApiException.notFound(
        "validator " + index + " is not one of this cluster's validators (or its index is not known yet)"));
  }

  /** Checks a validator client's partial signature against this node's share; 400 if it does not verify. */
  private PartialSignature ownPartial(DistributedValidator v, Bytes signedMessage, Bytes signingRoot,
      Bytes signature, String what) {
    BlsSignature sig;
    try {
      sig = BlsSignature.fromBytes(signature);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(what + ": malformed signature: " + e.getMessage());
    }
    if (!sig.verify(view.ownPublicShare(v), signingRoot)) {
      throw ApiException.badRequest(what + ": partial signature does not verify against this node's share "
          + view.ownPublicShare(v).toHex());
    }
    return new PartialSignature(v.groupPublicKey().toBytes(), view.shareIndex(), signedMessage, signingRoot, sig);
  }

  private void accept(DutyKey key, List<PartialSignature> partials) {
    tracker.succeeded(key, DutyTracker.Step.VC_SUBMITTED, partials.size());
    Instant now = clock.instant();
    for (PartialSignature p : partials) {
      store.awaitAggregated(key, p.groupPublicKey()).thenAccept(a ->
          tracker.broadcastLatency().record(Duration.between(now, clock.instant())));
    }
    store.addOwn(key, partials);
    exchange.broadcast(key, partials);
  }

  /** Runs {@code body}, turning a refusal it throws into a failed future, as the server expects. */
  private static <T> CompletableFuture<T> guarded(java.util.function.Supplier<CompletableFuture<T>> body) {
    try {
      return body.get();
    } catch (ApiException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
