package io.phalanx.sim.vc;

import io.phalanx.spec.api.SyncCommitteeSelection;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.signing.DomainType;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.ContributionAndProof;
import io.phalanx.spec.types.MainnetPreset;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SyncAggregatorSelectionData;
import io.phalanx.spec.types.SyncCommitteeContribution;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The sync committee duties of the client's validators, as distributed-mode clients do them:
 *
 * <ul>
 *   <li>sync duties per epoch (the node names validators by share key);
 *   <li>selection proofs, one per validator, slot and subcommittee, signed with the share and sent
 *       to sync_committee_selections, whose combined proofs decide who aggregates: each slot's at
 *       the slot's start, or with {@link CallPattern#selectionsAhead()} the whole epoch's at its
 *       start;
 *   <li>at 1/3 of the slot: the head block root (the node answers with the root the cluster
 *       decided), a message over it per member, all in one request;
 *   <li>at 2/3: for each subcommittee with one of our aggregators, the contribution over that root,
 *       a contribution-and-proof per aggregator, signed with the share; in one request for all,
 *       or one per validator without {@link CallPattern#batchedAggregation()}.
 * </ul>
 *
 * Whether a proof selects its validator follows is_sync_committee_aggregator with the chain's
 * TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE from its config.
 */
final class SyncCommitteeDuty {
  static final String SELECTIONS = "sync_committee_selections";

  /** A member and the share it signs with. */
  private record Member(long validatorIndex, List<Long> subcommittees, BlsSecretKey share) {}

  /** A member selected to aggregate a subcommittee. */
  private record Aggregator(Member member, long subcommittee, Bytes proof) {}

  private final DutyContext context;
  private final boolean distributed;
  private final CallPattern pattern;
  private final SlotClock clock;
  private final long aggregatorModulo;
  private final Map<Long, CompletableFuture<List<Member>>> membersByEpoch = new ConcurrentHashMap<>();
  /** By slot: the combined selection proofs, by validator and subcommittee. */
  private final ConcurrentSkipListMap<Long, CompletableFuture<Map<List<Long>, Bytes>>> selections =
      new ConcurrentSkipListMap<>();
  private final ConcurrentSkipListMap<Long, CompletableFuture<Bytes>> headRoots = new ConcurrentSkipListMap<>();

  /**
   * @param distributed false: whole keys, the proofs are final and no one combines them
   * @param targetAggregators TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE from the chain's config
   */
  SyncCommitteeDuty(DutyContext context, boolean distributed, CallPattern pattern, SlotClock clock,
      long targetAggregators) {
    this.context = context;
    this.distributed = distributed;
    this.pattern = pattern;
    this.clock = clock;
    this.aggregatorModulo = Math.max(1, MainnetPreset.SYNC_SUBCOMMITTEE_SIZE / Math.max(1, targetAggregators));
  }

  // Duties.

  private CompletableFuture<List<Member>> members(long epoch) {
    CompletableFuture<List<Member>> members = membersByEpoch.computeIfAbsent(epoch, this::fetch);
    members.whenComplete((ok, failure) -> {
      if (failure != null) {
        membersByEpoch.remove(epoch, members); // asked again next time
      }
    });
    return members;
  }

  private CompletableFuture<List<Member>> fetch(long epoch) {
    List<Long> indices = context.keys().indices();
    if (indices.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return context.calls().call("sync_duties", () -> context.node().syncDuties(epoch, indices))
        .thenApply(duties -> duties.stream()
            .flatMap(d -> context.keys().shareFor(d.pubkey()).stream()
                .map(share -> new Member(d.validatorIndex(), d.subcommittees(), share)))
            .toList());
  }

  // Selections, at slot start.

  /**
   * The selections due at {@code slot}'s start and how they went. With {@link
   * CallPattern#selectionsAhead()} the epoch's are sent at its start (or the client's first slot);
   * the node answers those its peers' partials combined in time (peers whose clients go slot by slot
   * send theirs only in that slot), so each later slot asks again for its proofs the answer left
   * out. Each slot's outcome counts that slot's proofs only.
   */
  CompletableFuture<List<Outcome>> select(long slot) {
    long epoch = clock.epochOf(slot);
    forgetBefore(slot - 2 * clock.slotsPerEpoch());
    CompletableFuture<Map<List<Long>, Bytes>> forSlot;
    if (pattern.selectionsAhead() && !selections.containsKey(slot)) {
      List<Long> slots = new ArrayList<>();
      for (long s = slot; s < clock.firstSlotOf(epoch + 1); s++) {
        slots.add(s);
      }
      CompletableFuture<Map<Long, Map<List<Long>, Bytes>>> combined = request(epoch, slots);
      for (long s : slots) {
        selections.put(s, combined.thenApply(all -> all.getOrDefault(s, Map.of())));
      }
      forSlot = selections.get(slot);
    } else if (pattern.selectionsAhead()) {
      CompletableFuture<Map<List<Long>, Bytes>> earlier = selections.get(slot).exceptionally(failure -> Map.of());
      forSlot = members(epoch).thenCombine(earlier, (members, got) -> got.size() >= asked(members)
          ? CompletableFuture.completedFuture(got)
          : request(epoch, List.of(slot)).thenApply(again -> {
            Map<List<Long>, Bytes> merged = new HashMap<>(got);
            merged.putAll(again.getOrDefault(slot, Map.of()));
            return merged;
          })).thenCompose(f -> f);
      selections.put(slot, forSlot);
    } else {
      forSlot = request(epoch, List.of(slot)).thenApply(all -> all.getOrDefault(slot, Map.of()));
      selections.put(slot, forSlot);
    }
    return members(epoch).thenCombine(forSlot, (members, got) -> {
      long asked = asked(members);
      if (asked == 0) {
        return List.<Outcome>of();
      }
      List<Outcome> outcomes = new ArrayList<>();
      outcomes.add(Outcome.submitted(Math.toIntExact(Math.min(got.size(), asked))));
      if (got.size() < asked) {
        outcomes.add(Outcome.failed(Math.toIntExact(asked - got.size()), SELECTIONS + " left out proofs"));
      }
      return outcomes;
    }).exceptionally(failure -> List.of(Outcome.failed(1, NodeCalls.reason(failure))));
  }

  /** How many proofs one slot needs: one per member and subcommittee position it holds. */
  private static long asked(List<Member> members) {
    return members.stream().mapToLong(m -> m.subcommittees().size()).sum();
  }

  /** The partial proofs of {@code slots} sent to the node; its combined proofs by slot. */
  private CompletableFuture<Map<Long, Map<List<Long>, Bytes>>> request(long epoch, List<Long> slots) {
    return members(epoch)
        .thenApplyAsync(members -> partials(slots, members), context.executor())
        .thenCompose(partials -> partials.isEmpty() || !distributed
            ? CompletableFuture.completedFuture(partials)
            : context.calls().call(SELECTIONS, () -> context.node().syncCommitteeSelections(partials)))
        .thenApply(SyncCommitteeDuty::bySlot);
  }

  private List<SyncCommitteeSelection> partials(List<Long> slots, List<Member> members) {
    List<SyncCommitteeSelection> partials = new ArrayList<>();
    for (long slot : slots) {
      for (Member m : members) {
        for (long sub : m.subcommittees()) {
          partials.add(new SyncCommitteeSelection(m.validatorIndex(), slot, sub,
              m.share().sign(selectionRoot(slot, sub)).toBytes()));
        }
      }
    }
    return partials;
  }

  private static Map<Long, Map<List<Long>, Bytes>> bySlot(List<SyncCommitteeSelection> combined) {
    Map<Long, Map<List<Long>, Bytes>> bySlot = new TreeMap<>();
    for (SyncCommitteeSelection s : combined) {
      bySlot.computeIfAbsent(s.slot(), k -> new HashMap<>())
          .put(List.of(s.validatorIndex(), s.subcommitteeIndex()), s.selectionProof());
    }
    return bySlot;
  }

  // Messages, at 1/3.

  CompletableFuture<List<Outcome>> messages(long slot) {
    return members(clock.epochOf(slot)).thenCompose(members -> {
      if (members.isEmpty()) {
        return CompletableFuture.completedFuture(List.<Outcome>of());
      }
      CompletableFuture<Bytes> root = context.calls().call("head_root", () -> context.node().blockRoot("head"));
      headRoots.put(slot, root);
      CompletableFuture<Void> published = root
          .thenApplyAsync(r -> members.stream().map(m -> new SyncCommitteeMessage(slot, r, m.validatorIndex(),
              m.share().sign(messageRoot(slot, r)).toBytes())).toList(), context.executor())
          .thenCompose(signed -> context.calls().call("publish_sync_committee_messages",
              () -> context.node().publishSyncCommitteeMessages(signed)));
      return Outcome.of(published, members.size()).thenApply(List::of);
    }).exceptionally(failure -> List.of(Outcome.failed(1, NodeCalls.reason(failure))));
  }

  // Contributions, at 2/3.

  CompletableFuture<List<Outcome>> contributions(long slot) {
    CompletableFuture<Map<List<Long>, Bytes>> proofs = selections.get(slot);
    if (proofs == null) {
      return CompletableFuture.completedFuture(List.of());
    }
    return members(clock.epochOf(slot)).thenCombine(proofs.exceptionally(failure -> Map.of()),
        (members, selected) -> aggregators(members, selected)).thenCompose(aggregators -> {
          if (aggregators.isEmpty()) {
            return CompletableFuture.completedFuture(List.<Outcome>of());
          }
          CompletableFuture<Bytes> root = headRoots.getOrDefault(slot,
              CompletableFuture.failedFuture(new NodeCalls.StepFailure("no head root")));
          Map<Long, List<Aggregator>> bySubcommittee = new TreeMap<>();
          aggregators.forEach(a -> bySubcommittee.computeIfAbsent(a.subcommittee(), k -> new ArrayList<>()).add(a));
          List<CompletableFuture<List<SignedContributionAndProof>>> signed = new ArrayList<>();
          List<CompletableFuture<Outcome>> failedFetches = new ArrayList<>();
          bySubcommittee.forEach((sub, members) -> {
            CompletableFuture<List<SignedContributionAndProof>> one = root
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(new NodeCalls.StepFailure("no head root")))
                .thenCompose(r -> context.calls().call("sync_committee_contribution",
                    () -> context.node().syncCommitteeContribution(slot, sub, r)))
                .thenApplyAsync(c -> sign(c, members), context.executor());
            signed.add(one.exceptionally(failure -> List.of()));
            failedFetches.add(one.handle((ok, failure) -> failure == null ? null
                : Outcome.failed(members.size(), NodeCalls.reason(failure))));
          });
          return CompletableFuture.allOf(signed.toArray(CompletableFuture[]::new)).thenCompose(done -> {
            List<CompletableFuture<Outcome>> outcomes = new ArrayList<>(failedFetches);
            List<SignedContributionAndProof> all = signed.stream().flatMap(f -> f.join().stream()).toList();
            if (pattern.batchedAggregation()) {
              if (!all.isEmpty()) {
                outcomes.add(Outcome.of(context.calls().call("publish_contribution_and_proofs",
                    () -> context.node().publishContributionAndProofs(all)), all.size()));
              }
            } else {
              for (SignedContributionAndProof one : all) {
                outcomes.add(Outcome.of(context.calls().call("publish_contribution_and_proofs",
                    () -> context.node().publishContributionAndProofs(List.of(one))), 1));
              }
            }
            return Outcome.all(outcomes).thenApply(list -> list.stream().filter(Objects::nonNull).toList());
          });
        }).exceptionally(failure -> List.of(Outcome.failed(1, NodeCalls.reason(failure))));
  }

  private List<Aggregator> aggregators(List<Member> members, Map<List<Long>, Bytes> selected) {
    List<Aggregator> aggregators = new ArrayList<>();
    for (Member m : members) {
      for (long sub : m.subcommittees()) {
        Optional.ofNullable(selected.get(List.of(m.validatorIndex(), sub)))
            .filter(this::selects)
            .ifPresent(proof -> aggregators.add(new Aggregator(m, sub, proof)));
      }
    }
    return aggregators;
  }

  /** is_sync_committee_aggregator: the first 8 bytes of sha256(proof), little-endian, modulo. */
  private boolean selects(Bytes proof) {
    long head = ByteBuffer.wrap(Sha256.hash(proof.toArray()), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return Long.remainderUnsigned(head, aggregatorModulo) == 0;
  }

  private List<SignedContributionAndProof> sign(SyncCommitteeContribution contribution, List<Aggregator> aggregators) {
    return aggregators.stream().map(a -> {
      ContributionAndProof message = new ContributionAndProof(a.member().validatorIndex(), contribution, a.proof());
      return new SignedContributionAndProof(message, a.member().share().sign(contributionRoot(message)).toBytes());
    }).toList();
  }

  private void forgetBefore(long slot) {
    selections.headMap(slot).clear();
    headRoots.headMap(slot).clear();
    membersByEpoch.keySet().removeIf(e -> e < clock.epochOf(Math.max(0, slot)));
  }

  // Signing roots, in the domain of the slot's epoch.

  private Bytes selectionRoot(long slot, long subcommittee) {
    return SigningRoots.syncSelectionProofSigningRoot(new SyncAggregatorSelectionData(slot, subcommittee),
        domain(DomainType.SYNC_COMMITTEE_SELECTION_PROOF, slot));
  }

  private Bytes messageRoot(long slot, Bytes beaconBlockRoot) {
    return SigningRoots.syncCommitteeMessageSigningRoot(beaconBlockRoot, domain(DomainType.SYNC_COMMITTEE, slot));
  }

  private Bytes contributionRoot(ContributionAndProof message) {
    return SigningRoots.computeSigningRoot(ContributionAndProof.SSZ, message,
        domain(DomainType.CONTRIBUTION_AND_PROOF, message.contribution().slot()));
  }

  private Bytes domain(DomainType type, long slot) {
    SigningContext signing = context.signing();
    long epoch = slot / signing.slotsPerEpoch();
    return SigningRoots.domainAtEpoch(type, signing.forks().forkAt(epoch), epoch, signing.genesisValidatorsRoot());
  }
}
