package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/** An epoch boundary block: the source and target of a Casper FFG vote. */
public record Checkpoint(long epoch, Bytes root) {
  public static final SszContainer<Checkpoint> SSZ =
      SszContainer.builder(Checkpoint.class)
          .field("epoch", Ssz.UINT64, Checkpoint::epoch)
          .field("root", Ssz.BYTES32, Checkpoint::root)
          .build(v -> new Checkpoint(v.next(), v.next()));

  public Checkpoint {
    Check.root(root, "root");
  }
}
