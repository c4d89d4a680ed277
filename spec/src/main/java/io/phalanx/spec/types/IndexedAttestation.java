package io.phalanx.spec.types;

import static io.phalanx.spec.types.MainnetPreset.MAX_ATTESTERS_PER_SLOT;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.List;
import java.util.Objects;

/**
 * An attestation with its attesters listed by validator index, as attester slashings carry it
 * (Electra form: up to a whole slot's attesters).
 */
public record IndexedAttestation(
    List<Long> attestingIndices,
    AttestationData data,
    Bytes signature) {
  public static final SszContainer<IndexedAttestation> SSZ =
      SszContainer.builder(IndexedAttestation.class)
          .field(
              "attesting_indices",
              Ssz.list(Ssz.UINT64, MAX_ATTESTERS_PER_SLOT),
              IndexedAttestation::attestingIndices)
          .field("data", AttestationData.SSZ, IndexedAttestation::data)
          .field("signature", Ssz.BYTES96, IndexedAttestation::signature)
          .build(v -> new IndexedAttestation(v.next(), v.next(), v.next()));

  public IndexedAttestation {
    attestingIndices = Check.list(attestingIndices, MAX_ATTESTERS_PER_SLOT, "attesting_indices");
    Objects.requireNonNull(data, "data");
    Check.signature(signature, "signature");
  }
}
