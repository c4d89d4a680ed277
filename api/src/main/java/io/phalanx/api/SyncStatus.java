package io.phalanx.api;

/** {@code GET /eth/v1/node/syncing}'s {@code data}. */
public record SyncStatus(long headSlot, long syncDistance, boolean isSyncing, boolean isOptimistic, boolean elOffline) {}
