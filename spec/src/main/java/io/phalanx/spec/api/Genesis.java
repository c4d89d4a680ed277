package io.phalanx.spec.api;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/** {@code GET /eth/v1/beacon/genesis}'s {@code data}. */
public record Genesis(long genesisTime, Bytes genesisValidatorsRoot, Bytes genesisForkVersion) {
  public static final SszContainer<Genesis> SSZ =
      SszContainer.builder(Genesis.class)
          .field("genesis_time", Ssz.UINT64, Genesis::genesisTime)
          .field("genesis_validators_root", Ssz.BYTES32, Genesis::genesisValidatorsRoot)
          .field("genesis_fork_version", Ssz.BYTES4, Genesis::genesisForkVersion)
          .build(v -> new Genesis(v.next(), v.next(), v.next()));
}
