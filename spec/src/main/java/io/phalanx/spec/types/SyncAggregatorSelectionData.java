package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;

/** What a sync committee member signs to learn whether it aggregates for a subcommittee. */
public record SyncAggregatorSelectionData(long slot, long subcommitteeIndex) {
  public static final SszContainer<SyncAggregatorSelectionData> SSZ =
      SszContainer.builder(SyncAggregatorSelectionData.class)
          .field("slot", Ssz.UINT64, SyncAggregatorSelectionData::slot)
          .field("subcommittee_index", Ssz.UINT64, SyncAggregatorSelectionData::subcommitteeIndex)
          .build(v -> new SyncAggregatorSelectionData(v.next(), v.next()));
}
