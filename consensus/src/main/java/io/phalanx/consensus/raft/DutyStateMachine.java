package io.phalanx.consensus.raft;

import io.phalanx.consensus.Consensus.DecidedListener;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.util.Bytes;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The duty state machine: each log entry is a {@link DutyCommand}; the first committed value per
 * key is the decided value ({@link DecidedWindow}). Proposals are validated on the leader in
 * {@link #startTransaction} (a malformed command or a key below the prune horizon is refused and
 * never reaches the log); entries are applied under the write lock together with the last applied
 * index, so a snapshot always matches the index it is named after.
 */
final class DutyStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(DutyStateMachine.class);

  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  /**
   * The latest snapshot, kept here: Ratis asks for it at every append to every follower
   * (LogAppender.shouldInstallSnapshot), and SimpleStateMachineStorage caches one it found but lists
   * the snapshot directory again at each call while there is none (profiled: 2% of a simnet's CPU).
   */
  private volatile SingleFileSnapshotInfo latestSnapshot;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
  private final DecidedWindow window;
  private final SlashingGuard guard;
  private final List<DecidedListener> listeners = new CopyOnWriteArrayList<>();
  private final Executor listenerExecutor;

  /**
   * @param listenerExecutor runs the listeners, one key after another in log order, so that a
   *     listener that blocks after all holds up no Raft thread
   */
  DutyStateMachine(long windowSlots, SlashingGuard guard, Executor listenerExecutor) {
    this.window = new DecidedWindow(windowSlots);
    this.guard = guard;
    this.listenerExecutor = listenerExecutor;
  }

  /** Reads the slashing-protection history (and the decided window) under the read lock. */
  <T> T readGuarded(Function<SlashingGuard, T> reader) {
    return read(() -> reader.apply(guard));
  }

  Optional<DutyCommand> decidedCommand(DutyKey key) {
    return read(() -> window.decidedCommand(key));
  }

  SlashingRefusals slashingRefusals() {
    return guard.refusals();
  }

  void subscribe(DecidedListener listener) {
    listeners.add(listener);
  }

  Optional<Bytes> decided(DutyKey key) {
    return read(() -> window.decided(key));
  }

  long horizon() {
    return read(window::horizon);
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    getLifeCycle().startAndTransition(() -> {
      storage.init(raftStorage);
      latestSnapshot = storage.getLatestSnapshot();
      load(latestSnapshot);
    });
  }

  /** Ratis pauses the state machine while it installs a snapshot from the leader. */
  @Override
  public void pause() {
    if (getLifeCycle().compareAndTransition(LifeCycle.State.RUNNING, LifeCycle.State.PAUSING)) {
      getLifeCycle().transition(LifeCycle.State.PAUSED);
    }
  }

  /** After the leader installed a snapshot on this node: take it over and tell of the keys it brought. */
  @Override
  public void reinitialize() throws IOException {
    Set<DutyKey> before = new HashSet<>();
    read(window::entries).forEach(c -> before.add(c.key()));
    latestSnapshot = storage.loadLatestSnapshot();
    load(latestSnapshot);
    List<DutyCommand> learned = read(window::entries).stream().filter(c -> !before.contains(c.key())).toList();
    learned.forEach(c -> notifyDecided(c.key(), c.value()));
    if (getLifeCycle().compareAndTransition(LifeCycle.State.PAUSED, LifeCycle.State.STARTING)) {
      getLifeCycle().transition(LifeCycle.State.RUNNING);
    }
  }

  @Override
  public SimpleStateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public SingleFileSnapshotInfo getLatestSnapshot() {
    return latestSnapshot;
  }

  @Override
  public TransactionContext startTransaction(RaftClientRequest request) {
    TransactionContext.Builder builder =
        TransactionContext.newBuilder().setStateMachine(this).setClientRequest(request);
    try {
      Command command = Command.decode(toBytes(request.getMessage().getContent()));
      long horizon = horizon();
      if (command instanceof DutyCommand duty && duty.key().slot() < horizon) {
        throw new IllegalArgumentException(tooOld(duty.key(), horizon));
      }
      return builder.setStateMachineContext(command).build();
    } catch (IllegalArgumentException e) {
      TransactionContext refused = builder.build();
      refused.setException(e);
      return refused;
    }
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    Command decoded;
    try {
      decoded = trx.getStateMachineContext() instanceof Command c
          ? c
          : Command.decode(toBytes(entry.getStateMachineLogEntry().getLogData()));
    } catch (IllegalArgumentException e) {
      // The leader refuses malformed commands, so only a log written by other software gets here.
      write(() -> updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex()));
      LOG.warn("Raft log entry {} is not a duty command and was skipped: {}", entry.getIndex(), e.getMessage());
      return CompletableFuture.failedFuture(e);
    }
    DecidedWindow.Outcome outcome = write(() -> {
      DecidedWindow.Outcome applied = applyTo(window, guard, decoded);
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
      return applied;
    });
    switch (decoded) {
      case DutyCommand command -> {
        if (outcome instanceof DecidedWindow.Outcome.NewlyDecided) {
          notifyDecided(command.key(), command.value());
        } else if (outcome instanceof DecidedWindow.Outcome.Refused refused) {
          LOG.warn("Refused the proposal for {} (log entry {}): {}", command.key(), entry.getIndex(), refused.reason());
        }
      }
      case ImportCommand imported -> LOG.info("Merged an imported slashing-protection history of {} validators"
          + " (log entry {})", ((DecidedWindow.Outcome.Imported) outcome).validators(), entry.getIndex());
    }
    return CompletableFuture.completedFuture(Message.valueOf(wrap(outcome.encode())));
  }

  /**
   * What applying one committed command does to the state, the same on every node and in an
   * offline replay ({@link OfflineHistory}): an import merges into the history; a duty proposal is
   * too old, already decided, refused as slashable, or decided and recorded in its signers' history.
   */
  static DecidedWindow.Outcome applyTo(DecidedWindow window, SlashingGuard guard, Command command) {
    return switch (command) {
      case ImportCommand imported ->
          new DecidedWindow.Outcome.Imported(guard.importHistory(imported.read(guard.windowEpochs(), guard.windowSlots())));
      case DutyCommand duty -> window.settled(duty.key())
          .or(() -> guard.decide(duty).map(r -> new DecidedWindow.Outcome.Refused(r.message())))
          .orElseGet(() -> window.apply(duty));
    };
  }

  @Override
  public long takeSnapshot() throws IOException {
    record Consistent(byte[] content, TermIndex last) {}
    Consistent state = read(() -> new Consistent(
        StateSnapshot.encode(window.toSnapshot(), guard.toSnapshot()), getLastAppliedTermIndex()));
    byte[] content = state.content();
    TermIndex last = state.last();
    if (last == null || last.getIndex() < 0) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
    Path temp = file.toPath().resolveSibling(file.getName() + ".writing");
    Files.write(temp, content);
    Files.move(temp, file.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
    SingleFileSnapshotInfo taken = new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last);
    storage.updateLatestSnapshot(taken);
    latestSnapshot = taken;
    return last.getIndex();
  }

  private void load(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      return;
    }
    File file = snapshot.getFile().getPath().toFile();
    MD5Hash expected = snapshot.getFile().getFileDigest();
    if (expected != null && !expected.equals(MD5FileUtil.computeMd5ForFile(file))) {
      throw new IOException("snapshot " + file + " does not match its MD5: it is corrupt");
    }
    byte[] content = Files.readAllBytes(file.toPath());
    try {
      write(() -> {
        StateSnapshot parts = StateSnapshot.decode(content);
        window.restore(parts.decidedWindow());
        guard.restore(parts.slashingHistory());
        setLastAppliedTermIndex(snapshot.getTermIndex());
        return null;
      });
    } catch (IllegalArgumentException e) {
      throw new IOException("snapshot " + file + " is malformed: " + e.getMessage(), e);
    }
    LOG.debug("Loaded the decided window from {} (horizon slot {})", file, horizon());
  }

  private void notifyDecided(DutyKey key, Bytes value) {
    for (DecidedListener listener : listeners) {
      try {
        listenerExecutor.execute(() -> {
          try {
            listener.onDecided(key, value);
          } catch (RuntimeException e) {
            LOG.warn("A decided-value listener failed on {}: {}", key, e.toString(), e);
          }
        });
      } catch (RejectedExecutionException e) {
        return; // closing
      }
    }
  }

  static String tooOld(DutyKey key, long horizon) {
    return "duty " + key + " is below the prune horizon (slot " + horizon
        + "): it is too old to decide, or was decided and pruned";
  }

  private static Bytes toBytes(ByteString bytes) {
    return Bytes.of(bytes.toByteArray());
  }

  static ByteString wrap(Bytes bytes) {
    return UnsafeByteOperations.unsafeWrap(bytes.toArray());
  }

  private <T> T read(Supplier<T> action) {
    return holding(lock.readLock(), action);
  }

  private <T> T write(Supplier<T> action) {
    return holding(lock.writeLock(), action);
  }

  private static <T> T holding(Lock held, Supplier<T> action) {
    held.lock();
    try {
      return action.get();
    } finally {
      held.unlock();
    }
  }
}
