package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import java.util.Objects;

/** Two conflicting attestations signed by the same validators. */
public record AttesterSlashing(IndexedAttestation attestation1, IndexedAttestation attestation2) {
  public static final SszContainer<AttesterSlashing> SSZ =
      SszContainer.builder(AttesterSlashing.class)
          .field("attestation_1", IndexedAttestation.SSZ, AttesterSlashing::attestation1)
          .field("attestation_2", IndexedAttestation.SSZ, AttesterSlashing::attestation2)
          .build(v -> new AttesterSlashing(v.next(), v.next()));

  public AttesterSlashing {
    Objects.requireNonNull(attestation1, "attestation_1");
    Objects.requireNonNull(attestation2, "attestation_2");
  }
}
