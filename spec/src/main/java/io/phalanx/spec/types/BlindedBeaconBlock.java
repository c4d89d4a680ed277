package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.Objects;

/**
 * A beacon block with a blinded body (builder-specs, Electra form, unchanged in Fulu). Its hash
 * tree root, and so its signing root, equals that of the full block it stands for.
 */
public record BlindedBeaconBlock(
    long slot,
    long proposerIndex,
    Bytes parentRoot,
    Bytes stateRoot,
    BlindedBeaconBlockBody body) {
  public static final SszContainer<BlindedBeaconBlock> SSZ =
      SszContainer.builder(BlindedBeaconBlock.class)
          .field("slot", Ssz.UINT64, BlindedBeaconBlock::slot)
          .field("proposer_index", Ssz.UINT64, BlindedBeaconBlock::proposerIndex)
          .field("parent_root", Ssz.BYTES32, BlindedBeaconBlock::parentRoot)
          .field("state_root", Ssz.BYTES32, BlindedBeaconBlock::stateRoot)
          .field("body", BlindedBeaconBlockBody.SSZ, BlindedBeaconBlock::body)
          .build(v -> new BlindedBeaconBlock(v.next(), v.next(), v.next(), v.next(), v.next()));

  public BlindedBeaconBlock {
    Check.root(parentRoot, "parent_root");
    Check.root(stateRoot, "state_root");
    Objects.requireNonNull(body, "body");
  }

  /** {@code block} blinded: the same root, the payload replaced by its header. */
  public static BlindedBeaconBlock of(BeaconBlock block) {
    return new BlindedBeaconBlock(
        block.slot(), block.proposerIndex(), block.parentRoot(), block.stateRoot(),
        BlindedBeaconBlockBody.of(block.body()));
  }

  /**
   * The full block, with {@code payload} in place of the header.
   *
   * @throws IllegalArgumentException if {@code payload} is not the one the header names
   */
  public BeaconBlock unblind(ExecutionPayload payload) {
    return new BeaconBlock(slot, proposerIndex, parentRoot, stateRoot, body.unblind(payload));
  }
}
