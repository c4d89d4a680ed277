package io.phalanx.spec.api;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.List;

/** One element of {@code GET /eth/v1/validator/duties/proposer/{epoch}}'s {@code data}. */
public record ProposerDuty(Bytes pubkey, long validatorIndex, long slot) {
  public static final SszContainer<ProposerDuty> SSZ =
      SszContainer.builder(ProposerDuty.class)
          .field("pubkey", Ssz.BYTES48, ProposerDuty::pubkey)
          .field("validator_index", Ssz.UINT64, ProposerDuty::validatorIndex)
          .field("slot", Ssz.UINT64, ProposerDuty::slot)
          .build(v -> new ProposerDuty(v.next(), v.next(), v.next()));

  /** The same duty as seen by a validator client that knows {@code pubkey} under another key. */
  public ProposerDuty withPubkey(Bytes otherPubkey) {
    return new ProposerDuty(otherPubkey, validatorIndex, slot);
  }

  /** The proposer duties of an epoch with the dependent root the beacon node computed them from. */
  public record Epoch(Bytes dependentRoot, List<ProposerDuty> duties) {}
}
