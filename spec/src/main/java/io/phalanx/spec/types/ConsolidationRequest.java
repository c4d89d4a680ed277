package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/** A request to merge one validator's balance into another (EIP-7251). */
public record ConsolidationRequest(Bytes sourceAddress, Bytes sourcePubkey, Bytes targetPubkey) {
  public static final SszContainer<ConsolidationRequest> SSZ =
      SszContainer.builder(ConsolidationRequest.class)
          .field("source_address", Ssz.BYTES20, ConsolidationRequest::sourceAddress)
          .field("source_pubkey", Ssz.BYTES48, ConsolidationRequest::sourcePubkey)
          .field("target_pubkey", Ssz.BYTES48, ConsolidationRequest::targetPubkey)
          .build(v -> new ConsolidationRequest(v.next(), v.next(), v.next()));

  public ConsolidationRequest {
    Check.address(sourceAddress, "source_address");
    Check.pubkey(sourcePubkey, "source_pubkey");
    Check.pubkey(targetPubkey, "target_pubkey");
  }
}
