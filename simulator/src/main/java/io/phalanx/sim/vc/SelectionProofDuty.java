package io.phalanx.sim.vc;

import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.util.Bytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Partial selection proofs to beacon_committee_selections, whose combined proofs decide who
 * aggregates. A share's proof decides nothing; the node answers with the proofs combined from a
 * threshold of shares, and only those say whether the validator aggregates.
 *
 * <p>Per slot (most clients): at the start of each slot, the slot's partials in one request. Ahead
 * ({@link CallPattern#selectionsAhead()}, as Teku and Nimbus): at each epoch's start the partials of
 * every duty of that epoch and the next in one request ({@link #sendAhead}); the combined proofs in
 * the answer are kept, and in each slot the proofs still missing (peers whose clients go slot by
 * slot send their partials only then) are asked for again, that slot's alone.
 */
final class SelectionProofDuty {
  static final String STEP = "beacon_committee_selections";

  private final DutyContext context;
  private final boolean distributed;
  private final boolean ahead;
  private final Duration aheadWait;
  /** Combined proofs the ahead requests brought, by slot and validator index. */
  private final Map<Long, Map<Long, Bytes>> combinedAhead = new ConcurrentHashMap<>();
  /** (slot, validator) pairs whose partials went out ahead. */
  private final Set<String> sentAhead = ConcurrentHashMap.newKeySet();
  private volatile CompletableFuture<Void> aheadAnswer = CompletableFuture.completedFuture(null);

  /** {@code distributed} false: the keys are whole, so each proof is final and no one combines them. */
  SelectionProofDuty(DutyContext context, boolean distributed) {
    this(context, distributed, false, Duration.ZERO);
  }

  /**
   * @param ahead whether partials go out for the current and next epoch at each epoch's start
   * @param aheadWait how long a slot's selection waits for an ahead request still under way
   */
  SelectionProofDuty(DutyContext context, boolean distributed, boolean ahead, Duration aheadWait) {
    this.context = context;
    this.distributed = distributed;
    this.ahead = ahead && distributed;
    this.aheadWait = aheadWait;
  }

  /** The slot's aggregators and how the selection went; it never fails. */
  record Selected(List<Aggregator> aggregators, List<Outcome> outcomes) {}

  /**
   * With selections ahead: sends the partials of {@code duties} at {@code fromSlot} or later that
   * have not gone out yet, in one request, and keeps the combined proofs of the answer.
   */
  void sendAhead(List<AttesterDuty> duties, long fromSlot) {
    if (!ahead) {
      return;
    }
    List<AttesterDuty> fresh = duties.stream()
        .filter(duty -> duty.slot() >= fromSlot && sentAhead.add(duty.slot() + "/" + duty.validatorIndex()))
        .toList();
    if (fresh.isEmpty()) {
      return;
    }
    CompletableFuture<Void> answered = CompletableFuture
        .supplyAsync(() -> fresh.stream().map(this::partial).toList(), context.executor())
        .thenCompose(partials -> context.calls().call(STEP, () -> context.node().beaconCommitteeSelections(partials)))
        .thenAccept(combined -> combined.forEach(s ->
            combinedAhead.computeIfAbsent(s.slot(), k -> new ConcurrentHashMap<>())
                .put(s.validatorIndex(), s.selectionProof())))
        // A failed ahead request costs nothing: each slot asks for what is missing.
        .exceptionally(failure -> null);
    aheadAnswer = answered;
  }

  CompletableFuture<Selected> run(long slot, List<AttesterDuty> duties) {
    if (duties.isEmpty()) {
      forgetBefore(slot);
      return CompletableFuture.completedFuture(new Selected(List.of(), List.of()));
    }
    if (!distributed) {
      return CompletableFuture.supplyAsync(() -> duties.stream().map(this::partial).toList(), context.executor())
          .thenApply(own -> select(slot, duties, own));
    }
    if (!ahead) {
      return requestAndSelect(slot, duties, List.of());
    }
    return aheadAnswer.copy().completeOnTimeout(null, aheadWait.toMillis(), TimeUnit.MILLISECONDS).thenCompose(x -> {
      Map<Long, Bytes> known = combinedAhead.getOrDefault(slot, Map.of());
      List<BeaconCommitteeSelection> have = new ArrayList<>();
      List<AttesterDuty> missing = new ArrayList<>();
      for (AttesterDuty duty : duties) {
        Bytes proof = known.get(duty.validatorIndex());
        if (proof == null) {
          missing.add(duty);
        } else {
          have.add(new BeaconCommitteeSelection(duty.validatorIndex(), slot, proof));
        }
      }
      forgetBefore(slot);
      return missing.isEmpty()
          ? CompletableFuture.completedFuture(select(slot, duties, have))
          : requestAndSelect(slot, duties, have);
    });
  }

  /** Asks for the partials of the {@code duties} not in {@code have}, then selects from both. */
  private CompletableFuture<Selected> requestAndSelect(long slot, List<AttesterDuty> duties,
      List<BeaconCommitteeSelection> have) {
    Set<Long> known = have.stream().map(BeaconCommitteeSelection::validatorIndex).collect(Collectors.toSet());
    List<AttesterDuty> wanted = duties.stream().filter(d -> !known.contains(d.validatorIndex())).toList();
    return CompletableFuture.supplyAsync(() -> wanted.stream().map(this::partial).toList(), context.executor())
        .thenCompose(partials -> context.calls().call(STEP, () -> context.node().beaconCommitteeSelections(partials)))
        .handle((combined, failure) -> {
          if (failure != null) {
            Selected some = select(slot, duties, have);
            List<Outcome> outcomes = new ArrayList<>(some.outcomes().stream()
                .filter(o -> o.failure().isEmpty() && o.messages() > 0).toList());
            outcomes.add(Outcome.failed(wanted.size(), NodeCalls.reason(failure)));
            return new Selected(some.aggregators(), List.copyOf(outcomes));
          }
          List<BeaconCommitteeSelection> all = new ArrayList<>(have);
          all.addAll(combined);
          return select(slot, duties, all);
        });
  }

  private void forgetBefore(long slot) {
    combinedAhead.keySet().removeIf(s -> s < slot);
    sentAhead.removeIf(key -> Long.parseLong(key.substring(0, key.indexOf('/'))) < slot);
  }

  private BeaconCommitteeSelection partial(AttesterDuty duty) {
    Bytes signingRoot = context.signing().selectionProof(duty.slot());
    return new BeaconCommitteeSelection(duty.validatorIndex(), duty.slot(), context.sign(duty, signingRoot));
  }

  private static Selected select(long slot, List<AttesterDuty> duties, List<BeaconCommitteeSelection> combined) {
    Map<Long, Bytes> proofByValidator = combined.stream()
        .filter(selection -> selection.slot() == slot)
        .collect(Collectors.toMap(
            BeaconCommitteeSelection::validatorIndex, BeaconCommitteeSelection::selectionProof, (a, b) -> a));
    List<Aggregator> aggregators = new ArrayList<>();
    int missing = 0;
    for (AttesterDuty duty : duties) {
      Bytes proof = proofByValidator.get(duty.validatorIndex());
      if (proof == null) {
        missing++;
      } else if (Aggregator.isAggregator(duty.committeeLength(), proof)) {
        aggregators.add(new Aggregator(duty, proof));
      }
    }
    List<Outcome> outcomes = new ArrayList<>();
    outcomes.add(Outcome.submitted(duties.size() - missing));
    if (missing > 0) {
      outcomes.add(Outcome.failed(missing, STEP + " left out the proof"));
    }
    return new Selected(List.copyOf(aggregators), List.copyOf(outcomes));
  }
}
