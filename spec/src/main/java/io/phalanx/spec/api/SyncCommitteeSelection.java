package io.phalanx.spec.api;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/**
 * A sync committee selection proof (SyncAggregatorSelectionData signed under
 * DOMAIN_SYNC_COMMITTEE_SELECTION_PROOF) as {@code POST /eth/v1/validator/sync_committee_selections}
 * carries it: partial from a validator client in distributed mode, whole in the answer.
 */
public record SyncCommitteeSelection(long validatorIndex, long slot, long subcommitteeIndex, Bytes selectionProof) {
  public static final SszContainer<SyncCommitteeSelection> SSZ =
      SszContainer.builder(SyncCommitteeSelection.class)
          .field("validator_index", Ssz.UINT64, SyncCommitteeSelection::validatorIndex)
          .field("slot", Ssz.UINT64, SyncCommitteeSelection::slot)
          .field("subcommittee_index", Ssz.UINT64, SyncCommitteeSelection::subcommitteeIndex)
          .field("selection_proof", Ssz.BYTES96, SyncCommitteeSelection::selectionProof)
          .build(v -> new SyncCommitteeSelection(v.next(), v.next(), v.next(), v.next()));

  /** The same selection with {@code proof} in place of this one's. */
  public SyncCommitteeSelection withSelectionProof(Bytes proof) {
    return new SyncCommitteeSelection(validatorIndex, slot, subcommitteeIndex, proof);
  }
}
