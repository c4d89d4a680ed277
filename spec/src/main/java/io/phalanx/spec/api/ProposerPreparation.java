package io.phalanx.spec.api;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/**
 * One element of {@code POST /eth/v1/validator/prepare_beacon_proposer}: where the beacon node
 * should pay a validator's fees when it builds a block for it.
 */
public record ProposerPreparation(long validatorIndex, Bytes feeRecipient) {
  public static final SszContainer<ProposerPreparation> SSZ =
      SszContainer.builder(ProposerPreparation.class)
          .field("validator_index", Ssz.UINT64, ProposerPreparation::validatorIndex)
          .field("fee_recipient", Ssz.BYTES20, ProposerPreparation::feeRecipient)
          .build(v -> new ProposerPreparation(v.next(), v.next()));
}
