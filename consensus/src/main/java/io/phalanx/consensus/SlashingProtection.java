package io.phalanx.consensus;

import io.phalanx.consensus.slashing.Rule;
import io.phalanx.consensus.slashing.Verdict;
import io.phalanx.spec.util.Bytes;

/**
 * This node's read-only view of the slashing-protection history the cluster replicates (the
 * signed blocks and attestations every node records when it applies a decided duty). The duty
 * workflow reads it again before it serves data to a validator client, accepts a partial signature
 * or publishes a combined one: defence in depth behind the state machine's own check.
 */
public interface SlashingProtection {
  /** Whether the history records exactly this attestation (source, target, signing root) of the validator. */
  boolean attestationRecorded(Bytes groupPublicKey, long sourceEpoch, long targetEpoch, Bytes signingRoot);

  /** What the EIP-3076 rules say of signing this attestation, against this node's copy of the history. */
  Verdict checkAttestation(Bytes groupPublicKey, long sourceEpoch, long targetEpoch, Bytes signingRoot);

  /**
   * Whether an imported history for the validator is still on its way into the cluster's history:
   * until it is, nothing is signed for the validator.
   */
  boolean importPending(Bytes groupPublicKey);

  /**
   * What the EIP-3076 block rules say of signing a block with this signing root at {@code slot},
   * against this node's copy of the history: {@code AlreadySigned} when exactly this block is
   * recorded (the cluster decided it), {@code Refused} for another block at the slot.
   */
  default Verdict checkBlock(Bytes groupPublicKey, long slot, Bytes signingRoot) {
    return new Verdict.Refused(Rule.BLOCK_BELOW_WATERMARK,
        "this node keeps no block history");
  }
}
