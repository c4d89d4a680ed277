package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.Objects;

/** A VoluntaryExit signed by the exiting validator. */
public record SignedVoluntaryExit(VoluntaryExit message, Bytes signature) {
  public static final SszContainer<SignedVoluntaryExit> SSZ =
      SszContainer.builder(SignedVoluntaryExit.class)
          .field("message", VoluntaryExit.SSZ, SignedVoluntaryExit::message)
          .field("signature", Ssz.BYTES96, SignedVoluntaryExit::signature)
          .build(v -> new SignedVoluntaryExit(v.next(), v.next()));

  public SignedVoluntaryExit {
    Objects.requireNonNull(message, "message");
    Check.signature(signature, "signature");
  }
}
