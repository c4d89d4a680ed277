package io.phalanx.sim.compare;

import io.phalanx.sim.Simnet;
import io.phalanx.sim.SimnetOptions;
import io.phalanx.sim.fault.Fault;
import io.phalanx.sim.fault.FaultDriver;
import io.phalanx.sim.fault.FaultKind;
import io.phalanx.sim.fault.FaultSchedule;
import io.phalanx.sim.fault.LinkRelays;
import io.phalanx.spec.time.SlotClock;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code phalanx simnet --compare-solo}: runs a DV cluster (simnet) and a solo validator side by
 * side, on identical parallel chains and under one fault schedule, and reports how each did per
 * epoch and in total: duty success by type, missed duties, inclusion delay and effectiveness
 * ({@link Effectiveness}), with when each fault began and ended. Writes the result as JSON, a
 * self-contained HTML report and its charts as PNG files.
 *
 * <p>Starting a cluster takes a while (more on a loaded machine): the compared run begins with
 * the first whole epoch after the cluster has done two slots' attestations fully on time (the
 * base epoch), and the
 * schedule's slots count from its first slot. The solo validator runs from genesis, so it is
 * ready by then too. The run lasts {@code epochs} epochs from the base epoch and then one more,
 * so that the last epoch's late attestations can still arrive and every reported epoch is final.
 */
public final class Comparison implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Comparison.class);
  public static final String REPORT_FILE = "phalanx-compare.html";
  public static final String SUCCESS_PNG = "phalanx-compare-duty-success.png";
  public static final String EFFECTIVENESS_PNG = "phalanx-compare-effectiveness.png";
  private static final String DV_COLOR = "#1f5fa8";
  private static final String SOLO_COLOR = "#c8641b";

  /**
   * What to compare.
   *
   * @param epochs empty: until one epoch after the last fault changes, at least 3
   * @param scenario the schedule's name as the report shows it
   * @param json where to write the JSON result; empty: beside the report
   */
  public record Options(int nodes, int threshold, int validators, Duration slotDuration, int slotsPerEpoch,
      OptionalLong epochs, FaultSchedule faults, String scenario, Optional<Path> json, Path reportDir) {
    public Options {
      faults.requireNodes(nodes);
      if (epochs.isPresent() && epochs.getAsLong() < 1) {
        throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs.getAsLong());
      }
    }

    public long epochCount() {
      if (epochs.isPresent()) {
        return epochs.getAsLong();
      }
      long lastChange = faults.lastChangeSlot();
      return Math.max(3, Math.ceilDiv(lastChange, slotsPerEpoch) + 1);
    }
  }

  private final Options options;
  private final PrintWriter out;
  private final PrintStream progress;
  private final boolean liveLine;
  private final StringWriter simnetLines = new StringWriter();
  private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "compare");
    t.setDaemon(true);
    return t;
  });
  private final CountDownLatch finished = new CountDownLatch(1);
  private ClusterWiring wiring;
  private Simnet simnet;
  private FaultDriver driver;
  private SlotClock clock;
  private long baseEpoch;
  private boolean closed;

  /**
   * @param progress where the progress line goes; redrawn in place when {@code liveLine}, else
   *     one line per epoch
   */
  public Comparison(Options options, PrintWriter out, PrintStream progress, boolean liveLine) {
    this.options = options;
    this.out = out;
    this.progress = progress;
    this.liveLine = liveLine;
  }

  /** Starts both setups and the fault schedule; returns once the cluster's nodes run. */
  public void start() throws IOException, InterruptedException {
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(options.reportDir());
    // Every fault, a crash from the schedule's slot 0 included, starts at the base epoch, once the
    // cluster runs: nothing is down at start.
    wiring = new ClusterWiring(options.nodes(), options.validators(), executor,
        options.faults().faultedLinks(options.nodes()), beaconNodeFaulted(options.faults()),
        options.faults().faults().stream().anyMatch(f -> f.kind() == FaultKind.BN_SLOW));
    simnet = new Simnet(SimnetOptions.builder(options.nodes(), options.threshold(), options.validators(),
        options.slotDuration(), options.slotsPerEpoch()).build(), new PrintWriter(simnetLines, true), wiring);
    wiring.attach(simnet);
    out.printf(Locale.ROOT, "compare: DV cluster of %d nodes (threshold %d) vs one solo validator client, %d validators "
        + "each, %d ms slots, %d slots per epoch, %d epochs; faults: %s%n", options.nodes(), options.threshold(),
        options.validators(), options.slotDuration().toMillis(), options.slotsPerEpoch(), options.epochCount(),
        options.faults().faults().isEmpty() ? "none"
            : options.faults().faults().stream().map(Fault::text).collect(Collectors.joining("; ")));
    out.flush();
    simnet.start();
    clock = wiring.slotClock();
    out.println("compare: cluster started; waiting until it attests on time ...");
    out.flush();
    if (!awaitClusterAttesting(Duration.ofSeconds(90))) {
      out.println("compare: the cluster did not settle within 90 s; comparing anyway");
    }
    baseEpoch = Math.max(0, clock.currentEpoch() + 1);
    out.printf(Locale.ROOT, "compare: the run begins with epoch %d (slot %d); fault slots count from there%n", baseEpoch,
        baseEpoch * options.slotsPerEpoch());
    out.flush();
    driver = new FaultDriver(options.faults().shiftedBy(baseEpoch * options.slotsPerEpoch()), clock,
        wiring.machines(), Optional.of(wiring.solo()), wiring.relays());
    driver.start();
    out.println("epoch  DV attester  DV aggregator  DV incl.delay  DV eff.   solo attester  solo aggregator  "
        + "solo incl.delay  solo eff.  faults");
    out.flush();
    long epochs = options.epochCount();
    long endSlot = (baseEpoch + epochs + 1) * options.slotsPerEpoch();
    for (long slot = Math.max(0, clock.currentSlot()); slot <= endSlot; slot++) {
      long s = slot;
      at(slot, () -> onSlot(s, endSlot));
    }
    executor.schedule(finished::countDown, clock.until(clock.slotStart(endSlot)).toMillis() + 200,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Waits until the cluster has done two slots' attestations in a row fully on time, so the
   * compared epochs measure the cluster, not its start-up (first Raft election, JIT compilation).
   */
  private boolean awaitClusterAttesting(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long current = clock.currentSlot();
      if (current >= 2 && fullyOnTime(current - 1) && fullyOnTime(current - 2)) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private boolean fullyOnTime(long slot) {
    long due = SetupResult.committee(options.validators(), options.slotsPerEpoch(), slot);
    return wiring.clusterTracker().delaysIn(slot).values().stream().filter(d -> d == 1).count() == due;
  }

  private static Set<Integer> beaconNodeFaulted(FaultSchedule schedule) {
    Set<Integer> nodes = new TreeSet<>();
    schedule.faults().stream().filter(f -> f.kind() == FaultKind.BN_DOWN || f.kind() == FaultKind.BN_SLOW)
        .forEach(f -> nodes.addAll(f.nodes()));
    return nodes;
  }

  private void at(long slot, Runnable task) {
    executor.schedule(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("compare step failed", e);
      }
    }, Math.max(0, clock.until(clock.slotStart(slot)).toMillis() + 50), TimeUnit.MILLISECONDS);
  }

  private void onSlot(long slot, long endSlot) {
    long spe = options.slotsPerEpoch();
    // Epoch e is final once every one of its slots is past its deadline, at the start of slot (e + 2) * spe.
    if (slot % spe == 0 && slot / spe - 2 >= baseEpoch && slot / spe - 2 < baseEpoch + options.epochCount()) {
      printEpoch(slot / spe - 2);
    }
    List<String> active = driver.activeIn(slot).stream().map(Fault::text).toList();
    int width = 30;
    long startSlot = baseEpoch * spe;
    int done = (int) Math.max(0, Math.min(width, width * (slot - startSlot) / Math.max(1, endSlot - startSlot)));
    String line = String.format(Locale.ROOT, "[%s%s] slot %d/%d, epoch %d/%d%s", "#".repeat(done),
        ".".repeat(width - done), slot, endSlot, slot / spe, baseEpoch + options.epochCount(),
        active.isEmpty() ? "" : ", faults on: " + String.join("; ", active));
    if (liveLine) {
      progress.print("\r" + line + "\u001b[K");
      if (slot == endSlot) {
        progress.println();
      }
      progress.flush();
    } else if (slot % spe == 0) {
      progress.println(line);
      progress.flush();
    }
  }

  private synchronized void printEpoch(long epoch) {
    SetupResult dv = SetupResult.of("dv", simnet.beaconNode().chain(), wiring.clusterTracker(), options.validators(),
        options.slotsPerEpoch(), epoch, 1);
    SetupResult solo = SetupResult.of("solo", wiring.solo().beaconNodeServer().chain(), wiring.solo().tracker(),
        options.validators(), options.slotsPerEpoch(), epoch, 1);
    List<String> faults = new ArrayList<>();
    for (long s = epoch * options.slotsPerEpoch(); s < (epoch + 1) * options.slotsPerEpoch(); s++) {
      driver.activeIn(s).forEach(f -> {
        if (!faults.contains(f.text())) {
          faults.add(f.text());
        }
      });
    }
    if (liveLine) {
      progress.print("\r\u001b[K");
      progress.flush();
    }
    out.printf(Locale.ROOT, "%5d  %s  %s%n", epoch, columns(dv.epochs().get(0)) + "  " + columns(solo.epochs().get(0)),
        faults.isEmpty() ? "-" : String.join("; ", faults));
    out.flush();
  }

  private static String columns(SetupResult.EpochResult e) {
    return String.format(Locale.ROOT, "%11s  %13s  %13s  %7.4f", e.attester().succeeded() + "/" + e.attester().expected(),
        e.aggregator().succeeded() + "/" + e.aggregator().expected(),
        e.effectiveness().inclusionDelay().isPresent()
            ? String.format(Locale.ROOT, "%.3f", e.effectiveness().inclusionDelay().getAsDouble()) : "n/a",
        e.effectiveness().value());
  }

  /** Waits until the run is over. */
  public void awaitEnd() throws InterruptedException {
    finished.await();
  }

  /** The first epoch compared; the schedule's slot 0 is its first slot. Known once started. */
  public long baseEpoch() {
    return baseEpoch;
  }

  /** The chain's slot clock, once started. */
  public SlotClock slotClock() {
    return clock;
  }

  /** The DV cluster's simnet, while it runs. */
  public Simnet simnet() {
    return simnet;
  }

  /** The relays between the cluster's nodes, once started. */
  public Optional<LinkRelays> relays() {
    return wiring.relays();
  }

  /** What the cluster's simnet printed (its own table: decision latency, leader). */
  public String simnetOutput() {
    return simnetLines.toString();
  }

  /** Reads both setups' results, prints the totals and writes the JSON, the HTML report and the PNG charts. */
  public synchronized ComparisonResult finish() {
    long first = Math.max(baseEpoch, Math.max(simnet.beaconNode().chain().firstCountedEpoch(),
        wiring.solo().beaconNodeServer().chain().firstCountedEpoch()));
    long counted = Math.max(0, baseEpoch + options.epochCount() - first);
    SetupResult dv = SetupResult.of("dv", simnet.beaconNode().chain(), wiring.clusterTracker(), options.validators(),
        options.slotsPerEpoch(), first, counted);
    SetupResult solo = SetupResult.of("solo", wiring.solo().beaconNodeServer().chain(), wiring.solo().tracker(),
        options.validators(), options.slotsPerEpoch(), first, counted);
    Map<Long, ComparisonResult.DecisionLatency> latency = new HashMap<>();
    for (Simnet.EpochReport r : simnet.epochReports()) {
      latency.put(r.epoch(), new ComparisonResult.DecisionLatency(r.decisionP50(), r.decisionP99()));
    }
    ComparisonResult result = new ComparisonResult(options.scenario(), options.nodes(), options.threshold(),
        options.validators(), options.slotDuration().toMillis(), options.slotsPerEpoch(),
        clock.genesis().toString(), driver.windows().stream().map(ComparisonResult.FaultWindow::of).toList(), dv, solo,
        latency);
    out.printf(Locale.ROOT, "total  %s  %s%n", columns(dv.total()), columns(solo.total()));
    out.printf(Locale.ROOT, "effectiveness: DV cluster %.4f, solo %.4f; attester success: DV %.2f%%, solo %.2f%%; "
        + "missed duties: DV %d, solo %d%n", dv.total().effectiveness().value(), solo.total().effectiveness().value(),
        100 * dv.total().attesterSuccess(), 100 * solo.total().attesterSuccess(), dv.total().missed(),
        solo.total().missed());
    Report.write(result, options.reportDir(), options.json());
    out.println("report: " + options.reportDir().resolve(REPORT_FILE).toAbsolutePath() + "; JSON: "
        + options.json().orElse(options.reportDir().resolve(Report.JSON_FILE)).toAbsolutePath());
    out.flush();
    return result;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    executor.shutdownNow();
    if (driver != null) {
      driver.close();
    }
    if (simnet != null) {
      simnet.close();
    }
    if (wiring != null) {
      wiring.close();
    }
  }
}
