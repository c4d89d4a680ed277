package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/** A block with its body replaced by the body's root: what proposer slashings compare. */
public record BeaconBlockHeader(
    long slot,
    long proposerIndex,
    Bytes parentRoot,
    Bytes stateRoot,
    Bytes bodyRoot) {
  public static final SszContainer<BeaconBlockHeader> SSZ =
      SszContainer.builder(BeaconBlockHeader.class)
          .field("slot", Ssz.UINT64, BeaconBlockHeader::slot)
          .field("proposer_index", Ssz.UINT64, BeaconBlockHeader::proposerIndex)
          .field("parent_root", Ssz.BYTES32, BeaconBlockHeader::parentRoot)
          .field("state_root", Ssz.BYTES32, BeaconBlockHeader::stateRoot)
          .field("body_root", Ssz.BYTES32, BeaconBlockHeader::bodyRoot)
          .build(v -> new BeaconBlockHeader(v.next(), v.next(), v.next(), v.next(), v.next()));

  public BeaconBlockHeader {
    Check.root(parentRoot, "parent_root");
    Check.root(stateRoot, "state_root");
    Check.root(bodyRoot, "body_root");
  }
}
