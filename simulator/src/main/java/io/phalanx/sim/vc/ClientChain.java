package io.phalanx.sim.vc;

import io.phalanx.api.ChainSpec;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.ForkSchedule;
import io.phalanx.spec.util.Bytes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/** What a simulated validator client learned from its node at start, and the duties built on it. */
record ClientChain(
    SlotClock slotClock, AttestationDuty attestation, SelectionProofDuty selection, AggregationDuty aggregation,
    BuilderRegistrationDuty registration, VoluntaryExitDuty exit, ProposalDuty proposal, SyncCommitteeDuty sync) {

  /**
   * The chain of {@code genesis}, {@code spec} and {@code fork} as the node answered them, and the
   * client's duties on it, made as {@code config} says; {@code contextOf} gives the duties what
   * they need once the signing context is known.
   *
   * @throws NodeCalls.StepFailure if the spec has no slot duration the client can read, or its
   *     forks do not fit the node's fork
   */
  static ClientChain of(Genesis genesis, ChainSpec spec, Fork fork, SimulatedValidatorClient.Config config,
      Function<SigningContext, DutyContext> contextOf, Map<Long, Long> exitRequests) {
    Duration slotDuration;
    try {
      slotDuration = spec.slotDuration();
    } catch (IllegalArgumentException e) {
      throw new NodeCalls.StepFailure(e.getMessage());
    }
    SlotClock slotClock = new SlotClock(
        Instant.ofEpochSecond(genesis.genesisTime()), slotDuration, spec.slotsPerEpoch(), config.clock());
    ForkSchedule forks;
    try {
      forks = ForkSchedule.fromSpec(spec.values()).checkHead(fork, slotClock.currentEpoch());
    } catch (IllegalArgumentException e) {
      throw new NodeCalls.StepFailure(e.getMessage());
    }
    DutyContext context = contextOf.apply(
        new SigningContext(forks, genesis.genesisValidatorsRoot(), spec.slotsPerEpoch()));
    long syncTarget = Long.parseLong(spec.values().getOrDefault("TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE", "16"));
    // Exits are signed with the Capella fork version (EIP-7044).
    Bytes capellaForkVersion = forks.version("CAPELLA").orElse(fork.currentVersion());
    CallPattern pattern = config.callPattern();
    return new ClientChain(slotClock, new AttestationDuty(context), new SelectionProofDuty(context,
        config.distributed(), pattern.selectionsAhead(), slotDuration.dividedBy(6)),
        new AggregationDuty(context, pattern.batchedAggregation()),
        new BuilderRegistrationDuty(context, config.payouts(), genesis.genesisForkVersion(), slotClock,
            pattern.sszBodies()),
        new VoluntaryExitDuty(context, capellaForkVersion, exitRequests), new ProposalDuty(context, pattern),
        new SyncCommitteeDuty(context, config.distributed(), pattern, slotClock, syncTarget));
  }
}
