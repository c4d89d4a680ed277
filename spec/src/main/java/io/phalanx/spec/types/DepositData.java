package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/** A deposit as the deposit contract records it. */
public record DepositData(Bytes pubkey, Bytes withdrawalCredentials, long amount, Bytes signature) {
  public static final SszContainer<DepositData> SSZ =
      SszContainer.builder(DepositData.class)
          .field("pubkey", Ssz.BYTES48, DepositData::pubkey)
          .field("withdrawal_credentials", Ssz.BYTES32, DepositData::withdrawalCredentials)
          .field("amount", Ssz.UINT64, DepositData::amount)
          .field("signature", Ssz.BYTES96, DepositData::signature)
          .build(v -> new DepositData(v.next(), v.next(), v.next(), v.next()));

  public DepositData {
    Check.pubkey(pubkey, "pubkey");
    Check.root(withdrawalCredentials, "withdrawal_credentials");
    Check.signature(signature, "signature");
  }
}
