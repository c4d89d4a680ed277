package io.phalanx.duties;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.consensus.SlashingProtection;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszType;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.MainnetPreset;
import io.phalanx.spec.util.Bytes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the cluster's duties: each epoch it asks the beacon node for the attester duties of the
 * cluster's validators one epoch ahead; at 1/3 of a slot with duties it fetches the attestation
 * data and proposes it to the cluster, at 2/3 the aggregate attestation of each committee; one slot
 * into the next epoch it checks which of the epoch's attestations made it on chain. A
 * validator client that asks earlier triggers the same step at once. Every delay goes through the
 * scheduler; nothing here blocks a thread.
 */
public final class DutyScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DutyScheduler.class);

  /** One aggregate per committee, as the cluster agrees on them per slot. */
  public static final SszType<List<Attestation>> AGGREGATES =
      Ssz.list(Attestation.SSZ, MainnetPreset.MAX_COMMITTEES_PER_SLOT);

  private final ClusterView view;
  private final BeaconNode beaconNode;
  private final DecidedDuties decided;
  private final SlotClock clock;
  private final ScheduledExecutorService executor;
  private final DutyTracker tracker;
  private final Map<Long, Set<Long>> committeesBySlot = new ConcurrentHashMap<>();
  /** The group public keys of the cluster's validators that attest at each slot. */
  private final Map<Long, Set<Bytes>> attestersBySlot = new ConcurrentHashMap<>();
  private final SlashingProtection protection;
  private final Map<Long, Boolean> epochsScheduled = new ConcurrentHashMap<>();
  private final Map<Long, Boolean> aggregationsStarted = new ConcurrentHashMap<>();
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();
  private final List<java.util.function.LongConsumer> pruners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<java.util.function.LongConsumer> epochListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private final InclusionCheck inclusion;

  public DutyScheduler(ClusterView view, BeaconNode beaconNode, DecidedDuties decided, SlotClock clock,
      ScheduledExecutorService executor, DutyTracker tracker, SlashingProtection protection,
      InclusionCheck inclusion) {
    this.protection = protection;
    this.inclusion = inclusion;
    this.view = view;
    this.beaconNode = beaconNode;
    this.decided = decided;
    this.clock = clock;
    this.executor = executor;
    this.tracker = tracker;
  }

  /** Calls {@code listener} with each epoch as it is scheduled (the current and the next at start, then one ahead). */
  public void onEpoch(java.util.function.LongConsumer listener) {
    epochListeners.add(listener);
  }

  /** Calls {@code pruner} each epoch with the first slot whose state is still kept. */
  public void onPrune(java.util.function.LongConsumer pruner) {
    pruners.add(pruner);
  }

  /** Finds the validators' indices, then schedules the current and the next epoch. */
  public void start() {
    resolveIndices().whenComplete((ok, error) -> {
      if (error != null) {
        LOG.warn("cannot look up the cluster's validators on the beacon node ({}); retrying in one slot",
            DecidedDuties.rootMessage(error));
        later(clock.slotDuration(), this::start);
        return;
      }
      long epoch = clock.currentEpoch();
      scheduleEpoch(epoch);
      scheduleEpoch(epoch + 1);
      scheduleEpochTick(epoch + 1);
    });
  }

  private CompletableFuture<Void> resolveIndices() {
    List<String> keys = view.validators().stream().map(v -> v.groupPublicKey().toHex()).toList();
    return beaconNode.validators("head", keys).thenAccept(infos -> {
      for (ValidatorInfo info : infos) {
        view.learnIndex(info.pubkey(), info.index());
      }
      if (view.knownIndices().size() < view.validators().size()) {
        LOG.warn("the beacon node knows {} of the cluster's {} validators; the others have no duties yet",
            view.knownIndices().size(), view.validators().size());
      }
    });
  }

  /** At the start of each epoch, schedules the epoch after it and prunes old state. */
  private void scheduleEpochTick(long epoch) {
    at(clock.slotStart(clock.firstSlotOf(epoch)), () -> {
      scheduleEpoch(epoch + 1);
      long keepFrom = Math.max(0, clock.firstSlotOf(epoch) - 2 * clock.slotsPerEpoch());
      decided.pruneBelow(keepFrom);
      pruners.forEach(p -> p.accept(keepFrom));
      committeesBySlot.keySet().removeIf(slot -> slot < keepFrom);
      attestersBySlot.keySet().removeIf(slot -> slot < keepFrom);
      aggregationsStarted.keySet().removeIf(slot -> slot < keepFrom);
      scheduleEpochTick(epoch + 1);
    });
  }

  private void scheduleEpoch(long epoch) {
    if (epochsScheduled.putIfAbsent(epoch, Boolean.TRUE) != null || view.knownIndices().isEmpty()) {
      if (view.knownIndices().isEmpty()) {
        epochsScheduled.remove(epoch);
      }
      return;
    }
    epochListeners.forEach(l -> l.accept(epoch));
    beaconNode.attesterDuties(epoch, view.knownIndices()).whenComplete((duties, error) -> {
      if (error != null) {
        epochsScheduled.remove(epoch);
        tracker.failed(new DutyKey(clock.firstSlotOf(epoch), DutyType.ATTESTER), DutyTracker.Step.FETCH, null,
            "attester duties of epoch " + epoch + ": " + DecidedDuties.rootMessage(error));
        if (epoch >= clock.currentEpoch()) {
          later(clock.slotDuration(), () -> scheduleEpoch(epoch));
        }
        return;
      }
      for (AttesterDuty duty : duties.duties()) {
        long slot = duty.slot();
        boolean firstOfSlot = !committeesBySlot.containsKey(slot);
        committeesBySlot.computeIfAbsent(slot, s -> ConcurrentHashMap.newKeySet()).add(duty.committeeIndex());
        attestersBySlot.computeIfAbsent(slot, s -> ConcurrentHashMap.newKeySet()).add(duty.pubkey());
        if (slot >= clock.currentSlot()) {
          tracker.expectAttester(slot, duty.pubkey(), duty.validatorIndex(), duty.committeeLength());
        }
        if (firstOfSlot && slot >= clock.currentSlot()) {
          at(clock.slotFraction(slot, 1, 3), () -> triggerAttestation(slot));
          at(clock.slotFraction(slot, 2, 3), () -> triggerAggregation(slot));
          // A slot's duties may still go out during the next slot; what has not by its end failed.
          at(clock.slotStart(slot + 2), () -> tracker.settle(slot));
        }
      }
      if (!duties.duties().isEmpty() && clock.currentSlot() <= clock.firstSlotOf(epoch + 1)) {
        // One slot into the next epoch every attestation of this one went out (or was settled as
        // failed): the beacon node can tell which made it on chain.
        at(clock.slotStart(clock.firstSlotOf(epoch + 1) + 1), () -> inclusion.check(epoch));
      }
    });
  }

  /**
   * The group public keys of the cluster's validators that attest at {@code slot}, as this node's
   * beacon node assigned them (empty until the epoch's duties are known).
   */
  public Set<Bytes> attesters(long slot) {
    Set<Bytes> attesters = attestersBySlot.get(slot);
    return attesters == null ? Set.of() : Set.copyOf(attesters);
  }

  /**
   * Fetches the slot's attestation data and proposes it, once, naming the validators that sign it
   * so that the cluster records it in their slashing-protection history. Validators whose imported
   * history is still on its way into the cluster are left out (they sign nothing until it is in);
   * with no signer left this node does not propose, and another node's proposal may decide.
   */
  public CompletableFuture<Bytes> triggerAttestation(long slot) {
    DutyKey key = new DutyKey(slot, DutyType.ATTESTER);
    if (decided.proposed(key)) {
      return decided.await(key, clock.slotDuration());
    }
    List<Bytes> signers = attesters(slot).stream().filter(k -> !protection.importPending(k)).sorted().toList();
    if (signers.isEmpty()) {
      return decided.await(key, clock.slotDuration());
    }
    return beaconNode.attestationData(slot, 0)
        .thenCompose(data -> {
          tracker.succeeded(key, DutyTracker.Step.FETCH);
          return decided.propose(key, Bytes.of(AttestationData.SSZ.serialize(data)), signers);
        })
        .exceptionallyCompose(error -> {
          if (!decided.proposed(key)) {
            tracker.failed(key, DutyTracker.Step.FETCH, null, DecidedDuties.rootMessage(error));
          }
          // Another node's proposal may still decide the slot.
          return decided.await(key, clock.slotDuration());
        });
  }

  /**
   * Fetches the aggregate of every committee of the slot that has a cluster validator (and of
   * {@code extraCommittee}, if a validator client asks for it), and proposes them, once. Never
   * before 2/3 of the slot, when the slot's attestations have had time to spread; a validator
   * client that asks earlier waits for that. An empty answer is not proposed: the node asks again
   * until the slot is over, while any other node's proposal may decide first.
   */
  public CompletableFuture<Bytes> triggerAggregation(long slot, long... extraCommittee) {
    DutyKey key = new DutyKey(slot, DutyType.AGGREGATOR);
    Set<Long> committees = committeesBySlot.computeIfAbsent(slot, s -> ConcurrentHashMap.newKeySet());
    for (long c : extraCommittee) {
      committees.add(c);
    }
    Instant due = clock.slotFraction(slot, 2, 3);
    if (!decided.proposed(key) && aggregationsStarted.putIfAbsent(slot, Boolean.TRUE) == null) {
      at(due, () -> fetchAndProposeAggregates(slot, committees, key));
    }
    return decided.await(key, clock.until(due).plus(clock.slotDuration()));
  }

  private void fetchAndProposeAggregates(long slot, Set<Long> committees, DutyKey key) {
    if (decided.proposed(key) || clock.currentSlot() > slot + 1) {
      return;
    }
    triggerAttestation(slot)
        .thenCompose(dataBytes -> {
          Bytes dataRoot = AttestationData.SSZ.hashTreeRoot(AttestationData.SSZ.deserialize(dataBytes));
          List<CompletableFuture<Optional<Attestation>>> fetches = committees.stream().sorted()
              .map(c -> beaconNode.aggregateAttestation(slot, dataRoot, c)
                  .thenApply(Optional::of)
                  .exceptionally(error -> {
                    if (!isNotFound(error)) {
                      tracker.failed(key, DutyTracker.Step.FETCH, null,
                          "aggregate of committee " + c + ": " + DecidedDuties.rootMessage(error));
                    }
                    return Optional.empty();
                  }))
              .toList();
          return CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new))
              .thenApply(done -> fetches.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList());
        })
        .whenComplete((aggregates, error) -> {
          if (error == null && !aggregates.isEmpty()) {
            tracker.succeeded(key, DutyTracker.Step.FETCH);
            decided.propose(key, Bytes.of(AGGREGATES.serialize(aggregates)));
          } else {
            later(clock.slotDuration().dividedBy(12), () -> fetchAndProposeAggregates(slot, committees, key));
          }
        });
  }

  static boolean isNotFound(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ApiException api && api.status() == 404) {
        return true;
      }
    }
    return false;
  }

  /** The slot's decided aggregates. */
  public static List<Attestation> aggregates(Bytes decidedValue) {
    return AGGREGATES.deserialize(decidedValue);
  }

  /** Runs {@code task} at {@code when} on the scheduler's executor, unless closed by then. */
  void at(Instant when, Runnable task) {
    later(clock.until(when), task);
  }

  private void later(Duration delay, Runnable task) {
    if (closed) {
      return;
    }
    synchronized (timers) {
      timers.removeIf(ScheduledFuture::isDone);
      timers.add(executor.schedule(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.error("scheduled duty step failed", e);
        }
      }, delay.toMillis(), TimeUnit.MILLISECONDS));
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (timers) {
      timers.forEach(t -> t.cancel(false));
      timers.clear();
    }
  }
}
