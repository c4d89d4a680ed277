package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.ssz.SszType;
import io.phalanx.spec.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A chain's forks and the epochs they start at, as its beacon node serves them in {@code GET
 * /eth/v1/config/spec} ({@code <NAME>_FORK_VERSION}, {@code <NAME>_FORK_EPOCH}): which fork version
 * signatures commit to at each epoch, and which {@link ConsensusVersion} (block shapes,
 * {@code Eth-Consensus-Version}) applies. Nothing here is written per network; a fork this Phalanx
 * does not know that the chain schedules makes {@link #consensusVersionAt} fail from its epoch on,
 * naming it, rather than sign under the wrong rules.
 */
public final class ForkSchedule {
  /** The spec's FAR_FUTURE_EPOCH: a fork at this epoch is not scheduled. */
  public static final long FAR_FUTURE_EPOCH = -1L;

  /** The forks in the order the consensus specs introduced them; GENESIS stands for phase 0. */
  private static final List<String> KNOWN = List.of("GENESIS", "ALTAIR", "BELLATRIX", "CAPELLA", "DENEB", "ELECTRA",
      "FULU");

  /**
   * One fork: its upper-case spec name, version and first epoch (unsigned; {@link #FAR_FUTURE_EPOCH}
   * if not scheduled).
   */
  public record Entry(String name, Bytes version, long epoch) {
    public static final SszContainer<Entry> SSZ = SszContainer.builder(Entry.class)
        .field("name", Ssz.byteList(32), e -> Bytes.of(e.name().getBytes(StandardCharsets.UTF_8)))
        .field("version", Ssz.BYTES4, Entry::version)
        .field("epoch", Ssz.UINT64, Entry::epoch)
        .build(v -> new Entry(new String(v.<Bytes>next().toArray(), StandardCharsets.UTF_8),
            v.next(), v.next()));

    public Entry {
      Objects.requireNonNull(name, "name");
      Check.version(version, "version of fork " + name);
    }

    boolean scheduled() {
      return epoch != FAR_FUTURE_EPOCH;
    }
  }

  /** The SSZ list of a schedule's entries, for files that keep one. */
  public static final SszType<List<Entry>> ENTRIES_SSZ = Ssz.list(Entry.SSZ, 64);

  /** Scheduled forks, by epoch, ties in spec order. */
  private final List<Entry> scheduled;
  private final List<Entry> all;
  private final long slotsPerEpoch;

  private ForkSchedule(List<Entry> entries, long slotsPerEpoch) {
    if (slotsPerEpoch < 1) {
      throw new IllegalArgumentException("slots per epoch must be at least 1, got " + slotsPerEpoch);
    }
    this.all = List.copyOf(entries);
    List<Entry> sorted = new ArrayList<>(entries.stream().filter(Entry::scheduled).toList());
    sorted.sort(Comparator.<Entry>comparingLong(Entry::epoch).thenComparingInt(ForkSchedule::order));
    if (sorted.isEmpty() || sorted.get(0).epoch() != 0) {
      throw new IllegalArgumentException("the fork schedule has no fork at epoch 0 (GENESIS_FORK_VERSION missing?)");
    }
    this.scheduled = List.copyOf(sorted);
    this.slotsPerEpoch = slotsPerEpoch;
  }

  private static int order(Entry e) {
    int i = KNOWN.indexOf(e.name());
    return i < 0 ? KNOWN.size() : i;
  }

  /** A schedule from its entries (e.g. read back from a file). */
  public static ForkSchedule of(List<Entry> entries, long slotsPerEpoch) {
    return new ForkSchedule(entries, slotsPerEpoch);
  }

  /**
   * The schedule a beacon node's {@code /eth/v1/config/spec} values describe: GENESIS_FORK_VERSION
   * and every {@code <NAME>_FORK_VERSION} with its {@code <NAME>_FORK_EPOCH}, SLOTS_PER_EPOCH.
   *
   * @throws IllegalArgumentException naming the value that is missing or malformed
   */
  public static ForkSchedule fromSpec(Map<String, String> spec) {
    List<Entry> entries = new ArrayList<>();
    entries.add(new Entry("GENESIS", version(spec, "GENESIS_FORK_VERSION"), 0));
    List<String> names = new ArrayList<>(KNOWN.subList(1, KNOWN.size()));
    spec.keySet().stream()
        .filter(k -> k.endsWith("_FORK_EPOCH"))
        .map(k -> k.substring(0, k.length() - "_FORK_EPOCH".length()))
        .filter(n -> !KNOWN.contains(n))
        .sorted()
        .forEach(names::add);
    for (String name : names) {
      String epochKey = name + "_FORK_EPOCH";
      if (!spec.containsKey(epochKey)) {
        if (name.equals("ELECTRA")) {
          throw new IllegalArgumentException("the beacon node's spec has no ELECTRA_FORK_EPOCH: Phalanx needs a chain"
              + " that has scheduled Electra");
        }
        continue;
      }
      entries.add(new Entry(name, version(spec, name + "_FORK_VERSION"), uint64(spec, epochKey)));
    }
    String slots = spec.get("SLOTS_PER_EPOCH");
    if (slots == null) {
      throw new IllegalArgumentException("the beacon node's spec has no SLOTS_PER_EPOCH");
    }
    return new ForkSchedule(entries, uint64(spec, "SLOTS_PER_EPOCH"));
  }

  /**
   * A schedule that knows only one fork record: {@code fork.previousVersion()} before {@code
   * fork.epoch()}, {@code fork.currentVersion()} from it, both of {@code version}. For tests and
   * for files written before schedules were kept.
   */
  public static ForkSchedule single(Fork fork, ConsensusVersion version, long slotsPerEpoch) {
    String name = version.name();
    if (fork.epoch() == 0 || fork.previousVersion().equals(fork.currentVersion())) {
      return new ForkSchedule(List.of(new Entry(name, fork.currentVersion(), 0)), slotsPerEpoch);
    }
    return new ForkSchedule(List.of(new Entry("PREVIOUS", fork.previousVersion(), 0),
        new Entry(name, fork.currentVersion(), fork.epoch())), slotsPerEpoch);
  }

  private static Bytes version(Map<String, String> spec, String key) {
    String value = spec.get(key);
    if (value == null) {
      throw new IllegalArgumentException("the beacon node's spec has no " + key);
    }
    try {
      return Bytes.fromHex(value.trim(), 4, key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the beacon node's spec has a malformed " + key + ": " + e.getMessage());
    }
  }

  private static long uint64(Map<String, String> spec, String key) {
    String value = spec.get(key).trim();
    try {
      return Long.parseUnsignedLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the beacon node's spec has a malformed " + key + ": '" + value + "'");
    }
  }

  public long slotsPerEpoch() {
    return slotsPerEpoch;
  }

  /** Every fork the spec named, scheduled or not. */
  public List<Entry> entries() {
    return all;
  }

  /** The fork the chain is on at {@code epoch}. */
  public Entry at(long epoch) {
    Entry current = scheduled.get(0);
    for (Entry e : scheduled) {
      if (Long.compareUnsigned(e.epoch(), epoch) <= 0) {
        current = e;
      }
    }
    return current;
  }

  /** The fork version signatures commit to at {@code epoch}. */
  public Bytes versionAt(long epoch) {
    return at(epoch).version();
  }

  /**
   * The state's fork record at {@code epoch}: the version before the fork that is current then,
   * the current version and the epoch it started. With it, {@code SigningRoots.domainAtEpoch}
   * gives the domain of any epoch of that fork.
   */
  public Fork forkAt(long epoch) {
    Entry current = at(epoch);
    int i = scheduled.indexOf(current);
    Entry previous = i == 0 ? current : scheduled.get(i - 1);
    return new Fork(previous.version(), current.version(), current.epoch());
  }

  /** The version of the named fork (e.g. CAPELLA, which voluntary exits keep signing with since Deneb). */
  public Optional<Bytes> version(String forkName) {
    String wanted = forkName.toUpperCase(Locale.ROOT);
    return all.stream().filter(e -> e.name().equals(wanted)).map(Entry::version).findFirst();
  }

  public Bytes genesisForkVersion() {
    return scheduled.get(0).version();
  }

  /**
   * The consensus version at {@code epoch}.
   *
   * @throws IllegalStateException if the chain is then on a fork Phalanx does not handle (before
   *     Electra, or one after Fulu), naming it
   */
  public ConsensusVersion consensusVersionAt(long epoch) {
    Entry fork = at(epoch);
    return ConsensusVersion.fromApiName(fork.name().toLowerCase(Locale.ROOT)).orElseThrow(() ->
        new IllegalStateException("at epoch " + Long.toUnsignedString(epoch) + " the chain is on fork "
            + fork.name() + " (version " + fork.version() + "), which this Phalanx does not handle: it handles "
            + Arrays.toString(ConsensusVersion.values())));
  }

  public ConsensusVersion consensusVersionAtSlot(long slot) {
    return consensusVersionAt(Long.divideUnsigned(slot, slotsPerEpoch));
  }

  /**
   * Checks the beacon node's head fork ({@code /eth/v1/beacon/states/head/fork}) against this
   * schedule at {@code headEpoch}.
   *
   * @throws IllegalArgumentException if they disagree: the spec and the state are of two chains
   */
  public ForkSchedule checkHead(Fork head, long headEpoch) {
    Fork expected = forkAt(headEpoch);
    if (!expected.currentVersion().equals(head.currentVersion())) {
      throw new IllegalArgumentException("the beacon node's head state is on fork version " + head.currentVersion()
          + " but its spec schedules " + at(headEpoch).name() + " (" + expected.currentVersion() + ") at epoch "
          + headEpoch);
    }
    return this;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (Entry e : scheduled) {
      if (s.length() > 0) {
        s.append(", ");
      }
      s.append(e.name().toLowerCase(Locale.ROOT)).append('@').append(Long.toUnsignedString(e.epoch()));
    }
    return s.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ForkSchedule other && other.all.equals(all) && other.slotsPerEpoch == slotsPerEpoch;
  }

  @Override
  public int hashCode() {
    return Objects.hash(all, slotsPerEpoch);
  }
}
