package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/**
 * What compute_fork_data_root hashes: a fork version bound to one chain, so that signatures
 * cannot be replayed across networks or forks.
 */
public record ForkData(Bytes currentVersion, Bytes genesisValidatorsRoot) {
  public static final SszContainer<ForkData> SSZ =
      SszContainer.builder(ForkData.class)
          .field("current_version", Ssz.BYTES4, ForkData::currentVersion)
          .field("genesis_validators_root", Ssz.BYTES32, ForkData::genesisValidatorsRoot)
          .build(v -> new ForkData(v.next(), v.next()));

  public ForkData {
    Check.version(currentVersion, "current_version");
    Check.root(genesisValidatorsRoot, "genesis_validators_root");
  }
}
