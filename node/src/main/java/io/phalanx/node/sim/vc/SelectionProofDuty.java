package io.phalanx.node.sim.vc;

import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * At the start of the slot, as distributed-mode clients do: sign the slot with each share (a
 * partial selection proof) and send them all to beacon_committee_selections. A share's proof
 * decides nothing; the node answers with the proofs combined from a threshold of shares, and only
 * those say whether the validator aggregates.
 */
final class SelectionProofDuty {
  static final String STEP = "beacon_committee_selections";

  private final DutyContext context;
  private final boolean distributed;

  /** {@code distributed} false: the keys are whole, so each proof is final and no one combines them. */
  SelectionProofDuty(DutyContext context, boolean distributed) {
    this.context = context;
    this.distributed = distributed;
  }

  /** The slot's aggregators and how the selection went; it never fails. */
  record Selected(List<Aggregator> aggregators, List<Outcome> outcomes) {}

  CompletableFuture<Selected> run(long slot, List<AttesterDuty> duties) {
    if (duties.isEmpty()) {
      return CompletableFuture.completedFuture(new Selected(List.of(), List.of()));
    }
    CompletableFuture<List<BeaconCommitteeSelection>> proofs =
        CompletableFuture.supplyAsync(() -> partials(slot, duties), context.executor());
    if (!distributed) {
      return proofs.thenApply(own -> select(slot, duties, own));
    }
    return proofs
        .thenCompose(partials -> context.calls().call(STEP, () -> context.node().beaconCommitteeSelections(partials)))
        .handle((combined, failure) -> failure == null
            ? select(slot, duties, combined)
            : new Selected(List.of(), List.of(Outcome.failed(duties.size(), NodeCalls.reason(failure)))));
  }

  private List<BeaconCommitteeSelection> partials(long slot, List<AttesterDuty> duties) {
    Bytes signingRoot = context.signing().selectionProof(slot);
    return duties.stream()
        .map(duty -> new BeaconCommitteeSelection(duty.validatorIndex(), slot, context.sign(duty, signingRoot)))
        .toList();
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
