package io.phalanx.consensus.raft;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/**
 * The duty state machine's snapshot: the decided window and the slashing-protection history.
 *
 * <pre>
 * class StateSnapshot(Container):
 *     decided_window: ByteList[2**32]     # DecidedWindowSnapshot
 *     slashing_history: ByteList[2**32]   # SlashingHistory
 * </pre>
 */
record StateSnapshot(byte[] decidedWindow, byte[] slashingHistory) {
  private record View(Bytes window, Bytes history) {}

  private static final long LIMIT = 1L << 32;

  private static final SszContainer<View> SSZ = SszContainer.builder(View.class)
      .field("decided_window", Ssz.byteList(LIMIT), View::window)
      .field("slashing_history", Ssz.byteList(LIMIT), View::history)
      .build(v -> new View(v.next(), v.next()));

  static byte[] encode(byte[] window, byte[] history) {
    return SSZ.serialize(new View(Bytes.of(window), Bytes.of(history)));
  }

  /** @throws IllegalArgumentException if malformed */
  static StateSnapshot decode(byte[] snapshot) {
    View view = SSZ.deserialize(snapshot);
    return new StateSnapshot(view.window().toArray(), view.history().toArray());
  }
}
