package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.Objects;

/**
 * What an attester votes for, and what slashing protection compares. Since Electra {@code
 * index} is always 0: the committee is named by the attestation's committee_bits instead.
 */
public record AttestationData(
    long slot,
    long index,
    Bytes beaconBlockRoot,
    Checkpoint source,
    Checkpoint target) {
  public static final SszContainer<AttestationData> SSZ =
      SszContainer.builder(AttestationData.class)
          .field("slot", Ssz.UINT64, AttestationData::slot)
          .field("index", Ssz.UINT64, AttestationData::index)
          .field("beacon_block_root", Ssz.BYTES32, AttestationData::beaconBlockRoot)
          .field("source", Checkpoint.SSZ, AttestationData::source)
          .field("target", Checkpoint.SSZ, AttestationData::target)
          .build(v -> new AttestationData(v.next(), v.next(), v.next(), v.next(), v.next()));

  public AttestationData {
    Check.root(beaconBlockRoot, "beacon_block_root");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
  }
}
