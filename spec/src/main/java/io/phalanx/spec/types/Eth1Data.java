package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/** A proposer's vote on the deposit contract's state. */
public record Eth1Data(Bytes depositRoot, long depositCount, Bytes blockHash) {
  public static final SszContainer<Eth1Data> SSZ =
      SszContainer.builder(Eth1Data.class)
          .field("deposit_root", Ssz.BYTES32, Eth1Data::depositRoot)
          .field("deposit_count", Ssz.UINT64, Eth1Data::depositCount)
          .field("block_hash", Ssz.BYTES32, Eth1Data::blockHash)
          .build(v -> new Eth1Data(v.next(), v.next(), v.next()));

  public Eth1Data {
    Check.root(depositRoot, "deposit_root");
    Check.root(blockHash, "block_hash");
  }
}
