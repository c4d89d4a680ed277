package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/** A withdrawal triggered from the execution layer (EIP-7002). */
public record WithdrawalRequest(Bytes sourceAddress, Bytes validatorPubkey, long amount) {
  public static final SszContainer<WithdrawalRequest> SSZ =
      SszContainer.builder(WithdrawalRequest.class)
          .field("source_address", Ssz.BYTES20, WithdrawalRequest::sourceAddress)
          .field("validator_pubkey", Ssz.BYTES48, WithdrawalRequest::validatorPubkey)
          .field("amount", Ssz.UINT64, WithdrawalRequest::amount)
          .build(v -> new WithdrawalRequest(v.next(), v.next(), v.next()));

  public WithdrawalRequest {
    Check.address(sourceAddress, "source_address");
    Check.pubkey(validatorPubkey, "validator_pubkey");
  }
}
