package io.phalanx.node.sim.vc;

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
 *     beacon API allows it; false: as JSON
 */
public record CallPattern(
    String name, boolean selectionsAhead, boolean batchedAggregation, boolean blindedBlocks, boolean sszBodies) {

  /** Per-slot selections, batched aggregation, full blocks, JSON: the plainest client. */
  public static final CallPattern DEFAULT = new CallPattern("default", false, true, false, false);

  /** Lighthouse-like: selections of the current and next epoch at epoch start, blinded blocks, SSZ. */
  public static final CallPattern LIGHTHOUSE = new CallPattern("lighthouse", true, true, true, true);

  /** Teku-like: per-slot selections, one aggregate request per validator, full blocks, SSZ blocks. */
  public static final CallPattern TEKU = new CallPattern("teku", false, false, false, true);

  /** Lodestar-like: selections ahead, per-validator aggregation, blinded blocks, JSON. */
  public static final CallPattern LODESTAR = new CallPattern("lodestar", true, false, true, false);

  /** Prysm-like: per-slot selections, batched aggregation, blinded blocks, JSON. */
  public static final CallPattern PRYSM = new CallPattern("prysm", false, true, true, false);

  /** Nimbus-like: selections ahead, batched aggregation, full blocks, JSON. */
  public static final CallPattern NIMBUS = new CallPattern("nimbus", true, true, false, false);

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
