package io.phalanx.consensus.raft;

import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.ForkSchedule;
import java.util.Objects;

/**
 * How the duty state machine keeps the slashing-protection history.
 *
 * @param forks the chain's fork schedule, for the signing domain of an attestation at its target epoch (the
 *     signing roots in the history are the ones validators sign and EIP-3076 files carry)
 * @param historyEpochs attestations whose target is more than this many epochs below a
 *     validator's newest are folded into its low watermarks, and blocks more than this many epochs
 *     of slots below its newest block. Safety does not depend on it (the watermarks refuse
 *     everything a pruned record would); a longer window only lets the cluster re-sign older
 *     identical messages and export more detail, at the cost of memory and snapshot size
 * @param slotsPerEpoch to turn the window into slots for blocks
 */
public record SlashingConfig(ForkSchedule forks, long historyEpochs, long slotsPerEpoch) {
  /** About 3.4 hours of mainnet history per validator: 32 attestation records and watermarks. */
  public static final long DEFAULT_HISTORY_EPOCHS = 32;

  public SlashingConfig {
    Objects.requireNonNull(forks, "forks");
    if (historyEpochs < 1) {
      throw new IllegalArgumentException("the slashing history window must be at least 1 epoch, got " + historyEpochs);
    }
    if (slotsPerEpoch < 1) {
      throw new IllegalArgumentException("slotsPerEpoch must be at least 1, got " + slotsPerEpoch);
    }
  }

  /** A chain on one fork record (tests, and chains that never fork). */
  public SlashingConfig(Fork fork, long historyEpochs, long slotsPerEpoch) {
    this(ForkSchedule.single(fork, ConsensusVersion.FULU, slotsPerEpoch), historyEpochs, slotsPerEpoch);
  }

  /** The lock network's genesis fork for every epoch, 32 slots per epoch, the default window. */
  public static SlashingConfig genesisFork(ClusterLock lock) {
    var version = lock.content().network().genesisForkVersion();
    return new SlashingConfig(new Fork(version, version, 0), DEFAULT_HISTORY_EPOCHS, 32);
  }

  long windowSlots() {
    return Math.multiplyExact(historyEpochs, slotsPerEpoch);
  }
}
