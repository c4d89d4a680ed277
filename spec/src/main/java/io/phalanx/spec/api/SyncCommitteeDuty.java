package io.phalanx.spec.api;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.types.MainnetPreset;
import io.phalanx.spec.util.Bytes;
import java.util.List;

/**
 * One element of {@code POST /eth/v1/validator/duties/sync/{epoch}}'s {@code data}: a validator's
 * positions in the sync committee of the epoch's sync committee period.
 */
public record SyncCommitteeDuty(Bytes pubkey, long validatorIndex, List<Long> validatorSyncCommitteeIndices) {
  public static final SszContainer<SyncCommitteeDuty> SSZ =
      SszContainer.builder(SyncCommitteeDuty.class)
          .field("pubkey", Ssz.BYTES48, SyncCommitteeDuty::pubkey)
          .field("validator_index", Ssz.UINT64, SyncCommitteeDuty::validatorIndex)
          .field("validator_sync_committee_indices", Ssz.list(Ssz.UINT64, MainnetPreset.SYNC_COMMITTEE_SIZE),
              SyncCommitteeDuty::validatorSyncCommitteeIndices)
          .build(v -> new SyncCommitteeDuty(v.next(), v.next(), v.next()));

  public SyncCommitteeDuty {
    validatorSyncCommitteeIndices = List.copyOf(validatorSyncCommitteeIndices);
  }

  /** The subcommittees the validator is in, ascending, each once. */
  public List<Long> subcommittees() {
    return validatorSyncCommitteeIndices.stream()
        .map(i -> i / MainnetPreset.SYNC_SUBCOMMITTEE_SIZE).distinct().sorted().toList();
  }

  /** The same duty as seen by a validator client that knows {@code pubkey} under another key. */
  public SyncCommitteeDuty withPubkey(Bytes otherPubkey) {
    return new SyncCommitteeDuty(otherPubkey, validatorIndex, validatorSyncCommitteeIndices);
  }
}
