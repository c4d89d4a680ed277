package io.phalanx.spec.types;

import static io.phalanx.spec.types.MainnetPreset.MAX_ATTESTERS_PER_SLOT;
import static io.phalanx.spec.types.MainnetPreset.MAX_COMMITTEES_PER_SLOT;

import io.phalanx.spec.ssz.Bitfield;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.Objects;

/**
 * An attestation in its Electra (EIP-7549) form: one aggregate may span committees, so
 * {@code aggregation_bits} covers the committees set in {@code committee_bits}, concatenated.
 */
public record Attestation(
    Bitfield aggregationBits,
    AttestationData data,
    Bytes signature,
    Bitfield committeeBits) {
  public static final SszContainer<Attestation> SSZ =
      SszContainer.builder(Attestation.class)
          .field(
              "aggregation_bits",
              Ssz.bitlist(MAX_ATTESTERS_PER_SLOT),
              Attestation::aggregationBits)
          .field("data", AttestationData.SSZ, Attestation::data)
          .field("signature", Ssz.BYTES96, Attestation::signature)
          .field(
              "committee_bits",
              Ssz.bitvector(MAX_COMMITTEES_PER_SLOT),
              Attestation::committeeBits)
          .build(v -> new Attestation(v.next(), v.next(), v.next(), v.next()));

  public Attestation {
    Check.bitlist(aggregationBits, MAX_ATTESTERS_PER_SLOT, "aggregation_bits");
    Objects.requireNonNull(data, "data");
    Check.signature(signature, "signature");
    Check.bitvector(committeeBits, MAX_COMMITTEES_PER_SLOT, "committee_bits");
  }
}
