package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.Objects;

/** A sync contribution with the selection proof that shows its aggregator was chosen. */
public record ContributionAndProof(
    long aggregatorIndex,
    SyncCommitteeContribution contribution,
    Bytes selectionProof) {
  public static final SszContainer<ContributionAndProof> SSZ =
      SszContainer.builder(ContributionAndProof.class)
          .field("aggregator_index", Ssz.UINT64, ContributionAndProof::aggregatorIndex)
          .field("contribution", SyncCommitteeContribution.SSZ, ContributionAndProof::contribution)
          .field("selection_proof", Ssz.BYTES96, ContributionAndProof::selectionProof)
          .build(v -> new ContributionAndProof(v.next(), v.next(), v.next()));

  public ContributionAndProof {
    Objects.requireNonNull(contribution, "contribution");
    Check.signature(selectionProof, "selection_proof");
  }
}
