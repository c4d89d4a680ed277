package io.phalanx.node.sim.chain;

/**
 * How a simulated chain's duties went, in one epoch or over a run. Jackson writes it (and its
 * tallies) as JSON as it stands.
 */
public record Summary(DutyTally attester, DutyTally aggregator, DutyTally syncMessage, DutyTally syncContribution) {
  public static final Summary EMPTY = new Summary(DutyTally.EMPTY, DutyTally.EMPTY, DutyTally.EMPTY, DutyTally.EMPTY);

  /** Attestation duties only. */
  public Summary(DutyTally attester, DutyTally aggregator) {
    this(attester, aggregator, DutyTally.EMPTY, DutyTally.EMPTY);
  }

  public Summary plus(Summary other) {
    return new Summary(attester.plus(other.attester), aggregator.plus(other.aggregator),
        syncMessage.plus(other.syncMessage), syncContribution.plus(other.syncContribution));
  }

  /** Submissions refused as slashable, of either kind; a correct cluster never makes one. */
  public long slashable() {
    String reason = FailureReason.SLASHABLE.text();
    return attester.refused().getOrDefault(reason, 0L) + aggregator.refused().getOrDefault(reason, 0L);
  }
}
