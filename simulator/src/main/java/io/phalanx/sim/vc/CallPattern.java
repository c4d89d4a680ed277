package io.phalanx.sim.vc;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a validator client in distributed mode calls its node: the choices where the major clients
 * differ. The simulated validator client follows one; the integration tests run every duty under
 * each, so that Phalanx serves all of them.
 *
 * @param name the preset's name, as {@code simnet --vc-pattern} takes it
 * @param selectionsAhead true: selection proofs (attestation and sync committee) for the current and
 *     the next epoch are sent at each epoch's start; false: each slot's proofs at the slot's start
 * @param batchedAggregation true: one aggregate-and-proofs request for all the slot's aggregators;
 *     false: one request per validator
 * @param blindedBlocks true: blocks are fetched with v3 preferring a builder's (blinded) block; false:
 *     v3 asking for a local (full) block
 * @param sszBodies true: signed objects are posted as SSZ ({@code application/octet-stream}) where the
 *     beacon API allows it; false: as JSON. The clients that send SSZ do so for blocks; the simulated
 *     client sends every signed object it may as SSZ under this flag, attestations and
 *     aggregate-and-proofs included, so that the node's SSZ paths all run
 *
 * <p>The presets are modelled on what each client's source does in its distributed mode (read in
 * their public repositories; named per preset below). Where a client's behaviour depends on the
 * operator's flags (builder, SSZ), the preset takes the setting that makes the presets between them
 * cover every combination the node must serve.
 */
public record CallPattern(
    String name, boolean selectionsAhead, boolean batchedAggregation, boolean blindedBlocks, boolean sszBodies) {

  /** Per-slot selections, batched aggregation, full blocks, JSON: the plainest client. */
  public static final CallPattern DEFAULT = new CallPattern("default", false, true, false, false);

  /**
   * Lighthouse with {@code --distributed}: selection proofs one slot ahead only, i.e. per slot
   * ({@code SELECTION_PROOF_SLOT_LOOKAHEAD_DVT = 1} and {@code AGGREGATION_PRE_COMPUTE_SLOTS_DISTRIBUTED
   * = 1} in its validator client, against 8 slots without the flag); one aggregate-and-proofs request
   * for the slot's aggregators; blocks through v3 with {@code --builder-proposals} (blinded
   * preferred); SSZ bodies, as it posts blocks.
   */
  public static final CallPattern LIGHTHOUSE = new CallPattern("lighthouse", false, true, true, true);

  /**
   * Teku with its DVT integration: partial selection proofs of every duty of an epoch collected when
   * the epoch's duties load (current and next epoch) and sent in one batch
   * ({@code DvtAttestationAggregations}, which also takes an answer with only some proofs);
   * aggregate-and-proofs one validator at a time ({@code AggregationDuty}); full blocks; SSZ bodies,
   * as it posts blocks.
   */
  public static final CallPattern TEKU = new CallPattern("teku", true, false, false, true);

  /**
   * Lodestar with {@code --distributed}: the slot's partial selection proofs at the slot's start
   * ({@code distributedAggregationSelection} in its attestation service); the slot's aggregates in one
   * {@code publishAggregateAndProofsV2}; blinded blocks (builder selection); JSON.
   */
  public static final CallPattern LODESTAR = new CallPattern("lodestar", false, true, true, false);

  /**
   * Prysm with {@code --distributed} over REST: selections per slot; one request per validator, as
   * each validator's duty runs on its own (aggregate-and-proof submitted per validator); blinded
   * blocks (builder); JSON.
   */
  public static final CallPattern PRYSM = new CallPattern("prysm", false, false, true, false);

  /**
   * Nimbus's validator client with {@code --distributed}: slot signatures (selection proofs) for the
   * current and next epoch computed ahead and exchanged in one {@code submitBeaconCommitteeSelections}
   * call per epoch; one publish per aggregator; full blocks; JSON.
   */
  public static final CallPattern NIMBUS = new CallPattern("nimbus", true, false, false, false);

  private static final CallPattern[] ALL = {DEFAULT, LIGHTHOUSE, TEKU, LODESTAR, PRYSM, NIMBUS};

  public CallPattern {
    Objects.requireNonNull(name, "name");
  }

  /** Every preset, the default first. */
  public static CallPattern[] all() {
    return ALL.clone();
  }

  /** The preset called {@code name} (case-insensitive). */
  public static Optional<CallPattern> named(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(ALL).filter(p -> p.name.equals(wanted)).findFirst();
  }

  @Override
  public String toString() {
    return name;
  }
}
