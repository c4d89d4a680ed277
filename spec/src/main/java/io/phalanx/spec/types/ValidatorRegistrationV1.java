package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/**
 * A validator's registration with MEV-boost relays (builder-specs): where to pay fees and the
 * gas limit to build for.
 */
public record ValidatorRegistrationV1(
    Bytes feeRecipient,
    long gasLimit,
    long timestamp,
    Bytes pubkey) {
  public static final SszContainer<ValidatorRegistrationV1> SSZ =
      SszContainer.builder(ValidatorRegistrationV1.class)
          .field("fee_recipient", Ssz.BYTES20, ValidatorRegistrationV1::feeRecipient)
          .field("gas_limit", Ssz.UINT64, ValidatorRegistrationV1::gasLimit)
          .field("timestamp", Ssz.UINT64, ValidatorRegistrationV1::timestamp)
          .field("pubkey", Ssz.BYTES48, ValidatorRegistrationV1::pubkey)
          .build(v -> new ValidatorRegistrationV1(v.next(), v.next(), v.next(), v.next()));

  public ValidatorRegistrationV1 {
    Check.address(feeRecipient, "fee_recipient");
    Check.pubkey(pubkey, "pubkey");
  }
}
