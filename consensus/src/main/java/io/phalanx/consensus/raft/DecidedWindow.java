package io.phalanx.consensus.raft;

import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The decided values of the recent slots, as every node derives them from the same log: the first
 * value applied for a key is its decided value, values applied for it later are ignored, and keys
 * whose slot falls more than the window below the highest decided slot are pruned. The prune
 * horizon only rises; a key below it is refused, so a pruned key can never be decided a second
 * time. Nothing here reads a clock or a configuration that could differ between nodes (the window
 * is part of the Raft group id), which is what makes every node's copy the same.
 *
 * <p>Not thread-safe: {@link DutyStateMachine} guards it with its read-write lock.
 */
final class DecidedWindow {
  /** Snapshot entries: the window times the duty types, with room to spare. */
  private static final long MAX_SNAPSHOT_ENTRIES = 1L << 24;

  private record SnapshotView(long horizon, List<DutyCommand> decided) {}

  /**
   * <pre>
   * class DecidedWindowSnapshot(Container):
   *     horizon: uint64                        # slots below are refused
   *     decided: List[DutyCommand, 2**24]      # in key order
   * </pre>
   */
  private static final SszContainer<SnapshotView> SNAPSHOT =
      SszContainer.builder(SnapshotView.class)
          .field("horizon", Ssz.UINT64, SnapshotView::horizon)
          .field("decided", Ssz.list(DutyCommand.SSZ, MAX_SNAPSHOT_ENTRIES), SnapshotView::decided)
          .build(v -> new SnapshotView(v.next(), v.next()));

  /**
   * <pre>
   * class Outcome(Container):
   *     kind: uint8                  # 0 newly decided, 1 already decided, 2 too old
   *     value: ByteList[16777216]    # the decided value (empty when too old)
   *     horizon: uint64              # the prune horizon (when too old)
   * </pre>
   */
  private static final SszContainer<OutcomeView> OUTCOME =
      SszContainer.builder(OutcomeView.class)
          .field("kind", Ssz.UINT8, OutcomeView::kind)
          .field("value", Ssz.byteList(DutyCommand.MAX_VALUE_BYTES), OutcomeView::value)
          .field("horizon", Ssz.UINT64, OutcomeView::horizon)
          .build(v -> new OutcomeView(v.next(), v.next(), v.next()));

  private final long windowSlots;
  private final NavigableMap<DutyKey, DutyCommand> decided = new TreeMap<>();
  private long horizon;

  DecidedWindow(long windowSlots) {
    if (windowSlots < 1) {
      throw new IllegalArgumentException("the decided window must be at least 1 slot, got " + windowSlots);
    }
    this.windowSlots = windowSlots;
  }

  /** What applying one command did. */
  sealed interface Outcome {
    /** The command's value became the key's decided value. */
    record NewlyDecided(Bytes value) implements Outcome {}

    /** The key already had a decided value; the command's value was ignored. */
    record AlreadyDecided(Bytes value) implements Outcome {}

    /** The key is below the prune horizon and is not decided (again). */
    record TooOld(long horizon) implements Outcome {}

    /** The proposal is slashable (or malformed) for a validator that would sign it: not decided. */
    record Refused(String reason) implements Outcome {}

    /** An imported slashing-protection history was merged, for this many of the lock's validators. */
    record Imported(long validators) implements Outcome {}

    /** The reply to the proposer. */
    default Bytes encode() {
      OutcomeView view = switch (this) {
        case NewlyDecided d -> new OutcomeView(0, d.value(), 0);
        case AlreadyDecided d -> new OutcomeView(1, d.value(), 0);
        case TooOld t -> new OutcomeView(2, Bytes.EMPTY, t.horizon());
        case Refused r -> new OutcomeView(3, Bytes.of(r.reason().getBytes(StandardCharsets.UTF_8)), 0);
        case Imported i -> new OutcomeView(4, Bytes.EMPTY, i.validators());
      };
      return Bytes.of(OUTCOME.serialize(view));
    }

    /** @throws IllegalArgumentException if {@code reply} is not an encoded outcome */
    static Outcome decode(Bytes reply) {
      OutcomeView view = OUTCOME.deserialize(reply);
      return switch (view.kind()) {
        case 0 -> new NewlyDecided(view.value());
        case 1 -> new AlreadyDecided(view.value());
        case 2 -> new TooOld(view.horizon());
        case 3 -> new Refused(new String(view.value().toArray(), StandardCharsets.UTF_8));
        case 4 -> new Imported(view.horizon());
        default -> throw new IllegalArgumentException("unknown outcome " + view.kind());
      };
    }
  }

  private record OutcomeView(int kind, Bytes value, long horizon) {}

  /** What applying a command for {@code key} would do without deciding it: too old, already decided, or empty. */
  Optional<Outcome> settled(DutyKey key) {
    if (key.slot() < horizon) {
      return Optional.of(new Outcome.TooOld(horizon));
    }
    DutyCommand existing = decided.get(key);
    return existing == null ? Optional.empty() : Optional.of(new Outcome.AlreadyDecided(existing.value()));
  }

  /** Applies one committed command. */
  Outcome apply(DutyCommand command) {
    DutyKey key = command.key();
    Optional<Outcome> settled = settled(key);
    if (settled.isPresent()) {
      return settled.get();
    }
    decided.put(key, command);
    long highest = decided.lastKey().slot();
    if (highest - windowSlots > horizon) {
      horizon = highest - windowSlots;
      decided.headMap(firstKeyOf(horizon), false).clear();
    }
    return new Outcome.NewlyDecided(command.value());
  }

  Optional<Bytes> decided(DutyKey key) {
    return Optional.ofNullable(decided.get(key)).map(DutyCommand::value);
  }

  /** The decided command of {@code key}, with its signers. */
  Optional<DutyCommand> decidedCommand(DutyKey key) {
    return Optional.ofNullable(decided.get(key));
  }

  /** Keys with a slot below this are pruned and refused. */
  long horizon() {
    return horizon;
  }

  int size() {
    return decided.size();
  }

  /** The whole window in key order. */
  List<DutyCommand> entries() {
    return new ArrayList<>(decided.values());
  }

  byte[] toSnapshot() {
    return SNAPSHOT.serialize(new SnapshotView(horizon, entries()));
  }

  /**
   * Replaces this window's content with a snapshot's.
   *
   * @throws IllegalArgumentException if the snapshot is malformed
   */
  void restore(byte[] snapshot) {
    SnapshotView view = SNAPSHOT.deserialize(snapshot);
    if (view.horizon() < 0) {
      throw new IllegalArgumentException("snapshot horizon is out of range");
    }
    decided.clear();
    for (DutyCommand c : view.decided()) {
      decided.put(c.key(), c);
    }
    horizon = view.horizon();
  }

  private static DutyKey firstKeyOf(long slot) {
    return new DutyKey(slot, DutyType.values()[0]);
  }
}
