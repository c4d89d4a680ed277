package io.phalanx.duties;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One duty type's life-cycle as the slot timer drives it. The {@link DutyScheduler} only keeps
 * time: each epoch (one ahead) it asks every duty to look up its work, ticks it at each
 * {@link SlotOffset} of the slots it named, and tells it when an epoch with work is over. What is
 * fetched, agreed on, served, accepted, combined and published is the duty's own business.
 */
public interface Duty extends SlotState {
  /**
   * Looks up this duty's work in {@code epoch} (the current and the next at start, then each epoch
   * one ahead); completes with the slots of the epoch that have some. Called again for an epoch
   * whose look-up failed (by this or another duty), so a look-up that succeeded answers again
   * without asking the beacon node twice.
   */
  CompletableFuture<Set<Long>> onEpoch(long epoch);

  /** {@code offset} of {@code slot}, a slot {@link #onEpoch} named, has come (or had, when it was named). */
  default void onSlot(long slot, SlotOffset offset) {}

  /**
   * One slot into the epoch after {@code epoch}, in which this duty had work: everything of it went
   * out (or failed) and is on chain if it is going to be.
   */
  default void onEpochOver(long epoch) {}

  @Override
  default void pruneBelow(long slot) {}
}
