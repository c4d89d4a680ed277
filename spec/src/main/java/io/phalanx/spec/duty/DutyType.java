package io.phalanx.spec.duty;

/**
 * The kinds of work a distributed validator's cluster agrees on and signs, one value each per
 * slot (exits and registrations: one value per key as their owners define it). New values go at
 * the end: the order is the order of {@link DutyKey}s within a slot.
 */
public enum DutyType {
  /** Attestation data for the slot, and the validators' partial attestations. */
  ATTESTER,
  /** Partial selection proofs (the slot signed) that decide who aggregates. */
  SELECTION_PROOF,
  /** The aggregate attestation per committee, and the partial aggregate-and-proofs. */
  AGGREGATOR,
  /** Partial RANDAO reveals (the epoch signed), combined before the block is fetched. */
  RANDAO,
  /** The block the cluster proposes in the slot, and the partial block signatures. */
  PROPOSER,
  /** The head block root sync-committee members sign in the slot, and the partial sync messages. */
  SYNC_MESSAGE,
  /** Partial sync-committee selection proofs that decide who aggregates a subcommittee. */
  SYNC_SELECTION_PROOF,
  /** The sync-committee contributions per subcommittee, and the partial contribution-and-proofs. */
  SYNC_CONTRIBUTION,
  /** Partial voluntary exits, combined and published once T have arrived. */
  VOLUNTARY_EXIT,
  /** Partial builder (validator) registrations, combined per validator and sent to the beacon node. */
  BUILDER_REGISTRATION
}
