package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.Objects;

/** A beacon block in its Electra form, which Fulu keeps unchanged; see {@link ConsensusVersion}. */
public record BeaconBlock(
    long slot,
    long proposerIndex,
    Bytes parentRoot,
    Bytes stateRoot,
    BeaconBlockBody body) {
  public static final SszContainer<BeaconBlock> SSZ =
      SszContainer.builder(BeaconBlock.class)
          .field("slot", Ssz.UINT64, BeaconBlock::slot)
          .field("proposer_index", Ssz.UINT64, BeaconBlock::proposerIndex)
          .field("parent_root", Ssz.BYTES32, BeaconBlock::parentRoot)
          .field("state_root", Ssz.BYTES32, BeaconBlock::stateRoot)
          .field("body", BeaconBlockBody.SSZ, BeaconBlock::body)
          .build(v -> new BeaconBlock(v.next(), v.next(), v.next(), v.next(), v.next()));

  public BeaconBlock {
    Check.root(parentRoot, "parent_root");
    Check.root(stateRoot, "state_root");
    Objects.requireNonNull(body, "body");
  }
}
