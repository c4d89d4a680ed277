package io.phalanx.duties;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/**
 * A RANDAO reveal as the nodes exchange it: the validator, the slot it proposes at, and the
 * signature over the slot's epoch (a partial one between nodes, the validator's once combined).
 */
public record RandaoReveal(long validatorIndex, long slot, Bytes signature) {
  public static final SszContainer<RandaoReveal> SSZ =
      SszContainer.builder(RandaoReveal.class)
          .field("validator_index", Ssz.UINT64, RandaoReveal::validatorIndex)
          .field("slot", Ssz.UINT64, RandaoReveal::slot)
          .field("signature", Ssz.BYTES96, RandaoReveal::signature)
          .build(v -> new RandaoReveal(v.next(), v.next(), v.next()));
}
