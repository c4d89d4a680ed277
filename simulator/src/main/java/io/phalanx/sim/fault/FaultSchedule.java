package io.phalanx.sim.fault;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A list of faults on a timeline of slots. Written one fault per line (a file) or separated by
 * {@code ;} (inline), each as
 *
 * <pre>
 * kind:target@from[-until][=amount]
 * </pre>
 *
 * <ul>
 *   <li>{@code kind}: crash, bn-down, bn-slow, partition, latency, skew ({@link FaultKind});
 *   <li>{@code target}: node indices from 0, comma-separated ({@code 1} or {@code 1,2}); for
 *       partition and latency, sides separated by {@code |} ({@code 0,1|2,3}), a single side
 *       meaning that side against every other node;
 *   <li>{@code from}, {@code until}: a slot ({@code 12}) or the first slot of an epoch ({@code e3});
 *       the fault begins at the start of {@code from} and ends at the start of {@code until}, or
 *       lasts to the end of the run without one;
 *   <li>{@code amount}: bn-slow's delay, latency's added round-trip time, skew's clock offset with
 *       its sign: {@code 800ms}, {@code 1.5s}, {@code -2s}.
 * </ul>
 *
 * {@code #} starts a comment. Example: {@code crash:1@e1-e2; latency:0,1|2,3@e2-e4=150ms}.
 */
public record FaultSchedule(List<Fault> faults) {
  /** Scenarios shipped in the jar, runnable by name. */
  public static final List<String> SCENARIOS =
      List.of("node-down", "primary-bn-lost", "partition-2-2", "cross-region-150ms", "clock-skew");

  private static final Pattern ENTRY = Pattern.compile(
      "(?<kind>[a-z-]+):(?<target>[0-9,|]+)@(?<from>e?[0-9]+)(?:-(?<until>e?[0-9]+))?(?:=(?<amount>[+-]?[0-9.]+(?:ms|s)))?");
  private static final String FORMAT = "kind:target@from[-until][=amount], e.g. crash:1@e1-e2 or "
      + "latency:0,1|2,3@8-24=150ms (kinds: crash, bn-down, bn-slow, partition, latency, skew)";

  public FaultSchedule {
    faults = List.copyOf(faults);
  }

  public static final FaultSchedule NONE = new FaultSchedule(List.of());

  /**
   * Reads {@code source}: a scenario's name, a file, or the faults themselves.
   *
   * @throws IllegalArgumentException naming what does not parse and how it should read
   */
  public static FaultSchedule load(String source, int slotsPerEpoch) {
    Optional<String> scenario = scenarioText(source);
    if (scenario.isPresent()) {
      return parse(scenario.get(), slotsPerEpoch);
    }
    Path file = Path.of(source);
    if (!source.contains(":") && !Files.exists(file)) {
      throw new IllegalArgumentException("--faults '" + source + "' is neither a scenario (" + String.join(", ", SCENARIOS)
          + "), nor a file, nor a fault (" + FORMAT + ")");
    }
    if (Files.isRegularFile(file)) {
      try {
        return parse(Files.readString(file, StandardCharsets.UTF_8), slotsPerEpoch);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the fault schedule " + file + ": " + e.getMessage());
      }
    }
    return parse(source, slotsPerEpoch);
  }

  /** A shipped scenario's schedule, comments included. */
  public static Optional<String> scenarioText(String name) {
    if (!SCENARIOS.contains(name)) {
      return Optional.empty();
    }
    try (InputStream in = FaultSchedule.class.getResourceAsStream("/io/phalanx/sim/scenarios/" + name + ".faults")) {
      if (in == null) {
        throw new IllegalStateException("scenario " + name + " is missing from the jar");
      }
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("scenario " + name + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Parses faults separated by new lines or {@code ;}.
   *
   * @throws IllegalArgumentException naming the entry that does not parse
   */
  public static FaultSchedule parse(String text, int slotsPerEpoch) {
    List<Fault> faults = new ArrayList<>();
    for (String line : text.split("\\R")) {
      int hash = line.indexOf('#');
      String content = hash >= 0 ? line.substring(0, hash) : line;
      for (String entry : content.split(";")) {
        String trimmed = entry.replaceAll("\\s+", "");
        if (!trimmed.isEmpty()) {
          faults.add(parseEntry(trimmed, slotsPerEpoch));
        }
      }
    }
    return new FaultSchedule(faults);
  }

  private static Fault parseEntry(String entry, int slotsPerEpoch) {
    Matcher m = ENTRY.matcher(entry);
    if (!m.matches()) {
      throw new IllegalArgumentException("fault '" + entry + "' does not parse: write " + FORMAT);
    }
    FaultKind kind = FaultKind.named(m.group("kind")).orElseThrow(() -> new IllegalArgumentException(
        "fault '" + entry + "': unknown kind '" + m.group("kind") + "'; kinds: crash, bn-down, bn-slow, partition, "
            + "latency, skew"));
    List<Set<Integer>> groups = new ArrayList<>();
    for (String side : m.group("target").split("\\|", -1)) {
      Set<Integer> nodes = new TreeSet<>();
      for (String node : side.split(",", -1)) {
        if (node.isEmpty()) {
          throw new IllegalArgumentException("fault '" + entry + "': empty node index in '" + m.group("target") + "'");
        }
        nodes.add(Integer.parseInt(node));
      }
      groups.add(nodes);
    }
    boolean linkFault = kind == FaultKind.PARTITION || kind == FaultKind.LATENCY;
    if (!linkFault && groups.size() > 1) {
      throw new IllegalArgumentException("fault '" + entry + "': " + kind + " takes node indices (1 or 1,2), not sides");
    }
    if (linkFault) {
      Set<Integer> seen = new TreeSet<>();
      for (Set<Integer> g : groups) {
        for (int node : g) {
          if (!seen.add(node)) {
            throw new IllegalArgumentException("fault '" + entry + "': node " + node + " is on two sides");
          }
        }
      }
    }
    String amountText = m.group("amount");
    Duration amount = Duration.ZERO;
    if (kind.needsAmount()) {
      if (amountText == null) {
        throw new IllegalArgumentException("fault '" + entry + "': " + kind + " needs an amount, e.g. " + kind + ":"
            + m.group("target") + "@" + m.group("from") + "=" + (kind == FaultKind.SKEW ? "-1500ms" : "150ms"));
      }
      amount = duration(amountText, entry);
      if (kind != FaultKind.SKEW && (amount.isNegative() || amount.isZero())) {
        throw new IllegalArgumentException("fault '" + entry + "': the amount of " + kind + " must be positive");
      }
    } else if (amountText != null) {
      throw new IllegalArgumentException("fault '" + entry + "': " + kind + " takes no amount (=" + amountText + ")");
    }
    long from = slot(m.group("from"), slotsPerEpoch);
    OptionalLong until = m.group("until") == null ? OptionalLong.empty()
        : OptionalLong.of(slot(m.group("until"), slotsPerEpoch));
    return new Fault(kind, groups, from, until, amount, entry);
  }

  private static long slot(String text, int slotsPerEpoch) {
    return text.startsWith("e") ? Long.parseLong(text.substring(1)) * slotsPerEpoch : Long.parseLong(text);
  }

  private static Duration duration(String text, String entry) {
    try {
      boolean millis = text.endsWith("ms");
      BigDecimal number = new BigDecimal(text.substring(0, text.length() - (millis ? 2 : 1)));
      return Duration.ofMillis(number.multiply(BigDecimal.valueOf(millis ? 1 : 1000)).longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("fault '" + entry + "': '" + text + "' is not a whole number of milliseconds"
          + " (write 150ms or 1.5s)");
    }
  }

  /**
   * Checks the schedule against a cluster of {@code nodes}.
   *
   * @throws IllegalArgumentException naming the fault that does not fit
   */
  public FaultSchedule requireNodes(int nodes) {
    for (Fault f : faults) {
      for (int node : f.nodes()) {
        if (node >= nodes) {
          throw new IllegalArgumentException("fault '" + f.text() + "' names node " + node + ", but nodes are 0 to "
              + (nodes - 1));
        }
      }
      if ((f.kind() == FaultKind.PARTITION || f.kind() == FaultKind.LATENCY) && f.links(nodes).isEmpty()) {
        throw new IllegalArgumentException("fault '" + f.text() + "' names every node on one side: nothing to cut");
      }
    }
    return this;
  }

  /** The same faults {@code slots} later: a schedule counts from the start of a run, the chain from genesis. */
  public FaultSchedule shiftedBy(long slots) {
    return new FaultSchedule(faults.stream().map(f -> new Fault(f.kind(), f.groups(), f.fromSlot() + slots,
        f.untilSlot().isPresent() ? OptionalLong.of(f.untilSlot().getAsLong() + slots) : OptionalLong.empty(),
        f.amount(), f.text())).toList());
  }

  /** The directed links ({@code [from, to]}) some partition or latency fault touches, among {@code nodes}. */
  public List<int[]> faultedLinks(int nodes) {
    Set<List<Integer>> seen = new LinkedHashSet<>();
    for (Fault f : faults) {
      if (f.kind() == FaultKind.PARTITION || f.kind() == FaultKind.LATENCY) {
        f.links(nodes).forEach(l -> seen.add(List.of(l[0], l[1])));
      }
    }
    return seen.stream().map(l -> new int[] {l.get(0), l.get(1)}).toList();
  }

  /** The slot after which no fault changes any more: the latest end, or start if one never ends. */
  public long lastChangeSlot() {
    long last = 0;
    for (Fault f : faults) {
      last = Math.max(last, f.untilSlot().orElse(f.fromSlot()));
    }
    return last;
  }
}
