package io.phalanx.node.sim.chain;

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
  WRONG_DATA("wrong attestation data"),
  /** A sync committee message or contribution over another block root than the slot's head. */
  WRONG_BLOCK_ROOT("wrong block root"),
  TOO_OLD("too old"),
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
