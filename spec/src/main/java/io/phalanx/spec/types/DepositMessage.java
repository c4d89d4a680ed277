package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/** What a deposit signature signs: DepositData without the signature. */
public record DepositMessage(Bytes pubkey, Bytes withdrawalCredentials, long amount) {
  public static final SszContainer<DepositMessage> SSZ =
      SszContainer.builder(DepositMessage.class)
          .field("pubkey", Ssz.BYTES48, DepositMessage::pubkey)
          .field("withdrawal_credentials", Ssz.BYTES32, DepositMessage::withdrawalCredentials)
          .field("amount", Ssz.UINT64, DepositMessage::amount)
          .build(v -> new DepositMessage(v.next(), v.next(), v.next()));

  public DepositMessage {
    Check.pubkey(pubkey, "pubkey");
    Check.root(withdrawalCredentials, "withdrawal_credentials");
  }
}
