package io.phalanx.duties;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attester duty of the cluster's validators. Each epoch (one ahead) it asks the beacon node
 * which of them attest in which slot and committee. At 1/3 of a slot with attesters (or when a
 * validator client asks for the data first) it fetches the slot's attestation data and proposes
 * it to the cluster, once, naming the validators that sign it; every validator client of the
 * cluster is served the decided data. Partial attestations are taken only over that data and only
 * if the cluster's slashing-protection history holds it for the validator; whole ones are
 * published only if this node's copy of the history holds them. One slot into the next epoch it
 * asks which of the epoch's attestations made it on chain.
 */
final class AttestationDuty implements Duty, Publisher {
  private final ClusterView view;
  private final BeaconNode beaconNode;
  private final DecidedDuties decided;
  private final PartialSignatureIntake intake;
  private final SlashingChecks slashing;
  private final SignedMessages messages;
  private final SlotClock clock;
  private final DutyTracker tracker;
  private final InclusionCheck inclusion;
  /** Each epoch's look-up of the attester duties: the slots with attesters. */
  private final Map<Long, CompletableFuture<Set<Long>>> epochs = new ConcurrentHashMap<>();
  /** The committees of the cluster's validators that attest at each slot. */
  private final Map<Long, Set<Long>> committeesBySlot = new ConcurrentHashMap<>();
  /** The group public keys of the cluster's validators that attest at each slot. */
  private final Map<Long, Set<Bytes>> attestersBySlot = new ConcurrentHashMap<>();

  AttestationDuty(ClusterView view, BeaconNode beaconNode, DecidedDuties decided, PartialSignatureIntake intake,
      SlashingChecks slashing, SignedMessages messages, SlotClock clock, DutyTracker tracker,
      InclusionCheck inclusion) {
    this.view = view;
    this.beaconNode = beaconNode;
    this.decided = decided;
    this.intake = intake;
    this.slashing = slashing;
    this.messages = messages;
    this.clock = clock;
    this.tracker = tracker;
    this.inclusion = inclusion;
  }

  // The slot timer's side.

  @Override
  public CompletableFuture<Set<Long>> onEpoch(long epoch) {
    return epochs.compute(epoch, (e, known) -> known == null || known.isCompletedExceptionally() ? lookUp(e) : known);
  }

  /** The slots with attesters in {@code epoch}, as far as this epoch's look-up got (failed if it did not start). */
  CompletableFuture<Set<Long>> attesterSlots(long epoch) {
    CompletableFuture<Set<Long>> slots = epochs.get(epoch);
    return slots != null ? slots : CompletableFuture.failedFuture(
        new IllegalStateException("the attester duties of epoch " + epoch + " were not looked up"));
  }

  private CompletableFuture<Set<Long>> lookUp(long epoch) {
    return beaconNode.attesterDuties(epoch, view.knownIndices())
        .whenComplete((duties, error) -> {
          if (error != null) {
            tracker.failed(new DutyKey(clock.firstSlotOf(epoch), DutyType.ATTESTER), DutyTracker.Step.FETCH, null,
                "attester duties of epoch " + epoch + ": " + DecidedDuties.rootMessage(error));
          }
        })
        .thenApply(duties -> {
          Set<Long> slots = new HashSet<>();
          for (AttesterDuty duty : duties.duties()) {
            long slot = duty.slot();
            slots.add(slot);
            committeesBySlot.computeIfAbsent(slot, s -> ConcurrentHashMap.newKeySet()).add(duty.committeeIndex());
            attestersBySlot.computeIfAbsent(slot, s -> ConcurrentHashMap.newKeySet()).add(duty.pubkey());
            if (slot >= clock.currentSlot()) {
              tracker.expectAttester(slot, duty.pubkey(), duty.validatorIndex(), duty.committeeLength());
            }
          }
          return Set.copyOf(slots);
        });
  }

  @Override
  public void onSlot(long slot, SlotOffset offset) {
    if (offset == SlotOffset.ONE_THIRD) {
      decidedData(slot);
    }
  }

  @Override
  public void onEpochOver(long epoch) {
    inclusion.check(epoch);
  }

  @Override
  public void pruneBelow(long slot) {
    committeesBySlot.keySet().removeIf(s -> s < slot);
    attestersBySlot.keySet().removeIf(s -> s < slot);
    epochs.keySet().removeIf(e -> e < clock.epochOf(slot));
  }

  /**
   * The group public keys of the cluster's validators that attest at {@code slot}, as this node's
   * beacon node assigned them (empty until the epoch's duties are known).
   */
  Set<Bytes> attesters(long slot) {
    Set<Bytes> attesters = attestersBySlot.get(slot);
    return attesters == null ? Set.of() : Set.copyOf(attesters);
  }

  /** The committees the cluster's validators attest in at {@code slot} (empty until the epoch's duties are known). */
  Set<Long> committees(long slot) {
    Set<Long> committees = committeesBySlot.get(slot);
    return committees == null ? Set.of() : Set.copyOf(committees);
  }

  // Agreement.

  /**
   * Fetches the slot's attestation data and proposes it, once, naming the validators that sign it
   * so that the cluster records it in their slashing-protection history; completes with the
   * decided data, whoever proposed it. Validators whose imported history is still on its way into
   * the cluster are left out (they sign nothing until it is in); with no signer left this node
   * does not propose, and another node's proposal may decide.
   */
  CompletableFuture<Bytes> decidedData(long slot) {
    DutyKey key = new DutyKey(slot, DutyType.ATTESTER);
    if (decided.proposed(key)) {
      return decided.await(key, clock.slotDuration());
    }
    List<Bytes> signers = slashing.readyToSign(attesters(slot));
    if (signers.isEmpty()) {
      return decided.await(key, clock.slotDuration());
    }
    return beaconNode.attestationData(slot, 0)
        .thenCompose(data -> {
          tracker.succeeded(key, DutyTracker.Step.FETCH);
          return decided.propose(key, Bytes.of(AttestationData.SSZ.serialize(data)), signers);
        })
        .exceptionallyCompose(error -> {
          if (!decided.proposed(key)) {
            tracker.failed(key, DutyTracker.Step.FETCH, null, DecidedDuties.rootMessage(error));
          }
          // Another node's proposal may still decide the slot.
          return decided.await(key, clock.slotDuration());
        });
  }

  // The validator client's side.

  /** The epoch's attester duties, the cluster's validators named by this node's share keys. */
  CompletableFuture<AttesterDuty.Epoch> attesterDuties(long epoch, List<Long> validatorIndices) {
    // The beacon node's dependent root passes through, so a client refetches after a reorg as it would.
    return beaconNode.attesterDuties(epoch, validatorIndices).thenApply(duties -> new AttesterDuty.Epoch(
        duties.dependentRoot(), duties.duties().stream()
            .map(d -> view.byGroupKey(d.pubkey())
                .map(v -> d.withPubkey(view.ownPublicShare(v).toBytes()))
                .orElse(d))
            .toList()));
  }

  /** The attestation data the cluster decided for {@code slot}, once this node's history holds it. */
  CompletableFuture<AttestationData> attestationData(long slot) {
    return decidedData(slot)
        .thenApply(AttestationData.SSZ::deserialize)
        .exceptionallyCompose(error -> CompletableFuture.failedFuture(
            ApiException.unavailable("the cluster has not agreed on attestation data for slot " + slot + ": "
                + DecidedDuties.rootMessage(error))))
        .thenApply(data -> slashing.servableAttestation(slot, data, attesters(slot)));
  }

  /** Partial attestations, each over the decided data and in the cluster's history of its validator. */
  CompletableFuture<Void> submit(List<SingleAttestation> attestations) {
    List<PartialSignatureIntake.Submitted> submitted = new ArrayList<>();
    // A request holds a slot's attestations of many validators: decode each decided value once.
    Map<DutyKey, Optional<AttestationData>> decidedData = new HashMap<>();
    for (int i = 0; i < attestations.size(); i++) {
      SingleAttestation a = attestations.get(i);
      DutyKey key = new DutyKey(a.data().slot(), DutyType.ATTESTER);
      DistributedValidator v = ApiErrors.validatorAt(view, i, a.attesterIndex());
      Optional<AttestationData> agreed = decidedData.computeIfAbsent(key,
          k -> decided.decidedNow(k).map(AttestationData.SSZ::deserialize));
      if (agreed.isEmpty() || !agreed.get().equals(a.data())) {
        throw ApiErrors.refused(i, "attestation of validator " + a.attesterIndex() + " for slot "
            + a.data().slot() + " is not over the attestation data the cluster decided");
      }
      Bytes groupKey = v.groupPublicKey().toBytes();
      Bytes root = messages.attestationRoot(a);
      if (!slashing.attestationRecorded(groupKey, a, root)) {
        throw ApiErrors.refused(i, "attestation of validator " + a.attesterIndex() + " for slot "
            + a.data().slot() + " is not in the cluster's slashing-protection history for this validator ("
            + slashing.whyNotRecorded(groupKey) + ")");
      }
      submitted.add(new PartialSignatureIntake.Submitted(key, v, Bytes.of(SingleAttestation.SSZ.serialize(a)), root,
          a.signature(), "attestation of validator " + a.attesterIndex()));
    }
    return intake.verifyAndAccept(submitted).thenApply(partials -> null);
  }

  // Publication.

  /**
   * Defence in depth: a combined signature over data this node's copy of the slashing-protection
   * history does not hold for the validator is not published; publishing it could be slashable.
   */
  @Override
  public boolean admit(PartialSignatureStore.Aggregated aggregated) {
    SingleAttestation a = SingleAttestation.SSZ.deserialize(aggregated.signedMessage());
    if (slashing.attestationRecorded(aggregated.validator().groupPublicKey().toBytes(), a)) {
      return true;
    }
    tracker.failed(aggregated.key(), DutyTracker.Step.BROADCAST, aggregated.validator().groupPublicKey().toHex(),
        "not published: the attestation is not in this node's slashing-protection history");
    return false;
  }

  @Override
  public CompletableFuture<Void> publish(DutyKey key, List<PartialSignatureStore.Aggregated> batch) {
    return beaconNode.publishAttestations(batch.stream()
        .map(a -> SingleAttestation.SSZ.deserialize(a.signedMessage())).toList());
  }
}
