package io.phalanx.duties;

import io.phalanx.api.BeaconNode;
import io.phalanx.consensus.Consensus;
import io.phalanx.consensus.PartialSignatureExchange;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.ForkSchedule;
import io.phalanx.spec.util.Bytes;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One node's duty workflow, put together from the interfaces of its parts: the scheduler, the
 * decided-duty store, the partial-signature store with aggregation, the broadcaster, the tracker
 * and the validator API they serve. The node module builds the parts' implementations and hands
 * them in; nothing here knows Ratis, gRPC or HTTP.
 */
public final class DutyWorkflow implements AutoCloseable {
  private final DutyTracker tracker = new DutyTracker();
  private final DecidedDuties decided;
  private final PartialSignatureStore store;
  private final DutyScheduler scheduler;
  private final ClusterValidatorApi validatorApi;
  private final java.util.concurrent.ExecutorService verifier;
  private final ProposalDuty proposals;

  /** A workflow on a chain of one fork record (tests, and chains that never fork). */
  public DutyWorkflow(ClusterView view, Consensus consensus, PartialSignatureExchange exchange,
      BeaconNode beaconNode, SlotClock clock, io.phalanx.spec.types.Fork fork, Bytes genesisValidatorsRoot,
      ScheduledExecutorService executor) {
    this(view, consensus, exchange, beaconNode, clock,
        ForkSchedule.single(fork, io.phalanx.spec.types.ConsensusVersion.FULU, clock.slotsPerEpoch()),
        genesisValidatorsRoot, executor);
  }

  public DutyWorkflow(ClusterView view, Consensus consensus, PartialSignatureExchange exchange,
      BeaconNode beaconNode, SlotClock clock, ForkSchedule forks, Bytes genesisValidatorsRoot,
      ScheduledExecutorService executor) {
    SignedMessages messages = new SignedMessages(forks, genesisValidatorsRoot, clock.slotsPerEpoch());
    Broadcaster broadcaster = new Broadcaster(beaconNode, tracker, executor, consensus.slashingProtection(), messages);
    this.decided = new DecidedDuties(consensus, tracker, clock.clock());
    this.verifier = java.util.concurrent.Executors.newFixedThreadPool(
        Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
          Thread t = new Thread(r, "signature-verifier");
          t.setDaemon(true);
          return t;
        });
    this.store = new PartialSignatureStore(view, messages, tracker, new BatchVerifier(executor, verifier),
        broadcaster::onAggregated);
    this.scheduler = new DutyScheduler(view, beaconNode, decided, clock, executor, tracker,
        consensus.slashingProtection(), new InclusionCheck(beaconNode, tracker, clock));
    this.validatorApi = new ClusterValidatorApi(view, beaconNode, decided, scheduler, store, exchange, messages,
        clock, tracker, verifier, consensus.slashingProtection());
    this.proposals = new ProposalDuty(view, beaconNode, decided, store, exchange, messages, clock, tracker, verifier,
        consensus.slashingProtection());
    validatorApi.withProposals(proposals);
    scheduler.onEpoch(proposals::prefetch);
    scheduler.onPrune(proposals::pruneBelow);
    broadcaster.publishBlocksWith(proposals::publish);
    scheduler.onPrune(store::pruneBelow);
    exchange.subscribe(store::addFromPeer);
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
    scheduler.close();
    verifier.shutdownNow();
  }
}
