package io.phalanx.cluster.lock;

import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.util.Bytes;
import java.util.List;

/**
 * One distributed validator: its group public key (the key the beacon chain knows), the public
 * key of every node's share in node order (node i holds the share at x = i + 1), and where its
 * rewards and withdrawals go.
 */
public record DistributedValidator(
    BlsPublicKey groupPublicKey,
    List<BlsPublicKey> publicShares,
    Bytes feeRecipient,
    Bytes withdrawalAddress) {
  public DistributedValidator {
    publicShares = List.copyOf(publicShares);
    if (feeRecipient.size() != 20) {
      throw new IllegalArgumentException("fee recipient must be a 20-byte address, got " + feeRecipient.size() + " bytes");
    }
    if (withdrawalAddress.size() != 20) {
      throw new IllegalArgumentException(
          "withdrawal address must be a 20-byte address, got " + withdrawalAddress.size() + " bytes");
    }
  }

  /** The public key of node {@code nodeIndex}'s share. */
  public BlsPublicKey publicShare(int nodeIndex) {
    return publicShares.get(nodeIndex);
  }
}
