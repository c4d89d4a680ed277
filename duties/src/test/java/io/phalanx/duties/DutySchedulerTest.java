package io.phalanx.duties;

import static io.phalanx.duties.testing.ClusterKeys.FORK;
import static io.phalanx.duties.testing.ClusterKeys.GVR;
import static io.phalanx.duties.testing.ClusterKeys.SLOTS_PER_EPOCH;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.duties.testing.ClusterKeys;
import io.phalanx.duties.testing.StubBeaconNode;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.testing.SeededRandom;
import io.phalanx.spec.time.SlotClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The slot timer knows no duty type: it ticks each duty at every offset of the slots it named (at
 * once for an offset already past, never for a slot already over), ends each such slot once the
 * next one is over, tells the duty when an epoch it had work in is over, and asks a failed epoch
 * again a slot later without ticking twice what the other duties named.
 */
class DutySchedulerTest {
  /** A tick a duty heard, and when. */
  record Tick(long slot, SlotOffset offset, Instant at) {}

  /** A duty that names the slots {@code work} gives for each epoch and records what it hears. */
  static final class RecordingDuty implements Duty {
    final LongFunction<CompletableFuture<Set<Long>>> work;
    final List<Tick> ticks = new CopyOnWriteArrayList<>();
    final List<Long> epochsOver = new CopyOnWriteArrayList<>();
    final Map<Long, AtomicInteger> lookUps = new ConcurrentHashMap<>();
    final SlotClock clock;

    RecordingDuty(SlotClock clock, LongFunction<CompletableFuture<Set<Long>>> work) {
      this.clock = clock;
      this.work = work;
    }

    @Override
    public CompletableFuture<Set<Long>> onEpoch(long epoch) {
      lookUps.computeIfAbsent(epoch, e -> new AtomicInteger()).incrementAndGet();
      return work.apply(epoch);
    }

    @Override
    public void onSlot(long slot, SlotOffset offset) {
      ticks.add(new Tick(slot, offset, clock.clock().instant()));
    }

    @Override
    public void onEpochOver(long epoch) {
      epochsOver.add(epoch);
    }

    List<Tick> ticksOf(long slot) {
      return ticks.stream().filter(t -> t.slot() == slot).toList();
    }
  }

  final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
  final List<Long> slotsOver = new CopyOnWriteArrayList<>();
  SlotTimer timer;

  @AfterEach
  void stop() {
    if (timer != null) {
      timer.close();
    }
    executor.shutdownNow();
  }

  DutyScheduler scheduler(SlotClock clock, Duty... duties) {
    List<BlsSecretKey> shares = new ArrayList<>();
    DistributedValidator validator = ClusterKeys.validator(SeededRandom.of(21), shares);
    ClusterView view = new ClusterView(ClusterKeys.lock(List.of(validator), SeededRandom.of(22)), 0);
    StubBeaconNode chain = new StubBeaconNode(List.of(validator),
        new SignedMessages(FORK, GVR, SLOTS_PER_EPOCH));
    timer = new SlotTimer(clock, executor);
    return new DutyScheduler(view, chain, clock, timer, List.of(duties), List.of(), slotsOver::add);
  }

  @Test
  void ticksEachDutyAtTheOffsetsOfItsSlotsThenEndsTheSlotsAndTheEpoch() {
    SlotClock clock = new SlotClock(Instant.now().plusMillis(300), Duration.ofMillis(400), SLOTS_PER_EPOCH,
        Clock.systemUTC());
    RecordingDuty busy = new RecordingDuty(clock, epoch -> CompletableFuture.completedFuture(
        Set.of(clock.firstSlotOf(epoch) + 1, clock.firstSlotOf(epoch) + 3)));
    RecordingDuty quiet = new RecordingDuty(clock, epoch -> CompletableFuture.completedFuture(Set.of()));
    scheduler(clock, busy, quiet).start();

    await().atMost(Duration.ofSeconds(10)).until(() -> slotsOver.contains(5L) && busy.epochsOver.contains(0L));
    for (long slot : List.of(1L, 3L, 5L)) {
      List<Tick> ticks = busy.ticksOf(slot);
      assertEquals(List.of(SlotOffset.ONE_THIRD, SlotOffset.TWO_THIRDS), ticks.stream().map(Tick::offset).toList(),
          "slot " + slot + ": " + ticks);
      for (Tick t : ticks) {
        assertFalse(t.at().isBefore(t.offset().of(clock, slot).minusMillis(20)), "not before its time: " + t);
      }
    }
    assertTrue(busy.ticksOf(0).isEmpty() && busy.ticksOf(2).isEmpty() && busy.ticksOf(4).isEmpty(),
        "no ticks in slots without work: " + busy.ticks);
    assertTrue(quiet.ticks.isEmpty(), "a duty without work is not ticked: " + quiet.ticks);
    assertEquals(List.of(1L, 3L, 5L), slotsOver.subList(0, 3), "each slot with work ends once, in order");
    assertEquals(List.of(0L), busy.epochsOver, "epoch 0 is over one slot into epoch 1");
    assertTrue(quiet.epochsOver.isEmpty(), "no epoch-over for a duty without work");
    assertEquals(1, busy.lookUps.get(0L).get(), "each epoch is looked up once");
    assertEquals(1, busy.lookUps.get(1L).get());
  }

  @Test
  void aFailedLookUpIsAskedAgainASlotLaterAndWhatWasNamedIsTickedOnce() {
    SlotClock clock = new SlotClock(Instant.now().plusMillis(300), Duration.ofMillis(400), SLOTS_PER_EPOCH,
        Clock.systemUTC());
    AtomicInteger failures = new AtomicInteger();
    RecordingDuty flaky = new RecordingDuty(clock, epoch -> epoch == 0 && failures.getAndIncrement() == 0
        ? CompletableFuture.failedFuture(new IllegalStateException("beacon node down"))
        : CompletableFuture.completedFuture(Set.of(clock.firstSlotOf(epoch) + 2)));
    RecordingDuty steady = new RecordingDuty(clock, epoch -> CompletableFuture.completedFuture(
        Set.of(clock.firstSlotOf(epoch) + 2)));
    scheduler(clock, steady, flaky).start();

    await().atMost(Duration.ofSeconds(10)).until(() -> slotsOver.contains(2L));
    assertEquals(2, flaky.lookUps.get(0L).get(), "epoch 0 asked again after its failure");
    assertEquals(2, steady.lookUps.get(0L).get(), "the epoch is asked again as a whole");
    assertEquals(1, flaky.lookUps.get(1L).get(), "epoch 1 did not fail");
    for (RecordingDuty duty : List.of(flaky, steady)) {
      assertEquals(List.of(SlotOffset.ONE_THIRD, SlotOffset.TWO_THIRDS),
          duty.ticksOf(2).stream().map(Tick::offset).toList(), "ticked once: " + duty.ticks);
    }
    assertEquals(1, slotsOver.stream().filter(s -> s == 2L).count(), "slot 2 ends once: " + slotsOver);
  }

  @Test
  void anOffsetAlreadyPastTicksAtOnceAndASlotAlreadyOverNotAtAll() {
    // 1.5 s into slot 1 of 3 s: past its 1/3, before its 2/3.
    SlotClock clock = new SlotClock(Instant.now().minusMillis(4_500), Duration.ofSeconds(3), SLOTS_PER_EPOCH,
        Clock.systemUTC());
    RecordingDuty late = new RecordingDuty(clock, epoch -> CompletableFuture.completedFuture(
        epoch == 0 ? Set.of(0L, 1L) : Set.of()));
    scheduler(clock, late).start();

    await().atMost(Duration.ofSeconds(5)).until(() -> late.ticksOf(1).size() == 2);
    List<Tick> ticks = late.ticksOf(1);
    assertEquals(List.of(SlotOffset.ONE_THIRD, SlotOffset.TWO_THIRDS), ticks.stream().map(Tick::offset).toList());
    assertTrue(ticks.get(0).at().isBefore(SlotOffset.TWO_THIRDS.of(clock, 1)),
        "the past 1/3 ticked at once, before 2/3: " + ticks);
    assertTrue(late.ticksOf(0).isEmpty(), "slot 0 was over: " + late.ticks);
  }
}
