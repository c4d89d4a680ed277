package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.Objects;

/** A BLSToExecutionChange signed with the withdrawal BLS key. */
public record SignedBLSToExecutionChange(BLSToExecutionChange message, Bytes signature) {
  public static final SszContainer<SignedBLSToExecutionChange> SSZ =
      SszContainer.builder(SignedBLSToExecutionChange.class)
          .field("message", BLSToExecutionChange.SSZ, SignedBLSToExecutionChange::message)
          .field("signature", Ssz.BYTES96, SignedBLSToExecutionChange::signature)
          .build(v -> new SignedBLSToExecutionChange(v.next(), v.next()));

  public SignedBLSToExecutionChange {
    Objects.requireNonNull(message, "message");
    Check.signature(signature, "signature");
  }
}
