package io.phalanx.sim.vc;

import io.phalanx.spec.types.AggregateAndProof;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.SignedAggregateAndProof;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * At 2/3 of the slot, for each committee with one of our aggregators: ask the node for the
 * aggregate of what the committee attested to, wrap it with each aggregator's combined selection
 * proof, sign that with the share and submit the partial aggregate-and-proofs: per committee in one
 * request, or one request per validator ({@link CallPattern#batchedAggregation()} false, as Teku,
 * Prysm and Nimbus do).
 */
final class AggregationDuty {
  private final DutyContext context;
  private final boolean batched;

  AggregationDuty(DutyContext context) {
    this(context, true);
  }

  AggregationDuty(DutyContext context, boolean batched) {
    this.context = context;
    this.batched = batched;
  }

  CompletableFuture<List<Outcome>> run(
      long slot, List<Aggregator> aggregators, Map<Long, CompletableFuture<AttestationData>> dataByCommittee) {
    List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
    DutyContext.byCommittee(aggregators, aggregator -> aggregator.duty().committeeIndex()).forEach((committee, members) -> {
      CompletableFuture<Void> published = dataByCommittee
          .getOrDefault(committee, CompletableFuture.failedFuture(new IllegalStateException("not attested")))
          .exceptionallyCompose(e -> CompletableFuture.failedFuture(new NodeCalls.StepFailure("no attestation data")))
          .thenCompose(data -> context.calls().call("aggregate_attestation",
              () -> context.node().aggregateAttestation(slot, AttestationData.SSZ.hashTreeRoot(data), committee)))
          .thenApplyAsync(aggregate -> sign(aggregate, members), context.executor())
          .thenCompose(this::publish);
      outcomes.add(Outcome.of(published, members.size()));
    });
    return Outcome.all(outcomes);
  }

  private CompletableFuture<Void> publish(List<SignedAggregateAndProof> signed) {
    if (batched) {
      return context.calls().call(
          "publish_aggregate_and_proofs", () -> context.node().publishAggregateAndProofs(signed));
    }
    List<CompletableFuture<Void>> each = signed.stream()
        .map(one -> context.calls().call(
            "publish_aggregate_and_proofs", () -> context.node().publishAggregateAndProofs(List.of(one))))
        .toList();
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
  }

  private List<SignedAggregateAndProof> sign(Attestation aggregate, List<Aggregator> members) {
    return members.stream().map(aggregator -> {
      AggregateAndProof message =
          new AggregateAndProof(aggregator.duty().validatorIndex(), aggregate, aggregator.selectionProof());
      return new SignedAggregateAndProof(
          message, context.sign(aggregator.duty(), context.signing().aggregateAndProof(message)));
    }).toList();
  }
}
