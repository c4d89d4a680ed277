package io.phalanx.duties;

/** Keeps state per slot; the scheduler has it forget slots older than it keeps, once an epoch. */
public interface SlotState {
  /** Forgets what is kept for slots below {@code slot}. */
  void pruneBelow(long slot);
}
