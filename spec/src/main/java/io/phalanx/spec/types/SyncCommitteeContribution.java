package io.phalanx.spec.types;

import static io.phalanx.spec.types.MainnetPreset.SYNC_SUBCOMMITTEE_SIZE;

import io.phalanx.spec.ssz.Bitfield;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/** The aggregate of one sync subcommittee's messages for a slot. */
public record SyncCommitteeContribution(
    long slot,
    Bytes beaconBlockRoot,
    long subcommitteeIndex,
    Bitfield aggregationBits,
    Bytes signature) {
  public static final SszContainer<SyncCommitteeContribution> SSZ =
      SszContainer.builder(SyncCommitteeContribution.class)
          .field("slot", Ssz.UINT64, SyncCommitteeContribution::slot)
          .field("beacon_block_root", Ssz.BYTES32, SyncCommitteeContribution::beaconBlockRoot)
          .field("subcommittee_index", Ssz.UINT64, SyncCommitteeContribution::subcommitteeIndex)
          .field(
              "aggregation_bits",
              Ssz.bitvector(SYNC_SUBCOMMITTEE_SIZE),
              SyncCommitteeContribution::aggregationBits)
          .field("signature", Ssz.BYTES96, SyncCommitteeContribution::signature)
          .build(
              v ->
                  new SyncCommitteeContribution(
                      v.next(), v.next(), v.next(), v.next(), v.next()));

  public SyncCommitteeContribution {
    Check.root(beaconBlockRoot, "beacon_block_root");
    Check.bitvector(aggregationBits, SYNC_SUBCOMMITTEE_SIZE, "aggregation_bits");
    Check.signature(signature, "signature");
  }
}
