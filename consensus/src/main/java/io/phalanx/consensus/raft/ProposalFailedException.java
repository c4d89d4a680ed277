package io.phalanx.consensus.raft;

/** Why a proposal got no decided value. The message is meant for an operator's log. */
public final class ProposalFailedException extends RuntimeException {
  /** The kinds of failure a caller may react to differently. */
  public enum Reason {
    /** No quorum, or no commit before the request timeout: retrying later may work. */
    NO_QUORUM,
    /** The cluster refused the proposal (malformed, or its slot is below the prune horizon): retrying will not help. */
    REFUSED,
    /** This node's consensus is closed. */
    CLOSED
  }

  private final Reason reason;

  public ProposalFailedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
