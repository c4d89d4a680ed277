package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.Objects;

/**
 * One validator's attestation as Electra's {@code POST /eth/v2/beacon/pool/attestations} takes it:
 * the committee and the attester are named directly instead of by bits.
 */
public record SingleAttestation(long committeeIndex, long attesterIndex, AttestationData data, Bytes signature) {
  public static final SszContainer<SingleAttestation> SSZ =
      SszContainer.builder(SingleAttestation.class)
          .field("committee_index", Ssz.UINT64, SingleAttestation::committeeIndex)
          .field("attester_index", Ssz.UINT64, SingleAttestation::attesterIndex)
          .field("data", AttestationData.SSZ, SingleAttestation::data)
          .field("signature", Ssz.BYTES96, SingleAttestation::signature)
          .build(v -> new SingleAttestation(v.next(), v.next(), v.next(), v.next()));

  public SingleAttestation {
    Objects.requireNonNull(data, "data");
    Check.signature(signature, "signature");
  }

  public SingleAttestation withSignature(Bytes newSignature) {
    return new SingleAttestation(committeeIndex, attesterIndex, data, newSignature);
  }
}
