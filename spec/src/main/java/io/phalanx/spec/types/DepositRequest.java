package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/** A deposit the execution layer passes to the beacon chain (EIP-6110). */
public record DepositRequest(
    Bytes pubkey,
    Bytes withdrawalCredentials,
    long amount,
    Bytes signature,
    long index) {
  public static final SszContainer<DepositRequest> SSZ =
      SszContainer.builder(DepositRequest.class)
          .field("pubkey", Ssz.BYTES48, DepositRequest::pubkey)
          .field("withdrawal_credentials", Ssz.BYTES32, DepositRequest::withdrawalCredentials)
          .field("amount", Ssz.UINT64, DepositRequest::amount)
          .field("signature", Ssz.BYTES96, DepositRequest::signature)
          .field("index", Ssz.UINT64, DepositRequest::index)
          .build(v -> new DepositRequest(v.next(), v.next(), v.next(), v.next(), v.next()));

  public DepositRequest {
    Check.pubkey(pubkey, "pubkey");
    Check.root(withdrawalCredentials, "withdrawal_credentials");
    Check.signature(signature, "signature");
  }
}
