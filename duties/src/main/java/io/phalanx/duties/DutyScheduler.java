package io.phalanx.duties;

import io.phalanx.api.BeaconNode;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.spec.time.SlotClock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slot timer of the cluster's duties; it keeps time and nothing else. At start it learns the
 * cluster's validators' indices from the beacon node; then each epoch (the current and the next at
 * start, then one ahead at each epoch's start) it has every {@link Duty} look up its work, ticks
 * each duty at every {@link SlotOffset} of the slots it named (at once for an offset already
 * past), ends each such slot once the next one is over, and tells a duty one slot into the next
 * epoch that an epoch it had work in is over. A look-up that fails is asked again a slot later.
 * Every delay goes through the {@link SlotTimer}; nothing here blocks a thread.
 */
final class DutyScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(DutyScheduler.class);

  /** A duty's work in one slot (or, for {@link #epochsEnding}, one epoch). */
  private record Due(Duty duty, long at) {}

  private final ClusterView view;
  private final BeaconNode beaconNode;
  private final SlotClock clock;
  private final SlotTimer timer;
  private final List<Duty> duties;
  private final List<SlotState> kept;
  private final LongConsumer slotOver;
  private final Map<Long, Boolean> epochsScheduled = new ConcurrentHashMap<>();
  private final Set<Due> slotsTicked = ConcurrentHashMap.newKeySet();
  private final Set<Long> slotsEnding = ConcurrentHashMap.newKeySet();
  private final Set<Due> epochsEnding = ConcurrentHashMap.newKeySet();

  /**
   * @param duties the duties to tick, looked up in this order each epoch
   * @param kept state kept per slot beside the duties', pruned with theirs
   * @param slotOver called with each slot that had work once the slot after it is over
   */
  DutyScheduler(ClusterView view, BeaconNode beaconNode, SlotClock clock, SlotTimer timer, List<Duty> duties,
      List<SlotState> kept, LongConsumer slotOver) {
    this.view = view;
    this.beaconNode = beaconNode;
    this.clock = clock;
    this.timer = timer;
    this.duties = List.copyOf(duties);
    this.kept = List.copyOf(kept);
    this.slotOver = slotOver;
  }

  /** Finds the validators' indices, then schedules the current and the next epoch. */
  void start() {
    resolveIndices().whenComplete((ok, error) -> {
      if (error != null) {
        LOG.warn("cannot look up the cluster's validators on the beacon node ({}); retrying in one slot",
            DecidedDuties.rootMessage(error));
        timer.after(clock.slotDuration(), this::start);
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
    timer.at(clock.slotStart(clock.firstSlotOf(epoch)), () -> {
      scheduleEpoch(epoch + 1);
      long keepFrom = Math.max(0, clock.firstSlotOf(epoch) - 2 * clock.slotsPerEpoch());
      kept.forEach(state -> state.pruneBelow(keepFrom));
      duties.forEach(duty -> duty.pruneBelow(keepFrom));
      long keepEpoch = clock.epochOf(keepFrom);
      epochsScheduled.keySet().removeIf(e -> e < keepEpoch);
      slotsTicked.removeIf(due -> due.at() < keepFrom);
      slotsEnding.removeIf(slot -> slot < keepFrom);
      epochsEnding.removeIf(due -> due.at() < keepEpoch);
      scheduleEpochTick(epoch + 1);
    });
  }

  private void scheduleEpoch(long epoch) {
    if (view.knownIndices().isEmpty() || epochsScheduled.putIfAbsent(epoch, Boolean.TRUE) != null) {
      return;
    }
    CompletableFuture<?>[] lookUps = duties.stream().map(duty -> lookUp(duty, epoch))
        .toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(lookUps).whenComplete((ok, error) -> {
      if (error != null) {
        // The duties that looked theirs up answer again from what they learnt.
        epochsScheduled.remove(epoch);
        if (epoch >= clock.currentEpoch()) {
          timer.after(clock.slotDuration(), () -> scheduleEpoch(epoch));
        }
      }
    });
  }

  private CompletableFuture<Void> lookUp(Duty duty, long epoch) {
    CompletableFuture<Set<Long>> slots;
    try {
      slots = duty.onEpoch(epoch);
    } catch (RuntimeException e) {
      slots = CompletableFuture.failedFuture(e);
    }
    return slots.thenAccept(s -> schedule(duty, epoch, s));
  }

  private void schedule(Duty duty, long epoch, Set<Long> slots) {
    long now = clock.currentSlot();
    for (long slot : new TreeSet<>(slots)) {
      if (slot < now || !slotsTicked.add(new Due(duty, slot))) {
        continue;
      }
      for (SlotOffset offset : SlotOffset.values()) {
        timer.at(offset.of(clock, slot), () -> duty.onSlot(slot, offset));
      }
      if (slotsEnding.add(slot)) {
        // A slot's duties may still go out during the next slot; what has not by its end failed.
        timer.at(clock.slotStart(slot + 2), () -> slotOver.accept(slot));
      }
    }
    if (!slots.isEmpty() && now <= clock.firstSlotOf(epoch + 1) && epochsEnding.add(new Due(duty, epoch))) {
      timer.at(clock.slotStart(clock.firstSlotOf(epoch + 1) + 1), () -> duty.onEpochOver(epoch));
    }
  }
}
