package io.phalanx.sim.chain;

/**
 * How a simulated chain's duties went, in one epoch or over a run. Jackson writes it (and its
 * tallies) as JSON as it stands.
 */
public record Summary(DutyTally attester, DutyTally aggregator, DutyTally proposer, DutyTally syncMessage,
    DutyTally syncContribution, DutyTally voluntaryExit, DutyTally builderRegistration) {
  public static final Summary EMPTY = new Summary(DutyTally.EMPTY, DutyTally.EMPTY);

  /** Attestation duties only. */
  public Summary(DutyTally attester, DutyTally aggregator) {
    this(attester, aggregator, DutyTally.EMPTY);
  }

  /** Attestation and proposal duties only. */
  public Summary(DutyTally attester, DutyTally aggregator, DutyTally proposer) {
    this(attester, aggregator, proposer, DutyTally.EMPTY, DutyTally.EMPTY, DutyTally.EMPTY, DutyTally.EMPTY);
  }

  public Summary plus(Summary other) {
    return new Summary(attester.plus(other.attester), aggregator.plus(other.aggregator),
        proposer.plus(other.proposer), syncMessage.plus(other.syncMessage),
        syncContribution.plus(other.syncContribution), voluntaryExit.plus(other.voluntaryExit),
        builderRegistration.plus(other.builderRegistration));
  }

  /** The same with these exit and registration tallies. */
  public Summary withExitsAndRegistrations(DutyTally exits, DutyTally registrations) {
    return new Summary(attester, aggregator, proposer, syncMessage, syncContribution, exits, registrations);
  }

  /** Two different blocks signed for one slot, counted once each time the chain saw one. */
  public long doubleProposals() {
    return proposer.refused().getOrDefault(FailureReason.DOUBLE_PROPOSAL.text(), 0L);
  }

  /** Submissions refused as slashable, of either kind; a correct cluster never makes one. */
  public long slashable() {
    String reason = FailureReason.SLASHABLE.text();
    return attester.refused().getOrDefault(reason, 0L) + aggregator.refused().getOrDefault(reason, 0L)
        + doubleProposals();
  }
}
