package io.phalanx.sim.vc;

import io.phalanx.api.BeaconNode;
import io.phalanx.api.ChainSpec;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.Fork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A validator client in distributed mode, as {@code phalanx simnet} runs one per node: it holds
 * key shares and knows its node only as a beacon node ({@link BeaconNode}, over HTTP in simnet),
 * exactly as Lighthouse, Teku or Lodestar with their distributed flag would. With {@link
 * Config#withWholeKeys()} it is a solo validator's client instead: whole keys, straight to a beacon
 * node, its selection proofs its own.
 *
 * <p>Its day, slot by slot, on the injected clock and scheduler:
 *
 * <ul>
 *   <li>start: genesis, spec (seconds per slot, or SLOT_DURATION_MS for sub-second slots; slots
 *       per epoch), fork; then the validators by share public key, which the node maps to its
 *       validators;
 *   <li>each slot start: attester duties for this epoch and the next (asked again at each epoch
 *       start, kept until the new answer is in); shares still without an index looked up again;
 *       partial selection proofs for the slot's duties sent to beacon_committee_selections, whose
 *       combined proofs decide who aggregates ({@link SelectionProofDuty}), or with {@link
 *       CallPattern#selectionsAhead()} those of this epoch and the next at each epoch's start;
 *   <li>at 1/3 of the slot: attestations ({@link AttestationDuty});
 *   <li>at 2/3 of the slot: aggregates for the duties selected ({@link AggregationDuty});
 *   <li>at 5/6 of each epoch's first slot (and of the first slot it runs): builder registrations and
 *       proposer preparation ({@link BuilderRegistrationDuty}) and requested exits ({@link VoluntaryExitDuty}).
 *   <li>each slot start where one of its validators proposes: a block ({@link ProposalDuty});
 *   <li>sync committee selections at the slot's (or epoch's) start, messages at 1/3 and
 *       contributions at 2/3 ({@link SyncCommitteeDuty}).
 * </ul>
 *
 * <p>Every request is asynchronous and has a deadline; a failed one is counted in {@link
 * #counters()} under a short reason and logged in one line per slot and duty type, and the client
 * carries on with the next slot. {@link #stop()} calls off every scheduled task at once.
 */
public final class SimulatedValidatorClient implements AutoCloseable {
  /** When in an epoch's first slot builder registrations, proposer preparations and exits are sent. */
  static final SlotFraction REGISTER_AT = new SlotFraction(5, 6);

  private final Config config;
  private final BeaconNode node;
  private final ClientTimers timers;
  private final NodeCalls calls;
  private final ValidatorKeys keys;
  private final DutyCounters counters;
  private final ClientLog log;
  private final AttesterDutyStore duties;
  private final AtomicBoolean startCalled = new AtomicBoolean();
  private final AtomicBoolean lookingUpValidators = new AtomicBoolean();
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final Map<Long, Long> exitRequests = VoluntaryExitDuty.requests();
  private volatile ClientChain chain;
  private volatile long firstSlot;

  /**
   * How the client is set up.
   *
   * @param name names the client in log lines, e.g. "vc-0"
   * @param shareKeys the key shares it signs with, one per validator
   * @param beaconNode its Phalanx node's validator API
   * @param scheduler runs every timed task and the signing; see {@link TaskScheduler#of}
   * @param clock the wall clock the slots are counted on
   * @param attestAt when in the slot attestations are made (1/3)
   * @param aggregateAt when in the slot aggregates are made (2/3)
   * @param requestTimeout how long any request in a slot may take
   * @param startTimeout how long each start-up request may take, and the wait before trying again
   * @param retainedSlots how many recent slots keep counters of their own
   * @param distributed whether it holds key shares behind distributed-validator middleware (the
   *     middleware combines its selection proofs) or whole keys talking to a beacon node directly
   *     (its own selection proofs are final), as a solo validator's client does
   * @param callPattern which major client's way of calling the node it follows
   * @param payouts the group keys and fee recipients of its validators, for builder registrations
   *     and proposer preparation each epoch; {@link Payouts#NONE} for neither
   */
  public record Config(
      String name,
      List<BlsSecretKey> shareKeys,
      BeaconNode beaconNode,
      TaskScheduler scheduler,
      Clock clock,
      SlotFraction attestAt,
      SlotFraction aggregateAt,
      SlotFraction requestTimeout,
      Duration startTimeout,
      int retainedSlots,
      boolean distributed,
      CallPattern callPattern,
      Payouts payouts) {
    public Config {
      Objects.requireNonNull(name, "name");
      shareKeys = List.copyOf(shareKeys);
      Objects.requireNonNull(beaconNode, "beaconNode");
      Objects.requireNonNull(scheduler, "scheduler");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(callPattern, "callPattern");
      Objects.requireNonNull(payouts, "payouts");
      if (!attestAt.isBefore(aggregateAt) || !aggregateAt.isBefore(SlotFraction.WHOLE_SLOT)) {
        throw new IllegalArgumentException(
            "need attestAt < aggregateAt < 1, got " + attestAt + " and " + aggregateAt);
      }
      if (requestTimeout.numerator() == 0 || startTimeout.isNegative() || startTimeout.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive");
      }
      if (retainedSlots < 1) {
        throw new IllegalArgumentException("retainedSlots must be at least 1, got " + retainedSlots);
      }
    }

    /** Attest at 1/3, aggregate at 2/3, a slot for each request, five seconds for start-up. */
    public static Config of(
        String name, List<BlsSecretKey> shareKeys, BeaconNode beaconNode, TaskScheduler scheduler, Clock clock) {
      return new Config(name, shareKeys, beaconNode, scheduler, clock, SlotFraction.ONE_THIRD,
          SlotFraction.TWO_THIRDS, SlotFraction.WHOLE_SLOT, Duration.ofSeconds(5), 1024, true, CallPattern.DEFAULT,
          Payouts.NONE);
    }

    /** The same client holding whole keys and talking straight to a beacon node: a solo validator. */
    public Config withWholeKeys() {
      return new Config(name, shareKeys, beaconNode, scheduler, clock, attestAt, aggregateAt, requestTimeout,
          startTimeout, retainedSlots, false, callPattern, payouts);
    }

    /** The same client calling its node as {@code pattern} says. */
    public Config withCallPattern(CallPattern pattern) {
      return new Config(name, shareKeys, beaconNode, scheduler, clock, attestAt, aggregateAt, requestTimeout,
          startTimeout, retainedSlots, distributed, pattern, payouts);
    }

    /** The same client registering its validators with builders and preparing proposals, as {@code payouts} says. */
    public Config withPayouts(Payouts validatorPayouts) {
      return new Config(name, shareKeys, beaconNode, scheduler, clock, attestAt, aggregateAt, requestTimeout,
          startTimeout, retainedSlots, distributed, callPattern, validatorPayouts);
    }

    /** Names the client and counts its shares; the shares themselves stay out of any log line. */
    @Override
    public String toString() {
      return "Config[" + name + ", " + shareKeys.size() + " shares, attest at " + attestAt + ", aggregate at "
          + aggregateAt + ", " + callPattern + " calls]";
    }
  }

  public SimulatedValidatorClient(Config config) {
    this.config = config;
    this.node = config.beaconNode();
    this.timers = new ClientTimers(config.scheduler(), config.name());
    this.calls = new NodeCalls(timers, this::requestTimeout);
    this.keys = new ValidatorKeys(config.shareKeys());
    this.counters = new DutyCounters(config.retainedSlots());
    this.log = new ClientLog(config.name(), timers, counters);
    this.duties = new AttesterDutyStore(this::fetchDuties);
  }

  /**
   * Reads the chain from the node, trying again until it answers, looks up the validators and
   * starts the slot loop. The future completes once the loop runs (or fails if stopped first).
   */
  public CompletableFuture<Void> start() {
    if (!startCalled.compareAndSet(false, true)) {
      throw new IllegalStateException(config.name() + " was started already");
    }
    tryToStart();
    return started;
  }

  /** Calls off all scheduled work; requests under way are let go and their answers ignored. */
  public void stop() {
    timers.stop();
    started.completeExceptionally(new CancellationException(config.name() + " stopped"));
  }

  @Override
  public void close() {
    stop();
  }

  public ClientCounters counters() {
    return counters.snapshot();
  }

  /** The indices of the validators the node recognised by our share keys, so far. */
  public List<Long> validatorIndices() {
    return keys.indices();
  }

  /**
   * Asks the client to exit validator {@code validatorIndex} (chain index) with an exit for
   * {@code epoch}: signed with its share at that epoch's start, or at the next epoch start if the
   * epoch has begun, and posted to its node.
   */
  public void requestExit(long validatorIndex, long epoch) {
    exitRequests.put(validatorIndex, epoch);
  }

  /** The chain's clock, once started. */
  public Optional<SlotClock> slotClock() {
    ClientChain c = chain;
    return c == null ? Optional.empty() : Optional.of(c.slotClock());
  }

  private void tryToStart() {
    CompletableFuture<Genesis> genesis = calls.call("genesis", node::genesis);
    CompletableFuture<ChainSpec> spec = calls.call("spec", node::spec);
    CompletableFuture<Fork> fork = calls.call("fork", () -> node.fork("head"));
    CompletableFuture.allOf(genesis, spec, fork)
        .thenApply(done -> ClientChain.of(genesis.join(), spec.join(), fork.join(), config,
            signing -> new DutyContext(node, calls, keys, signing, timers.executor()), exitRequests))
        .whenComplete((built, failure) -> {
          if (failure != null) {
            List<String> reasons = Stream.of(genesis, spec, fork)
                .filter(CompletableFuture::isCompletedExceptionally)
                .map(step -> NodeCalls.reason(step.exceptionNow()))
                .toList();
            log.reportOther(reasons.isEmpty() ? List.of(NodeCalls.reason(failure)) : reasons,
                "start, trying again in " + config.startTimeout());
            timers.after(config.startTimeout(), "start", this::tryToStart);
            return;
          }
          chain = built;
          checkNode();
          log.finish(lookUpValidators().thenRun(this::startSlots), "start");
        });
  }

  /**
   * As real clients do once connected: which node this is and whether it is in sync. Only logged:
   * neither answer stops the client.
   */
  private void checkNode() {
    log.finish(calls.call("node_version", () -> node.proxy(new BeaconNode.ProxyRequest("GET", "/eth/v1/node/version",
        Map.of("Accept", List.of("application/json")), new byte[0]))).thenAccept(answer -> {
          if (answer.status() != 200) {
            log.reportOther("node_version HTTP " + answer.status(), "start");
          }
        }), "node version");
    log.finish(calls.call("syncing", node::syncing).thenAccept(status -> {
      if (status.isSyncing()) {
        log.info("the node is syncing, " + status.syncDistance() + " slots behind");
      }
    }), "sync status");
  }

  private void startSlots() {
    SlotClock clock = chain.slotClock();
    long current = clock.currentSlot();
    // Too late to attest in this slot: begin with the next, as a client started mid-slot does.
    long slot = config.clock().instant().isBefore(timeIn(current, config.attestAt())) ? current : current + 1;
    firstSlot = slot;
    log.info("found " + keys.indices().size() + " of " + keys.size() + " validators by their shares; slots of "
        + clock.slotDuration().toMillis() + " ms");
    duties.refresh(clock.epochOf(slot), false);
    duties.refresh(clock.epochOf(slot) + 1, false);
    scheduleSlot(slot);
    started.complete(null);
  }

  private void scheduleSlot(long slot) {
    timers.after(chain.slotClock().until(timeIn(slot, SlotFraction.SLOT_START)), "slot " + slot, () -> onSlot(slot));
  }

  private void onSlot(long slot) {
    scheduleSlot(slot + 1); // first, so that nothing below can end the loop
    SlotClock clock = chain.slotClock();
    long epoch = clock.epochOf(slot);
    // Asked again at each epoch start, as the chain may have reorganised since the look-ahead.
    boolean askAgain = slot == clock.firstSlotOf(epoch) && slot != firstSlot;
    duties.refresh(epoch, askAgain);
    duties.refresh(epoch + 1, askAgain);
    duties.forgetBefore(epoch);
    if (!keys.unresolvedIds().isEmpty()) {
      log.finish(lookUpValidators(), "validator look-up");
    }

    if (slot == clock.firstSlotOf(epoch) || slot == firstSlot) {
      // Once per epoch (and at start), after the slot's aggregation was handed over: the slot's
      // time-bound duties go first.
      at(slot, REGISTER_AT, "registrations", () -> {
        log.finish(chain.registration().run(epoch)
            .thenAccept(outcomes -> log.report(slot, DutyType.BUILDER_REGISTRATION, outcomes)),
            "registrations at slot " + slot);
        log.finish(chain.exit().run(epoch)
            .thenAccept(outcomes -> log.report(slot, DutyType.VOLUNTARY_EXIT, outcomes)),
            "voluntary exits at slot " + slot);
      });
    }

    if (config.callPattern().selectionsAhead() && (slot == clock.firstSlotOf(epoch) || slot == firstSlot)) {
      // As Teku and Nimbus: the partial selection proofs of this epoch and the next at its start.
      log.finish(duties.inEpoch(epoch).thenCombine(duties.inEpoch(epoch + 1), (now, next) -> {
        List<AttesterDuty> both = new ArrayList<>(now);
        both.addAll(next);
        chain.selection().sendAhead(both, slot);
        return null;
      }), "selections ahead at slot " + slot);
    }
    if (!keys.indices().isEmpty()) {
      log.finish(chain.proposal().run(slot, epoch)
          .thenAccept(outcomes -> log.report(slot, DutyType.PROPOSER, outcomes)), "proposal at slot " + slot);
      // The next epoch's proposers ahead, so that its first slot does not wait for them.
      chain.proposal().duties(epoch + 1);
    }
    CompletableFuture<List<AttesterDuty>> slotDuties = duties.at(slot, epoch);
    CompletableFuture<List<Aggregator>> aggregators = slotDuties
        .thenCompose(d -> chain.selection().run(slot, d))
        .thenApply(selected -> {
          log.report(slot, DutyType.SELECTION_PROOF, selected.outcomes());
          return selected.aggregators();
        });
    CompletableFuture<AttestationDuty.Round> attested = new CompletableFuture<>();
    at(slot, config.attestAt(), "attestations", () -> log.finish(slotDuties
        .thenApply(d -> chain.attestation().run(slot, d))
        .whenComplete((round, failure) -> Futures.complete(attested, round, failure))
        .thenCompose(AttestationDuty.Round::outcomes)
        .thenAccept(outcomes -> log.report(slot, DutyType.ATTESTER, outcomes)), "attestations at slot " + slot));
    at(slot, config.aggregateAt(), "aggregation", () -> log.finish(aggregators
        .thenCombine(attested, (selected, round) -> chain.aggregation().run(slot, selected, round.dataByCommittee()))
        .thenCompose(outcomes -> outcomes)
        .thenAccept(outcomes -> log.report(slot, DutyType.AGGREGATOR, outcomes)), "aggregation at slot " + slot));
    SyncCommitteeDuty sync = chain.sync();
    log.finish(sync.select(slot).thenAccept(outcomes -> log.report(slot, DutyType.SYNC_SELECTION_PROOF, outcomes)),
        "sync committee selections at slot " + slot);
    at(slot, config.attestAt(), "sync committee messages", () -> log.finish(sync.messages(slot)
        .thenAccept(outcomes -> log.report(slot, DutyType.SYNC_MESSAGE, outcomes)),
        "sync committee messages at slot " + slot));
    at(slot, config.aggregateAt(), "sync committee contributions", () -> log.finish(sync.contributions(slot)
        .thenAccept(outcomes -> log.report(slot, DutyType.SYNC_CONTRIBUTION, outcomes)),
        "sync committee contributions at slot " + slot));
  }

  private void at(long slot, SlotFraction fraction, String what, Runnable task) {
    timers.after(chain.slotClock().until(timeIn(slot, fraction)), what, task);
  }

  private Instant timeIn(long slot, SlotFraction fraction) {
    return chain.slotClock().slotFraction(slot, fraction.numerator(), fraction.denominator());
  }

  private Duration requestTimeout() {
    ClientChain c = chain;
    return c == null ? config.startTimeout() : config.requestTimeout().of(c.slotClock().slotDuration());
  }

  /**
   * Asks the node which of our shares it knows, by share public key; validators it names after
   * start have their duties fetched at once.
   */
  private CompletableFuture<Void> lookUpValidators() {
    List<String> ids = keys.unresolvedIds();
    if (ids.isEmpty() || !lookingUpValidators.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(null);
    }
    return calls.call("validators", () -> node.validators("head", ids)).handle((found, failure) -> {
      lookingUpValidators.set(false);
      if (failure != null) {
        log.reportOther(NodeCalls.reason(failure), "validator look-up");
      } else if (keys.learn(found) && started.isDone()) {
        // Validators found after start: their duties for this epoch and the next are still due.
        long epoch = chain.slotClock().currentEpoch();
        duties.refresh(epoch, true);
        duties.refresh(epoch + 1, true);
      }
      return null;
    });
  }

  private CompletableFuture<List<AttesterDuty>> fetchDuties(long epoch) {
    List<Long> indices = keys.indices();
    if (indices.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return calls.call("attester_duties", () -> node.attesterDuties(epoch, indices)).handle((all, failure) -> {
      if (failure != null) {
        log.reportOther(NodeCalls.reason(failure), "duties of epoch " + epoch);
        throw new NodeCalls.StepFailure(NodeCalls.reason(failure));
      }
      List<AttesterDuty> ours = all.duties().stream().filter(duty -> keys.shareFor(duty).isPresent()).toList();
      if (ours.size() < all.duties().size()) {
        log.reportOther("attester_duties named keys this client does not hold", "duties of epoch " + epoch);
      }
      return ours;
    });
  }
}
