package io.phalanx.duties;

/**
 * The step at which a validator's duty failed, named for operators: the first step of the duty's
 * way through the node that did not happen.
 */
public enum FailureReason {
  /** The beacon node did not give the duty's data (attestation data, aggregates). */
  FETCH("fetch", "the beacon node did not give the data to agree on"),
  /** The cluster did not agree on a value in time. */
  CONSENSUS("consensus", "the cluster did not agree on a value in time"),
  /** The cluster agreed, but this node's validator client sent no partial signature. */
  VC_DID_NOT_SIGN("vc_did_not_sign", "the validator client sent no partial signature"),
  /** Fewer than the threshold of partial signatures arrived from the peers. */
  TOO_FEW_PARTIALS("too_few_partials", "fewer than the threshold of partial signatures arrived"),
  /** The combined signature did not verify against the validator's group key. */
  AGGREGATION("aggregation", "the combined signature did not verify"),
  /** Every beacon node refused or did not take the whole signed object. */
  BROADCAST("broadcast", "the beacon node did not take the signed object"),
  /**
   * The beacon node took the signed attestation, but once its epoch was over the beacon node's
   * liveness answer showed none of the validator's attestations for that epoch on chain. Counted
   * on top of the duty's success, which the publication had already counted.
   */
  NOT_INCLUDED("not_included", "the beacon node took the attestation, but it did not make it on chain");

  private final String label;
  private final String description;

  FailureReason(String label, String description) {
    this.label = label;
    this.description = description;
  }

  /** The metric label and log word, e.g. {@code vc_did_not_sign}. */
  public String label() {
    return label;
  }

  public String description() {
    return description;
  }
}
