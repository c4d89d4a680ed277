package io.phalanx.sim.vc;

import io.phalanx.spec.util.Bytes;
import java.util.Map;

/**
 * What a validator client in distributed mode is configured with for builder registrations and
 * proposer preparation, per share it holds: the validator's group public key (registrations are
 * combined over it) and the fee recipient its operator set (simnet: the cluster lock's), and the
 * gas limit it registers.
 *
 * @param groupKeyByShare share public key to the validator's group public key
 * @param feeRecipientByShare share public key to the fee recipient (20 bytes)
 * @param gasLimit the gas limit registered
 */
public record Payouts(Map<Bytes, Bytes> groupKeyByShare, Map<Bytes, Bytes> feeRecipientByShare, long gasLimit) {
  /** No registrations and no proposer preparation. */
  public static final Payouts NONE = new Payouts(Map.of(), Map.of(), 0);

  /** The gas limit simnet's clients register, as most mainnet validators do today. */
  public static final long DEFAULT_GAS_LIMIT = 36_000_000;

  public Payouts {
    groupKeyByShare = Map.copyOf(groupKeyByShare);
    feeRecipientByShare = Map.copyOf(feeRecipientByShare);
  }

  boolean none() {
    return groupKeyByShare.isEmpty();
  }
}
