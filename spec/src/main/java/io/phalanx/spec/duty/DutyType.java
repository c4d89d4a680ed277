package io.phalanx.spec.duty;

/**
 * The kinds of work a distributed validator's cluster agrees on and signs, one value each per
 * slot. Later duties (proposals, sync committee, exits, registrations) join this list.
 */
public enum DutyType {
  /** Attestation data for the slot, and the validators' partial attestations. */
  ATTESTER,
  /** Partial selection proofs (the slot signed) that decide who aggregates. */
  SELECTION_PROOF,
  /** The aggregate attestation per committee, and the partial aggregate-and-proofs. */
  AGGREGATOR
}
