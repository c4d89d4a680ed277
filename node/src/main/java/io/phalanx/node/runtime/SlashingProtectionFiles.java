package io.phalanx.node.runtime;

import io.phalanx.cluster.files.SafeFiles;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.consensus.raft.OfflineHistory;
import io.phalanx.consensus.raft.RaftConsensus;
import io.phalanx.consensus.raft.SlashingConfig;
import io.phalanx.consensus.slashing.Interchange;
import io.phalanx.consensus.slashing.InterchangeJson;
import io.phalanx.consensus.slashing.SlashingHistory;
import io.phalanx.spec.util.Bytes;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slashing-protection import and export for a stopped node, and the hand-over of an import to the
 * cluster when the node starts.
 *
 * <p>Why a pending-import file rather than writing into the Raft state: the history is the
 * cluster's, replicated by Raft, and one node must not change its own copy behind the others'
 * backs. So {@code import} checks the file (format, genesis validators root against the lock,
 * validators of the lock) and writes what it will add, as SSZ, to
 * {@code state/slashing-protection-import.ssz} by way of a temporary file and an atomic rename: a
 * {@code kill -9} during the import leaves either the previous pending file (or none) or the new
 * one, never a part. At start the node proposes its content to the cluster as Raft entries, signs
 * nothing for those validators until every entry is committed, and deletes the file then.
 * Merging only adds records and raises watermarks, so a restart before the delete merges again
 * harmlessly.
 *
 * <p>Export reads the stopped node's latest snapshot and replays its Raft log after it
 * ({@link OfflineHistory}), plus a pending import not yet handed over, so it never holds less than
 * what the node could have signed.
 */
public final class SlashingProtectionFiles {
  private static final Logger LOG = LoggerFactory.getLogger(SlashingProtectionFiles.class);
  static final String PENDING_IMPORT = "slashing-protection-import.ssz";

  private SlashingProtectionFiles() {}

  /** What an import did. */
  public record ImportResult(int validators, int skipped, long records, Path pendingFile) {}

  public static Path pendingImportFile(Path stateDir) {
    return stateDir.resolve(PENDING_IMPORT);
  }

  /**
   * Checks an EIP-3076 interchange against the node's cluster and adds it to the node's pending
   * import.
   *
   * @throws IllegalArgumentException if the file is malformed, of another chain, or the node runs
   */
  public static ImportResult importInterchange(NodeData data, Path file) {
    Interchange interchange = readInterchange(file);
    ClusterLock lock = data.lock();
    interchange.requireGenesisValidatorsRoot(lock.content().network().genesisValidatorsRoot(),
        "the cluster's network " + lock.content().network().name());
    Set<Bytes> ours = new HashSet<>();
    for (DistributedValidator v : lock.validators()) {
      ours.add(v.groupPublicKey().toBytes());
    }
    exportNow(data); // refuses a running node before anything is written
    SlashingHistory parsed = SlashingHistory.complete();
    parsed.importInterchange(interchange);
    SlashingConfig window = OfflineHistory.settings(data.stateDir()).orElse(SlashingConfig.genesisFork(lock));
    SlashingHistory pending = readPending(data.stateDir(), window);
    int validators = pending.merge(parsed, ours::contains);
    int skipped = (int) parsed.pubkeys().stream().filter(k -> !ours.contains(k)).count();
    Path target = pendingImportFile(data.stateDir());
    SafeFiles.write(target, pending.toSsz(), false);
    return new ImportResult(validators, skipped, pending.size(), target);
  }

  /** The stopped node's history (snapshot, log, pending import) as an interchange. */
  public static Interchange exportNow(NodeData data) {
    SlashingHistory history;
    try {
      history = OfflineHistory.read(data.lock(), data.stateDir());
    } catch (IllegalStateException running) {
      throw new IllegalArgumentException(running.getMessage());
    }
    SlashingConfig window = OfflineHistory.settings(data.stateDir()).orElse(SlashingConfig.genesisFork(data.lock()));
    history.merge(readPending(data.stateDir(), window));
    return history.toInterchange(data.lock().content().network().genesisValidatorsRoot());
  }

  public static Interchange readInterchange(Path file) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return InterchangeJson.read(in);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("interchange file not found: " + file);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " is not a valid EIP-3076 interchange: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes an interchange to {@code file} through a temporary file and an atomic rename. */
  public static void writeInterchange(Interchange interchange, Path file) {
    SafeFiles.write(file, false, out -> InterchangeJson.write(interchange, out));
  }

  static SlashingHistory readPending(Path stateDir, SlashingConfig window) {
    Path file = pendingImportFile(stateDir);
    long slots = Math.multiplyExact(window.historyEpochs(), window.slotsPerEpoch());
    if (!Files.exists(file)) {
      return new SlashingHistory(SlashingHistory.Strategy.COMPLETE, window.historyEpochs(), slots);
    }
    try {
      return SlashingHistory.fromSsz(Files.readAllBytes(file), SlashingHistory.Strategy.COMPLETE,
          window.historyEpochs(), slots);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " is malformed (" + e.getMessage() + "): import the interchange file"
          + " again after moving it away");
    }
  }

  /**
   * At start: hands a pending import to the cluster, retrying until every part is committed, then
   * deletes the file. Until then the node signs nothing for its validators.
   */
  static void submitPending(RaftConsensus consensus, Path stateDir, SlashingConfig window,
      ScheduledExecutorService executor) {
    Path file = pendingImportFile(stateDir);
    if (!Files.exists(file)) {
      return;
    }
    SlashingHistory pending = readPending(stateDir, window);
    LOG.info("Handing an imported slashing-protection history of {} validators to the cluster; their duties wait",
        pending.pubkeys().size());
    submit(consensus, pending, file, executor, Duration.ofSeconds(2));
  }

  private static void submit(RaftConsensus consensus, SlashingHistory pending, Path file,
      ScheduledExecutorService executor, Duration retry) {
    consensus.importHistory(pending).whenComplete((count, error) -> {
      if (error == null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          LOG.warn("Could not delete {} after its import was committed: {}", file, e.getMessage());
        }
        return;
      }
      LOG.warn("The imported slashing-protection history is not in the cluster yet ({}); retrying in {} s",
          error.getMessage(), retry.toSeconds());
      try {
        executor.schedule(() -> submit(consensus, pending, file, executor, retry), retry.toMillis(),
            TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closing) {
        // the node stops; the file stays for the next start
      }
    });
  }
}
