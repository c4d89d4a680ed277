package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.Objects;

/** An AggregateAndProof signed by its aggregator. */
public record SignedAggregateAndProof(AggregateAndProof message, Bytes signature) {
  public static final SszContainer<SignedAggregateAndProof> SSZ =
      SszContainer.builder(SignedAggregateAndProof.class)
          .field("message", AggregateAndProof.SSZ, SignedAggregateAndProof::message)
          .field("signature", Ssz.BYTES96, SignedAggregateAndProof::signature)
          .build(v -> new SignedAggregateAndProof(v.next(), v.next()));

  public SignedAggregateAndProof {
    Objects.requireNonNull(message, "message");
    Check.signature(signature, "signature");
  }
}
