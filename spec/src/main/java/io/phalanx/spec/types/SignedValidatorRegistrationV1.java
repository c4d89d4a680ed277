package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.Objects;

/** A ValidatorRegistrationV1 signed in the builder domain. */
public record SignedValidatorRegistrationV1(ValidatorRegistrationV1 message, Bytes signature) {
  public static final SszContainer<SignedValidatorRegistrationV1> SSZ =
      SszContainer.builder(SignedValidatorRegistrationV1.class)
          .field("message", ValidatorRegistrationV1.SSZ, SignedValidatorRegistrationV1::message)
          .field("signature", Ssz.BYTES96, SignedValidatorRegistrationV1::signature)
          .build(v -> new SignedValidatorRegistrationV1(v.next(), v.next()));

  public SignedValidatorRegistrationV1 {
    Objects.requireNonNull(message, "message");
    Check.signature(signature, "signature");
  }
}
