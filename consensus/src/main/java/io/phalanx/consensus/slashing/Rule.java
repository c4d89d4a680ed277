package io.phalanx.consensus.slashing;

/** The EIP-3076 rules a signing can break, each with the words a log line and a metric use. */
public enum Rule {
  /** A second, different block for a slot that already has one (a proposer slashing). */
  DOUBLE_BLOCK("double_block", "another block was signed at this slot"),
  /** A block at or below the low watermark, or below the oldest block kept. */
  BLOCK_BELOW_WATERMARK("block_below_watermark", "the slot is below the validator's block history"),
  /** A second, different attestation for a target epoch that already has one. */
  DOUBLE_VOTE("double_vote", "another attestation was signed for this target epoch"),
  /** The attestation surrounds one already signed. */
  SURROUNDING_VOTE("surrounding_vote", "it surrounds an attestation already signed"),
  /** The attestation is surrounded by one already signed. */
  SURROUNDED_VOTE("surrounded_vote", "it is surrounded by an attestation already signed"),
  /** The source epoch is below the validator's attestation history. */
  SOURCE_BELOW_WATERMARK("source_below_watermark", "the source epoch is below the validator's attestation history"),
  /** The target epoch is at or below the low watermark, or below the oldest attestation kept. */
  TARGET_BELOW_WATERMARK("target_below_watermark", "the target epoch is below the validator's attestation history"),
  /** Source after target: no valid attestation looks like this. */
  SOURCE_AFTER_TARGET("source_after_target", "the source epoch is after the target epoch");

  private final String label;
  private final String reason;

  Rule(String label, String reason) {
    this.label = label;
    this.reason = reason;
  }

  /** A short snake_case name for metrics and logs. */
  public String label() {
    return label;
  }

  /** Why a signing that breaks the rule is refused. */
  public String reason() {
    return reason;
  }
}
