package io.phalanx.spec.bls;

import io.phalanx.spec.util.Bytes;
import java.util.Objects;

/**
 * One signature to verify in a batch: that {@code signature} is {@code publicKey}'s over {@code
 * message}.
 */
public record SignatureCheck(BlsPublicKey publicKey, Bytes message, BlsSignature signature) {
  public SignatureCheck {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(signature, "signature");
  }
}
