package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;

/** A validator's request to leave the active set from an epoch on. */
public record VoluntaryExit(long epoch, long validatorIndex) {
  public static final SszContainer<VoluntaryExit> SSZ =
      SszContainer.builder(VoluntaryExit.class)
          .field("epoch", Ssz.UINT64, VoluntaryExit::epoch)
          .field("validator_index", Ssz.UINT64, VoluntaryExit::validatorIndex)
          .build(v -> new VoluntaryExit(v.next(), v.next()));
}
