package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/** The fork a chain is on at an epoch: which fork version its signatures commit to. */
public record Fork(Bytes previousVersion, Bytes currentVersion, long epoch) {
  public static final SszContainer<Fork> SSZ =
      SszContainer.builder(Fork.class)
          .field("previous_version", Ssz.BYTES4, Fork::previousVersion)
          .field("current_version", Ssz.BYTES4, Fork::currentVersion)
          .field("epoch", Ssz.UINT64, Fork::epoch)
          .build(v -> new Fork(v.next(), v.next(), v.next()));

  public Fork {
    Check.version(previousVersion, "previous_version");
    Check.version(currentVersion, "current_version");
  }
}
