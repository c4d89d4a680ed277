package io.phalanx.spec.api;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.List;
import java.util.Objects;

/** One element of {@code POST /eth/v1/validator/duties/attester/{epoch}}'s {@code data}. */
public record AttesterDuty(
    Bytes pubkey,
    long validatorIndex,
    long committeeIndex,
    long committeeLength,
    long committeesAtSlot,
    long validatorCommitteeIndex,
    long slot) {
  public static final SszContainer<AttesterDuty> SSZ =
      SszContainer.builder(AttesterDuty.class)
          .field("pubkey", Ssz.BYTES48, AttesterDuty::pubkey)
          .field("validator_index", Ssz.UINT64, AttesterDuty::validatorIndex)
          .field("committee_index", Ssz.UINT64, AttesterDuty::committeeIndex)
          .field("committee_length", Ssz.UINT64, AttesterDuty::committeeLength)
          .field("committees_at_slot", Ssz.UINT64, AttesterDuty::committeesAtSlot)
          .field("validator_committee_index", Ssz.UINT64, AttesterDuty::validatorCommitteeIndex)
          .field("slot", Ssz.UINT64, AttesterDuty::slot)
          .build(v -> new AttesterDuty(v.next(), v.next(), v.next(), v.next(), v.next(), v.next(), v.next()));

  /** The same duty as seen by a validator client that knows {@code pubkey} under another key. */
  public AttesterDuty withPubkey(Bytes otherPubkey) {
    return new AttesterDuty(otherPubkey, validatorIndex, committeeIndex, committeeLength, committeesAtSlot,
        validatorCommitteeIndex, slot);
  }

  /**
   * The attester duties of an epoch with the dependent root the beacon node computed them from
   * (the block root at the last slot of epoch - 2); a client refetches when it changes.
   */
  public record Epoch(Bytes dependentRoot, List<AttesterDuty> duties) {
    public Epoch {
      Objects.requireNonNull(dependentRoot, "dependentRoot");
      duties = List.copyOf(duties);
    }
  }
}
