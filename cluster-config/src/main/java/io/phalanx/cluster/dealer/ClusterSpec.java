package io.phalanx.cluster.dealer;

import io.phalanx.spec.keystore.KdfParams;
import io.phalanx.spec.network.Network;
import io.phalanx.spec.util.Bytes;
import java.util.List;
import java.util.Optional;

/**
 * What an operator asks of {@code create cluster}.
 *
 * @param name the cluster's name
 * @param network where the validators will run
 * @param nodes N, how many nodes hold a share of each key
 * @param threshold T, how many shares make a signature
 * @param feeRecipient 20-byte address for execution-layer rewards
 * @param withdrawalAddress 20-byte address the deposit's 0x01 withdrawal credentials point to
 * @param peerAddresses each node's {@code host:port} for peers, empty when not known yet; either
 *     empty or one entry per node
 * @param depositAmountGwei the amount each deposit carries
 * @param kdf how the share keystores are encrypted
 */
public record ClusterSpec(
    String name,
    Network network,
    int nodes,
    int threshold,
    Bytes feeRecipient,
    Bytes withdrawalAddress,
    List<Optional<String>> peerAddresses,
    long depositAmountGwei,
    KdfParams kdf) {
  /** The fewest nodes that make a distributed validator worth the name. */
  public static final int MIN_NODES = 3;

  public static final long DEFAULT_DEPOSIT_GWEI = 32_000_000_000L;
  /** The beacon chain refuses deposits below 1 ETH. */
  public static final long MIN_DEPOSIT_GWEI = 1_000_000_000L;
  /** Electra's MAX_EFFECTIVE_BALANCE_ELECTRA: a compounding validator holds at most 2048 ETH. */
  public static final long MAX_DEPOSIT_GWEI = 2_048_000_000_000L;

  public ClusterSpec {
    peerAddresses = List.copyOf(peerAddresses);
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("the cluster needs a name (--name)");
    }
    if (nodes < MIN_NODES) {
      throw new IllegalArgumentException(
          "--nodes " + nodes + " is too few: a distributed validator needs at least " + MIN_NODES
              + " nodes, so that it keeps signing when one is down while no single node can sign alone");
    }
    if (threshold < 1 || threshold > nodes) {
      throw new IllegalArgumentException(
          "--threshold " + threshold + " is impossible with " + nodes + " nodes: it must be between 1 and "
              + nodes + " (default " + defaultThreshold(nodes) + ")");
    }
    if (2 * threshold <= nodes) {
      throw new IllegalArgumentException(
          "--threshold " + threshold + " is unsafe with " + nodes + " nodes: it must be more than half ("
              + (nodes / 2 + 1) + " or more), or two separate groups of nodes could each sign a different"
              + " message and get the validator slashed (default " + defaultThreshold(nodes) + ")");
    }
    if (feeRecipient.size() != 20) {
      throw new IllegalArgumentException("fee recipient must be a 20-byte address");
    }
    if (withdrawalAddress.size() != 20) {
      throw new IllegalArgumentException("withdrawal address must be a 20-byte address");
    }
    if (!peerAddresses.isEmpty() && peerAddresses.size() != nodes) {
      throw new IllegalArgumentException(
          peerAddresses.size() + " peer addresses for " + nodes + " nodes: give one per node, in node order");
    }
    if (depositAmountGwei < MIN_DEPOSIT_GWEI || depositAmountGwei > MAX_DEPOSIT_GWEI) {
      throw new IllegalArgumentException(
          "deposit amount " + depositAmountGwei + " gwei is outside 1 ETH to 2048 ETH ("
              + MIN_DEPOSIT_GWEI + " to " + MAX_DEPOSIT_GWEI + " gwei)");
    }
  }

  /** ceil(2N/3): the threshold that tolerates the most crashed nodes while staying safe. */
  public static int defaultThreshold(int nodes) {
    return (2 * nodes + 2) / 3;
  }

  /** Whether the threshold is below the default: safe, but below what Byzantine tolerance asks. */
  public boolean thresholdBelowDefault() {
    return threshold < defaultThreshold(nodes);
  }

  public Optional<String> peerAddress(int node) {
    return peerAddresses.isEmpty() ? Optional.empty() : peerAddresses.get(node);
  }
}
