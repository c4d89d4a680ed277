package io.phalanx.api;

import io.phalanx.spec.util.Bytes;

/**
 * One element of {@code /eth/v1/beacon/states/{state_id}/validators}: what validator clients read
 * to find their validators' indices and status.
 *
 * @param status the beacon-API status, e.g. "active_ongoing"
 */
public record ValidatorInfo(
    long index,
    long balance,
    String status,
    Bytes pubkey,
    Bytes withdrawalCredentials,
    long effectiveBalance,
    boolean slashed,
    long activationEligibilityEpoch,
    long activationEpoch,
    long exitEpoch,
    long withdrawableEpoch) {
  public static final long FAR_FUTURE_EPOCH = -1L; // 2^64 - 1 as unsigned

  /** The same validator as a client that knows it by another key sees it. */
  public ValidatorInfo withPubkey(Bytes otherPubkey) {
    return new ValidatorInfo(index, balance, status, otherPubkey, withdrawalCredentials, effectiveBalance, slashed,
        activationEligibilityEpoch, activationEpoch, exitEpoch, withdrawableEpoch);
  }
}
