package io.phalanx.spec.api;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/**
 * A selection proof (the slot signed under DOMAIN_SELECTION_PROOF) as
 * {@code POST /eth/v1/validator/beacon_committee_selections} carries it: partial from a validator
 * client in distributed mode, whole in the answer.
 */
public record BeaconCommitteeSelection(long validatorIndex, long slot, Bytes selectionProof) {
  public static final SszContainer<BeaconCommitteeSelection> SSZ =
      SszContainer.builder(BeaconCommitteeSelection.class)
          .field("validator_index", Ssz.UINT64, BeaconCommitteeSelection::validatorIndex)
          .field("slot", Ssz.UINT64, BeaconCommitteeSelection::slot)
          .field("selection_proof", Ssz.BYTES96, BeaconCommitteeSelection::selectionProof)
          .build(v -> new BeaconCommitteeSelection(v.next(), v.next(), v.next()));
}
