package io.phalanx.duties;

import io.phalanx.api.BeaconNode;
import io.phalanx.consensus.Consensus;
import io.phalanx.consensus.PartialSignatureExchange;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.ForkSchedule;
import io.phalanx.spec.util.Bytes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One node's duty workflow, and the one place its parts are put together: the slot timer, one
 * component per duty type (attestation, aggregation, block proposal, sync committee, voluntary
 * exit, builder registration), the decided-duty store, the partial-signature intake and store,
 * the broadcaster, the tracker with its listeners, and the validator-API facade that hands each
 * call to its duty. The node module builds the implementations of agreement, exchange and beacon
 * node and hands them in; nothing here knows Ratis, gRPC or HTTP.
 */
public final class DutyWorkflow implements AutoCloseable {
  private final DutyTracker tracker = new DutyTracker();
  /** The verifier pool this workflow made and shuts down; empty when the caller handed one in. */
  private final Optional<ExecutorService> ownVerifier;
  private final SlotTimer timer;
  private final PartialSignatureStore store;
  private final ProposalDuty proposals;
  private final DutyScheduler scheduler;
  private final ClusterValidatorApi validatorApi;

  /** A workflow on a chain of one fork record (tests, and chains that never fork), with no tracker listeners. */
  public DutyWorkflow(ClusterView view, Consensus consensus, PartialSignatureExchange exchange,
      BeaconNode beaconNode, SlotClock clock, Fork fork, Bytes genesisValidatorsRoot,
      ScheduledExecutorService executor) {
    this(view, consensus, exchange, beaconNode, clock,
        ForkSchedule.single(fork, ConsensusVersion.FULU, clock.slotsPerEpoch()), genesisValidatorsRoot, executor,
        List.of());
  }

  /**
   * A workflow that verifies signatures on a pool of its own, one thread a core.
   *
   * @param listeners hear of every duty the tracker records (metrics)
   */
  public DutyWorkflow(ClusterView view, Consensus consensus, PartialSignatureExchange exchange,
      BeaconNode beaconNode, SlotClock clock, ForkSchedule forks, Bytes genesisValidatorsRoot,
      ScheduledExecutorService executor, List<DutyListener> listeners) {
    this(view, consensus, exchange, beaconNode, clock, forks, genesisValidatorsRoot, executor, Verifier.own(),
        listeners);
  }

  /**
   * A workflow that verifies signatures on {@code verifier}, which the caller owns: a test's
   * executor on a manual clock runs the whole workflow on one thread.
   *
   * @param listeners hear of every duty the tracker records (metrics)
   */
  public DutyWorkflow(ClusterView view, Consensus consensus, PartialSignatureExchange exchange,
      BeaconNode beaconNode, SlotClock clock, ForkSchedule forks, Bytes genesisValidatorsRoot,
      ScheduledExecutorService executor, Executor verifier, List<DutyListener> listeners) {
    this(view, consensus, exchange, beaconNode, clock, forks, genesisValidatorsRoot, executor,
        new Verifier(verifier, Optional.empty()), listeners);
  }

  private DutyWorkflow(ClusterView view, Consensus consensus, PartialSignatureExchange exchange,
      BeaconNode beaconNode, SlotClock clock, ForkSchedule forks, Bytes genesisValidatorsRoot,
      ScheduledExecutorService executor, Verifier verifierPool, List<DutyListener> listeners) {
    Executor verifier = verifierPool.executor();
    this.ownVerifier = verifierPool.owned();
    listeners.forEach(tracker::addListener);
    SignedMessages messages = new SignedMessages(forks, genesisValidatorsRoot, clock.slotsPerEpoch());
    this.timer = new SlotTimer(clock, executor);
    DecidedDuties decided = new DecidedDuties(consensus, tracker, clock.clock(), timer);
    this.store = new PartialSignatureStore(view, messages, tracker, new BatchVerifier(executor, verifier));
    PartialSignatureIntake intake = new PartialSignatureIntake(view, store, exchange, tracker, verifier,
        clock.clock());
    SlashingChecks slashing = new SlashingChecks(consensus.slashingProtection(), messages);

    AttestationDuty attestation = new AttestationDuty(view, beaconNode, decided, intake, slashing, messages, clock,
        tracker, new InclusionCheck(beaconNode, tracker, clock));
    AggregationDuty aggregation = new AggregationDuty(view, beaconNode, decided, store, intake, attestation,
        messages, clock, tracker, timer);
    this.proposals = new ProposalDuty(view, beaconNode, decided, store, intake, slashing, messages, clock, tracker,
        verifier, timer);
    SyncCommitteeDuties sync = new SyncCommitteeDuties(view, beaconNode, decided, store, intake, messages, clock,
        tracker, timer);
    VoluntaryExitDuty exits = new VoluntaryExitDuty(view, messages, intake, beaconNode);
    BuilderRegistrationDuty registrations = new BuilderRegistrationDuty(view, messages, clock, intake, beaconNode);

    Broadcaster broadcaster = new Broadcaster(tracker, executor, Map.of(
        DutyType.ATTESTER, attestation,
        DutyType.AGGREGATOR, aggregation,
        DutyType.PROPOSER, proposals,
        DutyType.SYNC_MESSAGE, sync,
        DutyType.SYNC_CONTRIBUTION, sync,
        DutyType.VOLUNTARY_EXIT, exits,
        DutyType.BUILDER_REGISTRATION, registrations));
    this.scheduler = new DutyScheduler(view, beaconNode, clock, timer, List.of(attestation, aggregation, proposals,
        sync), List.of(decided, store), tracker::settle);
    this.validatorApi = new ClusterValidatorApi(new ValidatorLookup(view, beaconNode), attestation, aggregation,
        proposals, sync, exits, registrations, new ProposerPreparations(view, beaconNode));

    store.subscribe(broadcaster::onAggregated);
    exchange.subscribe(store::addFromPeer);
  }

  /** Where signatures are verified, and the pool to shut down on close if the workflow made it. */
  private record Verifier(Executor executor, Optional<ExecutorService> owned) {
    static Verifier own() {
      ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()),
          Verifier::thread);
      return new Verifier(pool, Optional.of(pool));
    }

    private static Thread thread(Runnable r) {
      Thread t = new Thread(r, "signature-verifier");
      t.setDaemon(true);
      return t;
    }
  }

  public void start() {
    scheduler.start();
  }

  public ClusterValidatorApi validatorApi() {
    return validatorApi;
  }

  /** Block proposals: the operator's graffiti and builder boost factor are set here. */
  public ProposalDuty proposals() {
    return proposals;
  }

  public DutyTracker tracker() {
    return tracker;
  }

  public PartialSignatureStore partialSignatures() {
    return store;
  }

  @Override
  public void close() {
    timer.close();
    ownVerifier.ifPresent(ExecutorService::shutdownNow);
  }
}
