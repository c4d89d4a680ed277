package io.phalanx.api;

/**
 * No beacon node answered a request: every configured one was tried (or none was usable) and each
 * failed for a reason of its own, not because the request was wrong. The message starts with
 * {@link #REASON}, so duty trackers can count these failures as one kind.
 */
public class BeaconNodeUnavailableException extends ApiException {
  private static final long serialVersionUID = 1L;

  /** How failures of this kind are named in logs and counts. */
  public static final String REASON = "beacon node unavailable";

  public BeaconNodeUnavailableException(String detail) {
    super(503, REASON + ": " + detail);
  }
}
