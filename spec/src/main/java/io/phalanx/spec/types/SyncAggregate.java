package io.phalanx.spec.types;

import static io.phalanx.spec.types.MainnetPreset.SYNC_COMMITTEE_SIZE;

import io.phalanx.spec.ssz.Bitfield;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/** The sync committee's aggregate signature over the parent block, as included in a block. */
public record SyncAggregate(Bitfield syncCommitteeBits, Bytes syncCommitteeSignature) {
  public static final SszContainer<SyncAggregate> SSZ =
      SszContainer.builder(SyncAggregate.class)
          .field(
              "sync_committee_bits",
              Ssz.bitvector(SYNC_COMMITTEE_SIZE),
              SyncAggregate::syncCommitteeBits)
          .field("sync_committee_signature", Ssz.BYTES96, SyncAggregate::syncCommitteeSignature)
          .build(v -> new SyncAggregate(v.next(), v.next()));

  public SyncAggregate {
    Check.bitvector(syncCommitteeBits, SYNC_COMMITTEE_SIZE, "sync_committee_bits");
    Check.signature(syncCommitteeSignature, "sync_committee_signature");
  }
}
