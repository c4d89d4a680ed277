package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.Objects;

/** A ContributionAndProof signed by its aggregator. */
public record SignedContributionAndProof(ContributionAndProof message, Bytes signature) {
  public static final SszContainer<SignedContributionAndProof> SSZ =
      SszContainer.builder(SignedContributionAndProof.class)
          .field("message", ContributionAndProof.SSZ, SignedContributionAndProof::message)
          .field("signature", Ssz.BYTES96, SignedContributionAndProof::signature)
          .build(v -> new SignedContributionAndProof(v.next(), v.next()));

  public SignedContributionAndProof {
    Objects.requireNonNull(message, "message");
    Check.signature(signature, "signature");
  }
}
