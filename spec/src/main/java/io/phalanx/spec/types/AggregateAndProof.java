package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.Objects;

/**
 * An aggregator's aggregate (Electra form) with the selection proof that shows it was chosen to
 * aggregate.
 */
public record AggregateAndProof(long aggregatorIndex, Attestation aggregate, Bytes selectionProof) {
  public static final SszContainer<AggregateAndProof> SSZ =
      SszContainer.builder(AggregateAndProof.class)
          .field("aggregator_index", Ssz.UINT64, AggregateAndProof::aggregatorIndex)
          .field("aggregate", Attestation.SSZ, AggregateAndProof::aggregate)
          .field("selection_proof", Ssz.BYTES96, AggregateAndProof::selectionProof)
          .build(v -> new AggregateAndProof(v.next(), v.next(), v.next()));

  public AggregateAndProof {
    Objects.requireNonNull(aggregate, "aggregate");
    Check.signature(selectionProof, "selection_proof");
  }
}
