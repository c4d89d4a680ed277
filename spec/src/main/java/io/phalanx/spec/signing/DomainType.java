package io.phalanx.spec.signing;

import io.phalanx.spec.util.Bytes;

/**
 * The spec's DOMAIN_* constants: the first four bytes of every signing domain. They keep a
 * signature over one kind of message from being valid as another kind whose SSZ happens to match
 * (a slot signed as a selection proof must not pass as a RANDAO reveal of the same number).
 */
public enum DomainType {
  /** Blocks and block headers. */
  BEACON_PROPOSER("0x00000000"),
  /** AttestationData. */
  BEACON_ATTESTER("0x01000000"),
  /** The RANDAO reveal: the epoch as uint64. */
  RANDAO("0x02000000"),
  /** DepositMessage, in the fork-independent deposit domain. */
  DEPOSIT("0x03000000"),
  /** VoluntaryExit. */
  VOLUNTARY_EXIT("0x04000000"),
  /** The attestation aggregator selection proof: the slot as uint64. */
  SELECTION_PROOF("0x05000000"),
  /** AggregateAndProof. */
  AGGREGATE_AND_PROOF("0x06000000"),
  /** A sync committee message: the head block root. */
  SYNC_COMMITTEE("0x07000000"),
  /** SyncAggregatorSelectionData. */
  SYNC_COMMITTEE_SELECTION_PROOF("0x08000000"),
  /** ContributionAndProof. */
  CONTRIBUTION_AND_PROOF("0x09000000"),
  /** Builder API messages such as ValidatorRegistrationV1 (builder-specs), fork-independent. */
  APPLICATION_BUILDER("0x00000001");

  private final Bytes value;

  DomainType(String hex) {
    this.value = Bytes.fromHex(hex, 4, "domain type");
  }

  /** The four bytes. */
  public Bytes value() {
    return value;
  }
}
