package io.phalanx.duties;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.spec.api.SyncCommitteeDuty;
import io.phalanx.spec.api.SyncCommitteeSelection;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszType;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.MainnetPreset;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SyncCommitteeContribution;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.util.Bytes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sync-committee duties of the cluster's validators. Each epoch it asks the beacon node which
 * of them are sync committee members (the answer holds for the whole sync committee period). In a
 * slot with members:
 *
 * <ul>
 *   <li>at 1/3 (or when a validator client asks for the head root first) the node fetches the
 *       beacon node's head block root and proposes it; the decided root is what every validator
 *       client of the cluster signs, so that T partial messages are over the same root;
 *   <li>partial sync committee messages are taken only over that root, combined and published;
 *   <li>partial sync selection proofs (one per validator and subcommittee) are combined and handed
 *       back, as beacon committee selections are;
 *   <li>at 2/3 the node fetches the contribution of each subcommittee the cluster's members are in
 *       (over the decided root) and proposes them; validator clients get the decided ones, and
 *       partial contribution-and-proofs are taken only over a decided contribution.
 * </ul>
 *
 * Sync committee messages are not slashable, so no slashing-protection history is kept for them.
 */
public final class SyncCommitteeDuties implements Duty, Publisher {
  /** The slot's decided contributions, at most one per subcommittee. */
  public static final SszType<List<SyncCommitteeContribution>> CONTRIBUTIONS =
      Ssz.list(SyncCommitteeContribution.SSZ, MainnetPreset.SYNC_COMMITTEE_SUBNET_COUNT);

  private final ClusterView view;
  private final BeaconNode beaconNode;
  private final DecidedDuties decided;
  private final PartialSignatureStore store;
  private final PartialSignatureIntake intake;
  private final SignedMessages messages;
  private final SlotClock clock;
  private final DutyTracker tracker;
  private final SlotTimer timer;
  /** Each epoch's look-up of the sync committee duties: the slots with members. */
  private final Map<Long, CompletableFuture<Set<Long>>> epochs = new ConcurrentHashMap<>();
  /** The sync committee duties (group keys) of the cluster's validators, by epoch. */
  private final Map<Long, List<SyncCommitteeDuty>> dutiesByEpoch = new ConcurrentHashMap<>();
  /** Subcommittees validator clients asked contributions of, beyond the members' own. */
  private final Map<Long, Set<Long>> askedSubcommittees = new ConcurrentHashMap<>();
  private final Map<Long, Boolean> contributionsStarted = new ConcurrentHashMap<>();

  SyncCommitteeDuties(ClusterView view, BeaconNode beaconNode, DecidedDuties decided, PartialSignatureStore store,
      PartialSignatureIntake intake, SignedMessages messages, SlotClock clock, DutyTracker tracker, SlotTimer timer) {
    this.view = view;
    this.beaconNode = beaconNode;
    this.decided = decided;
    this.store = store;
    this.intake = intake;
    this.messages = messages;
    this.clock = clock;
    this.tracker = tracker;
    this.timer = timer;
  }

  // The slot timer's side.

  /** Every slot of an epoch in which the cluster has sync committee members has work. */
  @Override
  public CompletableFuture<Set<Long>> onEpoch(long epoch) {
    return epochs.compute(epoch, (e, known) -> known == null || known.isCompletedExceptionally() ? lookUp(e) : known);
  }

  private CompletableFuture<Set<Long>> lookUp(long epoch) {
    return beaconNode.syncDuties(epoch, view.knownIndices())
        .whenComplete((duties, error) -> {
          if (error != null) {
            tracker.failed(new DutyKey(clock.firstSlotOf(epoch), DutyType.SYNC_MESSAGE), DutyTracker.Step.FETCH,
                null, "sync committee duties of epoch " + epoch + ": " + DecidedDuties.rootMessage(error));
          }
        })
        .thenApply(duties -> {
          List<SyncCommitteeDuty> ours = duties.stream().filter(d -> view.byGroupKey(d.pubkey()).isPresent()).toList();
          dutiesByEpoch.put(epoch, ours);
          if (ours.isEmpty()) {
            return Set.of();
          }
          Set<Long> slots = new TreeSet<>();
          for (long slot = clock.firstSlotOf(epoch); slot < clock.firstSlotOf(epoch + 1); slot++) {
            slots.add(slot);
            if (slot >= clock.currentSlot()) {
              long s = slot;
              ours.forEach(d -> tracker.expectSyncMessage(s, d.pubkey(), d.validatorIndex()));
            }
          }
          return Set.copyOf(slots);
        });
  }

  @Override
  public void onSlot(long slot, SlotOffset offset) {
    switch (offset) {
      case ONE_THIRD -> triggerMessage(slot);
      case TWO_THIRDS -> triggerContributions(slot);
    }
  }

  /** The cluster's sync committee members in {@code slot}, as this node's beacon node named them. */
  public List<SyncCommitteeDuty> members(long slot) {
    return dutiesByEpoch.getOrDefault(clock.epochOf(slot), List.of());
  }

  @Override
  public void pruneBelow(long slot) {
    long epoch = clock.epochOf(slot);
    dutiesByEpoch.keySet().removeIf(e -> e < epoch);
    epochs.keySet().removeIf(e -> e < epoch);
    askedSubcommittees.keySet().removeIf(s -> s < slot);
    contributionsStarted.keySet().removeIf(s -> s < slot);
  }

  // Sync committee messages.

  /**
   * Fetches the beacon node's head block root and proposes it for the slot, once; returns the
   * decided root, whoever proposed it.
   */
  public CompletableFuture<Bytes> triggerMessage(long slot) {
    DutyKey key = new DutyKey(slot, DutyType.SYNC_MESSAGE);
    if (decided.proposed(key)) {
      return decided.await(key, clock.slotDuration());
    }
    return beaconNode.blockRoot("head")
        .thenCompose(root -> {
          tracker.succeeded(key, DutyTracker.Step.FETCH);
          return decided.propose(key, root);
        })
        .exceptionallyCompose(error -> {
          if (!decided.proposed(key)) {
            tracker.failed(key, DutyTracker.Step.FETCH, null, "head block root: " + DecidedDuties.rootMessage(error));
          }
          return decided.await(key, clock.slotDuration());
        });
  }

  /** The decided head root of the current slot if the cluster has sync committee members in it. */
  CompletableFuture<Optional<Bytes>> headRoot() {
    long slot = clock.currentSlot();
    if (members(slot).isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return triggerMessage(slot).thenApply(Optional::of).exceptionallyCompose(error -> CompletableFuture.failedFuture(
        ApiException.unavailable("the cluster has not agreed on the head block root of slot " + slot + ": "
            + DecidedDuties.rootMessage(error))));
  }

  CompletableFuture<Void> submitMessages(List<SyncCommitteeMessage> submitted) {
    List<PartialSignatureIntake.Submitted> partials = new ArrayList<>();
    for (SyncCommitteeMessage m : submitted) {
      DutyKey key = new DutyKey(m.slot(), DutyType.SYNC_MESSAGE);
      DistributedValidator v = ApiErrors.validator(view, m.validatorIndex());
      String what = "sync committee message of validator " + m.validatorIndex() + " for slot " + m.slot();
      Bytes agreed = decided.decidedNow(key).orElseThrow(() -> ApiException.badRequest(what
          + ": the cluster has not agreed on a head block root for that slot (ask GET /eth/v1/beacon/blocks/head/root"
          + " during the slot)"));
      if (!agreed.equals(m.beaconBlockRoot())) {
        throw ApiException.badRequest(what + " is over block root " + m.beaconBlockRoot()
            + ", not the head block root the cluster decided for the slot, " + agreed);
      }
      partials.add(new PartialSignatureIntake.Submitted(key, v, Bytes.of(SyncCommitteeMessage.SSZ.serialize(m)),
          messages.syncCommitteeMessageRoot(m.slot(), m.beaconBlockRoot()), m.signature(), what));
    }
    return intake.verifyAndAccept(partials).thenApply(accepted -> null);
  }

  // Selections.

  CompletableFuture<List<SyncCommitteeSelection>> selections(List<SyncCommitteeSelection> partials) {
    List<PartialSignatureIntake.Submitted> submitted = new ArrayList<>();
    for (SyncCommitteeSelection s : partials) {
      DistributedValidator v = ApiErrors.validator(view, s.validatorIndex());
      if (s.subcommitteeIndex() >= MainnetPreset.SYNC_COMMITTEE_SUBNET_COUNT) {
        throw ApiException.badRequest("sync committee selection of validator " + s.validatorIndex()
            + ": subcommittee index " + s.subcommitteeIndex() + " out of range, there are "
            + MainnetPreset.SYNC_COMMITTEE_SUBNET_COUNT);
      }
      submitted.add(new PartialSignatureIntake.Submitted(new DutyKey(s.slot(), DutyType.SYNC_SELECTION_PROOF), v,
          Bytes.of(SyncCommitteeSelection.SSZ.serialize(s)), messages.syncSelectionRoot(s.slot(), s.subcommitteeIndex()),
          s.selectionProof(), "sync committee selection proof of validator " + s.validatorIndex() + " for slot "
              + s.slot() + ", subcommittee " + s.subcommitteeIndex()));
    }
    // As beacon committee selections: proofs of later slots (clients that send an epoch's at its
    // start) combine only when the peers' partials arrive, which peers whose clients go slot by slot
    // send in that slot. The answer holds every proof of this slot or earlier combined by the
    // deadline and those of later slots combined within half a slot (within the one-slot timeout of
    // a client that sent the epoch's at its start); the client asks again for the rest in their slots.
    Duration wait = clock.slotDuration().multipliedBy(2);
    Duration laterWait = clock.slotDuration().dividedBy(2);
    long currentSlot = clock.currentSlot();
    return intake.verifyAndAccept(submitted).thenCompose(accepted -> {
      List<CompletableFuture<SyncCommitteeSelection>> results = submitted.stream()
          .map(sub -> timer.completeOnTimeout(
              store.awaitAggregated(sub.key(), sub.validator().groupPublicKey().toBytes(), sub.signingRoot()).copy()
                  .thenApply(aggregated -> SyncCommitteeSelection.SSZ.deserialize(aggregated.signedMessage()))
                  .exceptionally(error -> null),
              null, sub.key().slot() > currentSlot ? laterWait : wait))
          .toList();
      return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
        List<SyncCommitteeSelection> combined =
            results.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList();
        if (combined.isEmpty() && !submitted.isEmpty()) {
          throw ApiException.unavailable("too few peers' sync selection proofs arrived in time to combine");
        }
        return combined;
      });
    });
  }

  // Contributions.

  /**
   * Fetches the contribution of every subcommittee the cluster's members of the slot are in (and
   * {@code extraSubcommittee}, if a validator client asks for it) over the decided head root, and
   * proposes them, once. Never before 2/3 of the slot, when the slot's messages have had time to
   * spread; an empty answer is not proposed, the node asks again until the slot is over.
   */
  public CompletableFuture<Bytes> triggerContributions(long slot, long... extraSubcommittee) {
    DutyKey key = new DutyKey(slot, DutyType.SYNC_CONTRIBUTION);
    Set<Long> asked = askedSubcommittees.computeIfAbsent(slot, s -> ConcurrentHashMap.newKeySet());
    for (long sub : extraSubcommittee) {
      asked.add(sub);
    }
    Instant due = clock.slotFraction(slot, 2, 3);
    if (!decided.proposed(key) && contributionsStarted.putIfAbsent(slot, Boolean.TRUE) == null) {
      timer.at(due, () -> fetchAndProposeContributions(slot, key));
    }
    return decided.await(key, clock.until(due).plus(clock.slotDuration()));
  }

  private void fetchAndProposeContributions(long slot, DutyKey key) {
    if (decided.proposed(key) || clock.currentSlot() > slot + 1) {
      return;
    }
    Set<Long> subcommittees = new TreeSet<>(askedSubcommittees.getOrDefault(slot, Set.of()));
    members(slot).forEach(d -> subcommittees.addAll(d.subcommittees()));
    triggerMessage(slot)
        .thenCompose(root -> {
          List<CompletableFuture<Optional<SyncCommitteeContribution>>> fetches = subcommittees.stream()
              .map(sub -> beaconNode.syncCommitteeContribution(slot, sub, root)
                  .thenApply(Optional::of)
                  .exceptionally(error -> {
                    if (!ApiErrors.isNotFound(error)) {
                      tracker.failed(key, DutyTracker.Step.FETCH, null,
                          "contribution of subcommittee " + sub + ": " + DecidedDuties.rootMessage(error));
                    }
                    return Optional.empty();
                  }))
              .toList();
          return CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new))
              .thenApply(done -> fetches.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList());
        })
        .whenComplete((contributions, error) -> {
          if (error == null && !contributions.isEmpty()) {
            tracker.succeeded(key, DutyTracker.Step.FETCH);
            decided.propose(key, Bytes.of(CONTRIBUTIONS.serialize(contributions)));
          } else {
            timer.after(clock.slotDuration().dividedBy(12), () -> fetchAndProposeContributions(slot, key));
          }
        });
  }

  CompletableFuture<SyncCommitteeContribution> contribution(long slot, long subcommitteeIndex, Bytes root) {
    return triggerContributions(slot, subcommitteeIndex).exceptionallyCompose(error ->
        CompletableFuture.failedFuture(ApiException.unavailable("the cluster has not agreed on the sync committee"
            + " contributions of slot " + slot + ": " + DecidedDuties.rootMessage(error)))).thenApply(value -> {
      for (SyncCommitteeContribution c : CONTRIBUTIONS.deserialize(value)) {
        if (c.subcommitteeIndex() == subcommitteeIndex && c.beaconBlockRoot().equals(root)) {
          return c;
        }
      }
      throw ApiException.notFound("no sync committee contribution for slot " + slot + ", subcommittee "
          + subcommitteeIndex + " and block root " + root);
    });
  }

  CompletableFuture<Void> submitContributionAndProofs(List<SignedContributionAndProof> contributions) {
    List<PartialSignatureIntake.Submitted> submitted = new ArrayList<>();
    Map<DutyKey, List<SyncCommitteeContribution>> decidedContributions = new ConcurrentHashMap<>();
    for (SignedContributionAndProof signed : contributions) {
      SyncCommitteeContribution c = signed.message().contribution();
      DutyKey key = new DutyKey(c.slot(), DutyType.SYNC_CONTRIBUTION);
      DistributedValidator v = ApiErrors.validator(view, signed.message().aggregatorIndex());
      List<SyncCommitteeContribution> agreed = decidedContributions.computeIfAbsent(key,
          k -> decided.decidedNow(k).map(CONTRIBUTIONS::deserialize).orElse(List.of()));
      String what = "contribution and proof of validator " + signed.message().aggregatorIndex() + " for slot "
          + c.slot() + ", subcommittee " + c.subcommitteeIndex();
      if (!agreed.contains(c)) {
        throw ApiException.badRequest(what + " is not over a contribution the cluster decided");
      }
      submitted.add(new PartialSignatureIntake.Submitted(key, v, Bytes.of(SignedContributionAndProof.SSZ.serialize(signed)),
          messages.contributionAndProofRoot(signed.message()), signed.signature(), what));
    }
    return intake.verifyAndAccept(submitted).thenApply(accepted -> null);
  }

  // Duties for validator clients.

  CompletableFuture<List<SyncCommitteeDuty>> duties(long epoch, List<Long> validatorIndices) {
    return beaconNode.syncDuties(epoch, validatorIndices).thenApply(duties -> duties.stream()
        .map(d -> view.byGroupKey(d.pubkey()).map(v -> d.withPubkey(view.ownPublicShare(v).toBytes())).orElse(d))
        .toList());
  }

  // Publication.

  @Override
  public CompletableFuture<Void> publish(DutyKey key, List<PartialSignatureStore.Aggregated> batch) {
    return switch (key.type()) {
      case SYNC_MESSAGE -> beaconNode.publishSyncCommitteeMessages(batch.stream()
          .map(a -> SyncCommitteeMessage.SSZ.deserialize(a.signedMessage())).toList());
      case SYNC_CONTRIBUTION -> beaconNode.publishContributionAndProofs(batch.stream()
          .map(a -> SignedContributionAndProof.SSZ.deserialize(a.signedMessage())).toList());
      default -> CompletableFuture.failedFuture(new IllegalArgumentException("not a sync committee duty: " + key));
    };
  }
}
