package io.phalanx.duties;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszType;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.MainnetPreset;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.util.Bytes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The aggregator duty of the cluster's validators. Validator clients send partial selection
 * proofs, which are combined and handed back, so that each client learns whether its validator
 * aggregates. At 2/3 of a slot with attesters (a client that asks earlier waits for that, when the
 * slot's attestations have had time to spread) the node fetches the aggregate attestation of each
 * committee the cluster's validators attest in, over the decided attestation data, and proposes
 * them, once; clients are served the decided aggregates, partial aggregate-and-proofs are taken
 * only over one of them, combined and published.
 */
final class AggregationDuty implements Duty, Publisher {
  /** One aggregate per committee, as the cluster agrees on them per slot. */
  static final SszType<List<Attestation>> AGGREGATES =
      Ssz.list(Attestation.SSZ, MainnetPreset.MAX_COMMITTEES_PER_SLOT);

  private final ClusterView view;
  private final BeaconNode beaconNode;
  private final DecidedDuties decided;
  private final PartialSignatureStore store;
  private final PartialSignatureIntake intake;
  private final AttestationDuty attestation;
  private final SignedMessages messages;
  private final SlotClock clock;
  private final DutyTracker tracker;
  private final SlotTimer timer;
  /** Committees validator clients asked aggregates of, beyond the attesters' own. */
  private final Map<Long, Set<Long>> askedCommittees = new ConcurrentHashMap<>();
  private final Map<Long, Boolean> aggregationsStarted = new ConcurrentHashMap<>();

  AggregationDuty(ClusterView view, BeaconNode beaconNode, DecidedDuties decided, PartialSignatureStore store,
      PartialSignatureIntake intake, AttestationDuty attestation, SignedMessages messages, SlotClock clock,
      DutyTracker tracker, SlotTimer timer) {
    this.view = view;
    this.beaconNode = beaconNode;
    this.decided = decided;
    this.store = store;
    this.intake = intake;
    this.attestation = attestation;
    this.messages = messages;
    this.clock = clock;
    this.tracker = tracker;
    this.timer = timer;
  }

  /** The slot's decided aggregates. */
  static List<Attestation> aggregates(Bytes decidedValue) {
    return AGGREGATES.deserialize(decidedValue);
  }

  // The slot timer's side.

  /** Aggregates are due in the slots with attesters, which the attestation duty looks up. */
  @Override
  public CompletableFuture<Set<Long>> onEpoch(long epoch) {
    return attestation.attesterSlots(epoch);
  }

  @Override
  public void onSlot(long slot, SlotOffset offset) {
    if (offset == SlotOffset.TWO_THIRDS) {
      decidedAggregates(slot);
    }
  }

  @Override
  public void pruneBelow(long slot) {
    askedCommittees.keySet().removeIf(s -> s < slot);
    aggregationsStarted.keySet().removeIf(s -> s < slot);
  }

  // Agreement.

  /**
   * Fetches the aggregate of every committee of the slot that has a cluster validator (and of
   * {@code extraCommittee}, if a validator client asks for it), and proposes them, once; completes
   * with the decided aggregates. Never before 2/3 of the slot, when the slot's attestations have had
   * time to spread; a validator client that asks earlier waits for that. An empty answer is not
   * proposed: the node asks again until the slot is over, while any other node's proposal may
   * decide first.
   */
  CompletableFuture<Bytes> decidedAggregates(long slot, long... extraCommittee) {
    DutyKey key = new DutyKey(slot, DutyType.AGGREGATOR);
    Set<Long> asked = askedCommittees.computeIfAbsent(slot, s -> ConcurrentHashMap.newKeySet());
    for (long c : extraCommittee) {
      asked.add(c);
    }
    Instant due = clock.slotFraction(slot, 2, 3);
    if (!decided.proposed(key) && aggregationsStarted.putIfAbsent(slot, Boolean.TRUE) == null) {
      timer.at(due, () -> fetchAndPropose(slot, key));
    }
    return decided.await(key, clock.until(due).plus(clock.slotDuration()));
  }

  private void fetchAndPropose(long slot, DutyKey key) {
    if (decided.proposed(key) || clock.currentSlot() > slot + 1) {
      return;
    }
    attestation.decidedData(slot)
        .thenCompose(dataBytes -> {
          Set<Long> committees = new TreeSet<>(attestation.committees(slot));
          committees.addAll(askedCommittees.getOrDefault(slot, Set.of()));
          Bytes dataRoot = AttestationData.SSZ.hashTreeRoot(AttestationData.SSZ.deserialize(dataBytes));
          List<CompletableFuture<Optional<Attestation>>> fetches = committees.stream()
              .map(c -> beaconNode.aggregateAttestation(slot, dataRoot, c)
                  .thenApply(Optional::of)
                  .exceptionally(error -> {
                    if (!ApiErrors.isNotFound(error)) {
                      tracker.failed(key, DutyTracker.Step.FETCH, null,
                          "aggregate of committee " + c + ": " + DecidedDuties.rootMessage(error));
                    }
                    return Optional.empty();
                  }))
              .toList();
          return CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new))
              .thenApply(done -> fetches.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList());
        })
        .whenComplete((aggregates, error) -> {
          if (error == null && !aggregates.isEmpty()) {
            tracker.succeeded(key, DutyTracker.Step.FETCH);
            decided.propose(key, Bytes.of(AGGREGATES.serialize(aggregates)));
          } else {
            timer.after(clock.slotDuration().dividedBy(12), () -> fetchAndPropose(slot, key));
          }
        });
  }

  // The validator client's side.

  /**
   * Partial selection proofs: verified, shared and answered with the combined ones. Proofs for
   * later slots (clients that send an epoch's partials at its start) combine when the peers'
   * partials arrive, which peers whose clients go slot by slot send only in that slot: the answer
   * holds every proof of this slot, the next (a client's timer may fire a hair before the slot
   * starts) or earlier combined by the deadline and those of later slots combined within half a
   * slot, and the client asks again for the rest in their slots.
   */
  CompletableFuture<List<BeaconCommitteeSelection>> selections(List<BeaconCommitteeSelection> partials) {
    List<PartialSignatureIntake.Submitted> submitted = new ArrayList<>();
    for (BeaconCommitteeSelection s : partials) {
      DistributedValidator v = ApiErrors.validator(view, s.validatorIndex());
      submitted.add(new PartialSignatureIntake.Submitted(new DutyKey(s.slot(), DutyType.SELECTION_PROOF), v,
          Bytes.of(BeaconCommitteeSelection.SSZ.serialize(s)), messages.selectionRoot(s.slot()), s.selectionProof(),
          "selection proof of validator " + s.validatorIndex()));
    }
    Duration wait = clock.slotDuration().multipliedBy(2);
    Duration laterWait = clock.slotDuration().dividedBy(2);
    long currentSlot = clock.currentSlot();
    return intake.verifyAndAccept(submitted).thenCompose(accepted -> {
      List<CompletableFuture<BeaconCommitteeSelection>> results = submitted.stream()
          .map(sub -> timer.completeOnTimeout(
              store.awaitAggregated(sub.key(), sub.validator().groupPublicKey().toBytes()).copy()
                  .thenApply(aggregated -> BeaconCommitteeSelection.SSZ.deserialize(aggregated.signedMessage()))
                  .exceptionally(error -> null),
              null, sub.key().slot() > currentSlot + 1 ? laterWait : wait))
          .toList();
      return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
        List<BeaconCommitteeSelection> combined =
            results.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList();
        if (combined.isEmpty() && !submitted.isEmpty()) {
          throw ApiException.unavailable("too few peers' selection proofs arrived in time to combine");
        }
        return combined;
      });
    });
  }

  /** The decided aggregate of {@code committeeIndex} over the attestation data with root {@code attestationDataRoot}. */
  CompletableFuture<Attestation> aggregateAttestation(long slot, Bytes attestationDataRoot, long committeeIndex) {
    return decidedAggregates(slot, committeeIndex).exceptionallyCompose(error ->
        CompletableFuture.failedFuture(ApiException.unavailable("the cluster has not agreed on the aggregates of slot "
            + slot + ": " + DecidedDuties.rootMessage(error)))).thenApply(value -> {
      for (Attestation a : aggregates(value)) {
        if (a.committeeBits().get((int) committeeIndex)
            && AttestationData.SSZ.hashTreeRoot(a.data()).equals(attestationDataRoot)) {
          return a;
        }
      }
      throw ApiException.notFound("no aggregate attestation for slot " + slot + ", committee " + committeeIndex
          + " and data root " + attestationDataRoot);
    });
  }

  /** Partial aggregate-and-proofs, each over an aggregate the cluster decided. */
  CompletableFuture<Void> submit(List<SignedAggregateAndProof> aggregates) {
    List<PartialSignatureIntake.Submitted> submitted = new ArrayList<>();
    Map<DutyKey, List<Attestation>> decidedAggregates = new HashMap<>();
    for (int i = 0; i < aggregates.size(); i++) {
      SignedAggregateAndProof signed = aggregates.get(i);
      long slot = signed.message().aggregate().data().slot();
      DutyKey key = new DutyKey(slot, DutyType.AGGREGATOR);
      DistributedValidator v = ApiErrors.validatorAt(view, i, signed.message().aggregatorIndex());
      List<Attestation> agreed = decidedAggregates.computeIfAbsent(key,
          k -> decided.decidedNow(k).map(AggregationDuty::aggregates).orElse(List.of()));
      if (!agreed.contains(signed.message().aggregate())) {
        throw ApiErrors.refused(i, "aggregate of validator " + signed.message().aggregatorIndex()
            + " for slot " + slot + " is not the aggregate the cluster decided");
      }
      submitted.add(new PartialSignatureIntake.Submitted(key, v, Bytes.of(SignedAggregateAndProof.SSZ.serialize(signed)),
          messages.aggregateAndProofRoot(signed.message()), signed.signature(),
          "aggregate and proof of validator " + signed.message().aggregatorIndex()));
    }
    return intake.verifyAndAccept(submitted).thenApply(partials -> null);
  }

  // Publication.

  @Override
  public CompletableFuture<Void> publish(DutyKey key, List<PartialSignatureStore.Aggregated> batch) {
    return beaconNode.publishAggregateAndProofs(batch.stream()
        .map(a -> SignedAggregateAndProof.SSZ.deserialize(a.signedMessage())).toList());
  }
}
