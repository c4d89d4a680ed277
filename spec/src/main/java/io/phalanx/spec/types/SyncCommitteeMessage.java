package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/** A sync committee member's signature over the head block root. */
public record SyncCommitteeMessage(
    long slot,
    Bytes beaconBlockRoot,
    long validatorIndex,
    Bytes signature) {
  public static final SszContainer<SyncCommitteeMessage> SSZ =
      SszContainer.builder(SyncCommitteeMessage.class)
          .field("slot", Ssz.UINT64, SyncCommitteeMessage::slot)
          .field("beacon_block_root", Ssz.BYTES32, SyncCommitteeMessage::beaconBlockRoot)
          .field("validator_index", Ssz.UINT64, SyncCommitteeMessage::validatorIndex)
          .field("signature", Ssz.BYTES96, SyncCommitteeMessage::signature)
          .build(v -> new SyncCommitteeMessage(v.next(), v.next(), v.next(), v.next()));

  public SyncCommitteeMessage {
    Check.root(beaconBlockRoot, "beacon_block_root");
    Check.signature(signature, "signature");
  }
}
