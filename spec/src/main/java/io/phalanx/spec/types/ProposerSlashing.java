package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import java.util.Objects;

/** Two different headers signed by the same proposer for the same slot. */
public record ProposerSlashing(
    SignedBeaconBlockHeader signedHeader1,
    SignedBeaconBlockHeader signedHeader2) {
  public static final SszContainer<ProposerSlashing> SSZ =
      SszContainer.builder(ProposerSlashing.class)
          .field("signed_header_1", SignedBeaconBlockHeader.SSZ, ProposerSlashing::signedHeader1)
          .field("signed_header_2", SignedBeaconBlockHeader.SSZ, ProposerSlashing::signedHeader2)
          .build(v -> new ProposerSlashing(v.next(), v.next()));

  public ProposerSlashing {
    Objects.requireNonNull(signedHeader1, "signed_header_1");
    Objects.requireNonNull(signedHeader2, "signed_header_2");
  }
}
