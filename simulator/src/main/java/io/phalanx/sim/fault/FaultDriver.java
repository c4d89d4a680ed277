package io.phalanx.sim.fault;

import io.phalanx.spec.time.SlotClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a fault schedule on the chain's clock. At the start of every slot where a fault begins or
 * ends it works out, from all faults then on, what each machine and link should be (crashed or
 * not, beacon node down or slow, clock offset; link cut or delayed) and switches only what
 * changed, so overlapping faults add up rather than undo each other: a link is cut while any
 * partition covers it, delays and offsets add, a beacon node is as slow as its slowest fault.
 *
 * <p>Machine-level faults (crash, bn-down, bn-slow, skew) on any DV node also befall the solo
 * machine, if there is one: the solo validator suffers every failure one of the DV operators does.
 * Link faults have no solo counterpart.
 */
public final class FaultDriver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FaultDriver.class);

  /** When a fault really began and ended, on the true clock. */
  public record Window(Fault fault, Instant began, Optional<Instant> ended) {}

  private record MachineState(boolean crashed, boolean bnDown, Duration slow, Duration offset) {
    static final MachineState HEALTHY = new MachineState(false, false, Duration.ZERO, Duration.ZERO);
  }

  private record LinkState(boolean cut, Duration oneWayDelay) {
    static final LinkState CLEAR = new LinkState(false, Duration.ZERO);
  }

  private final FaultSchedule schedule;
  private final SlotClock clock;
  private final List<Machine> nodes;
  private final Optional<Machine> solo;
  private final Optional<LinkRelays> links;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fault-driver");
    t.setDaemon(true);
    return t;
  });
  /** Crashes and restarts take a while (a node start waits for its beacon node): one thread per machine. */
  private final Map<Machine, ExecutorService> machineThreads = new HashMap<>();
  private final Map<Machine, MachineState> machineStates = new HashMap<>();
  private final Map<List<Integer>, LinkState> linkStates = new HashMap<>();
  private final Map<Fault, Instant> began = new HashMap<>();
  private final Map<Fault, Instant> ended = new HashMap<>();

  public FaultDriver(FaultSchedule schedule, SlotClock clock, List<Machine> nodes, Optional<Machine> solo,
      Optional<LinkRelays> links) {
    this.schedule = schedule.requireNodes(nodes.size());
    this.clock = clock;
    this.nodes = List.copyOf(nodes);
    this.solo = solo;
    this.links = links;
    boolean linkFaults = schedule.faults().stream()
        .anyMatch(f -> f.kind() == FaultKind.PARTITION || f.kind() == FaultKind.LATENCY);
    if (linkFaults && links.isEmpty()) {
      throw new IllegalArgumentException("partition and latency faults need relays on the links between nodes");
    }
    List<Machine> all = new ArrayList<>(nodes);
    solo.ifPresent(all::add);
    for (Machine m : all) {
      machineStates.put(m, MachineState.HEALTHY);
      machineThreads.put(m, Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fault-" + m.name());
        t.setDaemon(true);
        return t;
      }));
    }
  }

  /** Applies what is on now and schedules every later change. */
  public void start() {
    TreeSet<Long> changes = new TreeSet<>();
    for (Fault f : schedule.faults()) {
      changes.add(f.fromSlot());
      f.untilSlot().ifPresent(changes::add);
    }
    long now = clock.currentSlot();
    boolean beforeGenesis = Instant.now().isBefore(clock.genesis());
    apply(beforeGenesis ? 0 : now);
    for (long slot : changes) {
      if (slot > now || beforeGenesis && slot > 0) {
        long delay = Math.max(0, clock.until(clock.slotStart(slot)).toMillis());
        timer.schedule(() -> apply(slot), delay, TimeUnit.MILLISECONDS);
      }
    }
  }

  /** The faults on during {@code slot}. */
  public List<Fault> activeIn(long slot) {
    return schedule.faults().stream().filter(f -> f.activeIn(slot)).toList();
  }

  /** Every fault that has begun, with when it began and, if it has, ended. */
  public synchronized List<Window> windows() {
    List<Window> windows = new ArrayList<>();
    for (Fault f : schedule.faults()) {
      if (began.containsKey(f)) {
        windows.add(new Window(f, began.get(f), Optional.ofNullable(ended.get(f))));
      }
    }
    return windows;
  }

  private synchronized void apply(long slot) {
    Instant now = Instant.now();
    for (Fault f : schedule.faults()) {
      if (f.activeIn(slot) && !began.containsKey(f)) {
        began.put(f, now);
        LOG.info("slot {}: fault {} begins", slot, f.text());
      } else if (!f.activeIn(slot) && began.containsKey(f) && !ended.containsKey(f) && slot >= f.fromSlot()) {
        ended.put(f, now);
        LOG.info("slot {}: fault {} ends", slot, f.text());
      }
    }
    List<Fault> active = activeIn(slot);
    for (int i = 0; i < nodes.size(); i++) {
      int node = i;
      switchTo(nodes.get(i), stateOf(active.stream().filter(f -> f.kind().machineLevel() && f.nodes().contains(node))
          .toList()));
    }
    solo.ifPresent(m -> switchTo(m, stateOf(active.stream().filter(f -> f.kind().machineLevel()).toList())));
    links.ifPresent(relays -> switchLinks(relays, active));
  }

  private static MachineState stateOf(List<Fault> faults) {
    boolean crashed = false;
    boolean bnDown = false;
    Duration slow = Duration.ZERO;
    Duration offset = Duration.ZERO;
    for (Fault f : faults) {
      switch (f.kind()) {
        case CRASH -> crashed = true;
        case BN_DOWN -> bnDown = true;
        case BN_SLOW -> slow = slow.compareTo(f.amount()) >= 0 ? slow : f.amount();
        case SKEW -> offset = offset.plus(f.amount());
        default -> { }
      }
    }
    return new MachineState(crashed, bnDown, slow, offset);
  }

  private void switchTo(Machine machine, MachineState wanted) {
    MachineState was = machineStates.put(machine, wanted);
    machineThreads.get(machine).execute(() -> {
      try {
        if (!was.offset().equals(wanted.offset())) {
          machine.setClockOffset(wanted.offset());
        }
        if (was.bnDown() != wanted.bnDown()) {
          machine.beaconNode().setDown(wanted.bnDown());
        }
        if (!was.slow().equals(wanted.slow())) {
          machine.beaconNode().setSlow(wanted.slow());
        }
        if (was.crashed() != wanted.crashed()) {
          machine.setCrashed(wanted.crashed());
        }
      } catch (RuntimeException e) {
        LOG.error("switching {} to {} failed", machine.name(), wanted, e);
      }
    });
  }

  private void switchLinks(LinkRelays relays, List<Fault> active) {
    Map<List<Integer>, LinkState> wanted = new HashMap<>();
    for (Fault f : active) {
      if (f.kind() != FaultKind.PARTITION && f.kind() != FaultKind.LATENCY) {
        continue;
      }
      for (int[] link : f.links(nodes.size())) {
        LinkState s = wanted.getOrDefault(List.of(link[0], link[1]), LinkState.CLEAR);
        wanted.put(List.of(link[0], link[1]), f.kind() == FaultKind.PARTITION
            ? new LinkState(true, s.oneWayDelay())
            : new LinkState(s.cut(), s.oneWayDelay().plus(f.amount().dividedBy(2))));
      }
    }
    for (int i = 0; i < nodes.size(); i++) {
      for (int j = 0; j < nodes.size(); j++) {
        if (i == j || !relays.relayed(i, j)) {
          continue;
        }
        List<Integer> key = List.of(i, j);
        LinkState target = wanted.getOrDefault(key, LinkState.CLEAR);
        LinkState was = linkStates.getOrDefault(key, LinkState.CLEAR);
        if (!target.equals(was)) {
          relays.setOneWayDelay(i, j, target.oneWayDelay());
          relays.setCut(i, j, target.cut());
          linkStates.put(key, target);
        }
      }
    }
  }

  /** The last slot any fault changes in, for a run's length. */
  public OptionalLong lastChange() {
    return schedule.faults().isEmpty() ? OptionalLong.empty() : OptionalLong.of(schedule.lastChangeSlot());
  }

  @Override
  public void close() {
    timer.shutdownNow();
    machineThreads.values().forEach(ExecutorService::shutdownNow);
  }
}
