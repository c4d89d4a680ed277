package io.phalanx.sim.chain;

/**
 * Why a submission was refused or a duty failed, as the simnet table prints it. Only {@link #LATE}
 * and {@link #MISSING} describe duties without a refused submission.
 */
public enum FailureReason {
  UNKNOWN_VALIDATOR("unknown validator"),
  INVALID_SIGNATURE("invalid signature"),
  INVALID_SELECTION_PROOF("invalid selection proof"),
  INVALID_AGGREGATE_SIGNATURE("invalid aggregate signature"),
  NOT_AN_AGGREGATOR("not an aggregator"),
  NOT_IN_COMMITTEE("not in committee"),
  INVALID_BITS("invalid aggregation or committee bits"),
  /** A vote that, with one the validator signed before, would get it slashed. */
  SLASHABLE("slashable"),
  FUTURE_SLOT("future slot"),
  /** A voluntary exit for an epoch that has not begun: not valid yet. */
  FUTURE_EPOCH("future epoch"),
  WRONG_DATA("wrong attestation data"),
  /** A sync committee message or contribution over another block root than the slot's head. */
  WRONG_BLOCK_ROOT("wrong block root"),
  TOO_OLD("too old"),
  /** A block signed by a validator that does not propose at its slot. */
  NOT_PROPOSER("not the slot's proposer"),
  INVALID_RANDAO("invalid randao reveal"),
  /** A second, different block signed for one slot: a double proposal. */
  DOUBLE_PROPOSAL("double proposal (slashable)"),
  /** Accepted, but after its slot ended. */
  LATE("late"),
  /** Nothing valid arrived before the deadline. */
  MISSING("missing");

  private final String text;

  FailureReason(String text) {
    this.text = text;
  }

  /** The words the table and the JSON summaries use. */
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}
