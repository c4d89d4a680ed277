package io.phalanx.api.failover;

import io.phalanx.api.ValidatorLiveness;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.ProducedBlock;
import io.phalanx.spec.api.SyncCommitteeDuty;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.SyncCommitteeContribution;
import io.phalanx.spec.util.Bytes;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a read must check of an answer beyond it parsing: empty if fine, else what is wrong. An
 * answer for another slot or validator than asked is the beacon node's fault: the read fails over.
 */
@FunctionalInterface
interface AnswerCheck<T> {
  Optional<String> wrong(T answer);

  static <T> AnswerCheck<T> any() {
    return answer -> Optional.empty();
  }

  static AnswerCheck<AttesterDuty.Epoch> attesterDuties(List<Long> validatorIndices) {
    Set<Long> asked = Set.copyOf(validatorIndices);
    return duties -> duties.duties().stream().filter(d -> !asked.contains(d.validatorIndex())).findFirst()
        .map(d -> "a duty of validator " + d.validatorIndex() + ", which was not asked for");
  }

  static AnswerCheck<AttestationData> attestationData(long slot) {
    return data -> data.slot() == slot ? Optional.empty()
        : Optional.of("attestation data for slot " + data.slot() + ", asked for slot " + slot);
  }

  static AnswerCheck<Attestation> aggregate(long slot, Bytes attestationDataRoot) {
    return aggregate -> {
      if (aggregate.data().slot() != slot) {
        return Optional.of("aggregate for slot " + aggregate.data().slot() + ", asked for slot " + slot);
      }
      Bytes root = AttestationData.SSZ.hashTreeRoot(aggregate.data());
      return root.equals(attestationDataRoot) ? Optional.empty()
          : Optional.of("aggregate of data root " + root + ", asked for " + attestationDataRoot);
    };
  }

  static AnswerCheck<List<ValidatorLiveness>> liveness(List<Long> validatorIndices) {
    Set<Long> asked = Set.copyOf(validatorIndices);
    return answer -> answer.stream().filter(l -> !asked.contains(l.index())).findFirst()
        .map(l -> "liveness of validator " + l.index() + ", which was not asked for");
  }

  static AnswerCheck<ProducedBlock> block(long slot) {
    return block -> block.slot() == slot ? Optional.empty()
        : Optional.of("a block for slot " + block.slot() + ", not " + slot);
  }

  static AnswerCheck<List<SyncCommitteeDuty>> syncDuties(List<Long> validatorIndices) {
    Set<Long> asked = Set.copyOf(validatorIndices);
    return duties -> duties.stream().filter(d -> !asked.contains(d.validatorIndex())).findFirst()
        .map(d -> "a sync duty of validator " + d.validatorIndex() + ", which was not asked for");
  }

  static AnswerCheck<SyncCommitteeContribution> contribution(long slot, long subcommitteeIndex,
      Bytes beaconBlockRoot) {
    return c -> {
      if (c.slot() != slot || c.subcommitteeIndex() != subcommitteeIndex) {
        return Optional.of("contribution for slot " + c.slot() + ", subcommittee " + c.subcommitteeIndex()
            + ", asked for slot " + slot + ", subcommittee " + subcommitteeIndex);
      }
      return c.beaconBlockRoot().equals(beaconBlockRoot) ? Optional.empty()
          : Optional.of("contribution over block root " + c.beaconBlockRoot() + ", asked for " + beaconBlockRoot);
    };
  }
}
