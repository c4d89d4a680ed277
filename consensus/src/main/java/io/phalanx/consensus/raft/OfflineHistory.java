package io.phalanx.consensus.raft;

import io.phalanx.cluster.files.SafeFiles;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.consensus.slashing.SlashingHistory;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.types.ForkSchedule;
import java.util.List;
import io.phalanx.spec.util.Bytes;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.raftlog.segmented.LogSegment;
import org.apache.ratis.server.raftlog.segmented.LogSegmentPath;
import org.apache.ratis.util.MD5FileUtil;
import org.apache.ratis.util.SizeInBytes;

/**
 * A stopped node's slashing-protection history, read from its data folder: the latest snapshot
 * of the duty state machine, then every later entry of its Raft log replayed through the same
 * apply logic with the same settings (which the node wrote beside its log when it started). This
 * is what {@code slashing-protection export} writes, so an export holds everything the node
 * applied, not only what its last snapshot held. Entries in the log that were not yet committed
 * come after all committed ones, so replaying them can only add records: an export is never less
 * than what the node may have signed.
 */
public final class OfflineHistory {
  static final String SETTINGS_FILE = "slashing-settings.ssz";
  private static final Pattern SNAPSHOT = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");

  /**
   * <pre>
   * class SlashingSettings(Container):
   *     decided_window_slots: uint64
   *     history_epochs: uint64
   *     slots_per_epoch: uint64
   *     forks: List[ForkEntry, 64]   # the chain's fork schedule: (name: ByteList[32], version: Bytes4, epoch: uint64)
   * </pre>
   */
  private static final SszContainer<Settings> SETTINGS = SszContainer.builder(Settings.class)
      .field("decided_window_slots", Ssz.UINT64, Settings::decidedWindowSlots)
      .field("history_epochs", Ssz.UINT64, Settings::historyEpochs)
      .field("slots_per_epoch", Ssz.UINT64, Settings::slotsPerEpoch)
      .field("forks", ForkSchedule.ENTRIES_SSZ, Settings::forks)
      .build(v -> new Settings(v.next(), v.next(), v.next(), v.next()));

  private OfflineHistory() {}

  private record Settings(long decidedWindowSlots, long historyEpochs, long slotsPerEpoch,
      List<ForkSchedule.Entry> forks) {}

  /** Written by a starting node: what an offline replay needs to decide exactly as the node did. */
  static void writeSettings(RaftConsensusConfig config) {
    SlashingConfig s = config.slashing();
    SafeFiles.write(config.raftDir().resolve(SETTINGS_FILE), SETTINGS.serialize(
        new Settings(config.decidedWindowSlots(), s.historyEpochs(), s.slotsPerEpoch(), s.forks().entries())), false);
  }

  /**
   * The slashing-protection window the node in {@code dataDir} last ran with, if it ever ran.
   */
  public static Optional<SlashingConfig> settings(Path dataDir) {
    return readSettings(dataDir.resolve("raft")).map(s -> new SlashingConfig(ForkSchedule.of(s.forks(), s.slotsPerEpoch()), s.historyEpochs(), s.slotsPerEpoch()));
  }

  private static Optional<Settings> readSettings(Path raftDir) {
    Path file = raftDir.resolve(SETTINGS_FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(SETTINGS.deserialize(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " is malformed (" + e.getMessage() + "); it is rewritten when the node"
          + " starts: start and stop the node once, then export again");
    }
  }

  /**
   * Reads the history of the stopped node whose Raft folders are in {@code dataDir} (the folder a
   * {@link RaftConsensusConfig} names; its log is in {@code raft/}). A node that never ran has an
   * empty history.
   *
   * @throws IllegalStateException if the node is running (its Raft storage is locked)
   * @throws IllegalArgumentException if the folder holds no readable state of this cluster
   */
  public static SlashingHistory read(ClusterLock lock, Path dataDir) {
    Path raftDir = dataDir.resolve("raft");
    Optional<Settings> settings = readSettings(raftDir);
    if (settings.isEmpty()) {
      return SlashingHistory.complete();
    }
    Settings s = settings.get();
    SlashingConfig slashing = new SlashingConfig(ForkSchedule.of(s.forks(), s.slotsPerEpoch()), s.historyEpochs(), s.slotsPerEpoch());
    Path groupDir = raftDir.resolve(RatisSettings.groupId(lock, s.decidedWindowSlots(), slashing).getUuid().toString());
    if (!Files.isDirectory(groupDir)) {
      throw new IllegalArgumentException("no Raft state of this cluster in " + raftDir + " (expected " + groupDir
          + "): is --data-dir this cluster's node folder?");
    }
    requireStopped(groupDir);
    DecidedWindow window = new DecidedWindow(s.decidedWindowSlots());
    SlashingGuard guard = new SlashingGuard(lock, slashing);
    long snapshotIndex = loadSnapshot(groupDir.resolve("sm"), window, guard);
    try {
      replayLog(groupDir.resolve("current"), snapshotIndex, window, guard);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Raft log in " + groupDir + ": " + e.getMessage(), e);
    }
    return guard.history();
  }

  /** Ratis holds {@code in_use.lock} in the storage folder while the node runs. */
  private static void requireStopped(Path groupDir) {
    Path lockFile = groupDir.resolve("in_use.lock");
    if (!Files.exists(lockFile)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock held = channel.tryLock();
      if (held == null) {
        throw new IllegalStateException(running(groupDir));
      }
      held.release();
    } catch (OverlappingFileLockException e) {
      throw new IllegalStateException(running(groupDir));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check whether the node is running: " + e.getMessage(), e);
    }
  }

  private static String running(Path groupDir) {
    return "the node is running (its Raft storage " + groupDir + " is locked): stop it first, then run the"
        + " slashing-protection command again";
  }

  /** Loads the newest snapshot whose MD5 matches; returns its index, or -1 without one. */
  private static long loadSnapshot(Path smDir, DecidedWindow window, SlashingGuard guard) {
    if (!Files.isDirectory(smDir)) {
      return -1;
    }
    List<Path> snapshots = new ArrayList<>();
    try (Stream<Path> files = Files.list(smDir)) {
      files.filter(f -> SNAPSHOT.matcher(f.getFileName().toString()).matches()).forEach(snapshots::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    snapshots.sort(Comparator.comparingLong(OfflineHistory::snapshotIndex).reversed());
    for (Path file : snapshots) {
      try {
        File f = file.toFile();
        MD5Hash stored = MD5FileUtil.readStoredMd5ForFile(f);
        if (stored != null && !stored.equals(MD5FileUtil.computeMd5ForFile(f))) {
          continue; // torn or corrupt: an older snapshot and a longer replay give the same state
        }
        StateSnapshot parts = StateSnapshot.decode(Files.readAllBytes(file));
        window.restore(parts.decidedWindow());
        guard.restore(parts.slashingHistory());
        return snapshotIndex(file);
      } catch (IOException | IllegalArgumentException e) {
        // try the previous snapshot
      }
    }
    return -1;
  }

  private static long snapshotIndex(Path file) {
    Matcher m = SNAPSHOT.matcher(file.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(2)) : -1;
  }

  private static void replayLog(Path currentDir, long after, DecidedWindow window, SlashingGuard guard)
      throws IOException {
    if (!Files.isDirectory(currentDir)) {
      return;
    }
    List<LogSegmentPath> segments = new ArrayList<>();
    try (Stream<Path> files = Files.list(currentDir)) {
      files.forEach(f -> Optional.ofNullable(LogSegmentPath.matchLogSegment(f)).ifPresent(segments::add));
    }
    segments.sort(Comparator.comparingLong(OfflineHistory::segmentStart));
    long[] next = {after + 1};
    for (LogSegmentPath segment : segments) {
      LogSegment.readSegmentFile(segment.getPath().toFile(), segment.getStartEnd(), SizeInBytes.valueOf("64MB"),
          RaftServerConfigKeys.Log.CorruptionPolicy.WARN_AND_RETURN, null, entry -> {
            if (entry.getIndex() < next[0] || !entry.hasStateMachineLogEntry()) {
              return;
            }
            next[0] = entry.getIndex() + 1;
            apply(entry, window, guard);
          });
    }
  }

  /** log_START-END (closed) or log_inprogress_START (open). */
  private static long segmentStart(LogSegmentPath segment) {
    Matcher m = Pattern.compile("log_(?:inprogress_)?(\\d+).*").matcher(segment.getPath().getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
  }

  private static void apply(LogEntryProto entry, DecidedWindow window, SlashingGuard guard) {
    Command command;
    try {
      command = Command.decode(Bytes.of(entry.getStateMachineLogEntry().getLogData().toByteArray()));
    } catch (IllegalArgumentException e) {
      return; // the live state machine skips it the same way
    }
    DutyStateMachine.applyTo(window, guard, command);
  }
}
