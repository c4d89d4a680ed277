package io.phalanx.api;

import java.util.List;

/**
 * What a client of several beacon nodes reports about them, for metrics, {@code /readyz} and logs.
 * The failover client implements it; the monitoring side only reads it.
 */
public interface BeaconNodeHealth {
  /** Every configured endpoint, primaries first in order of preference, then fallbacks. */
  List<EndpointStatus> endpoints();

  /** How many times the endpoint serving reads has changed since start. */
  long switches();

  /** True when at least one endpoint is ready (synced, not optimistic, execution layer online). */
  default boolean anyReady() {
    return endpoints().stream().anyMatch(EndpointStatus::ready);
  }

  /**
   * One endpoint's state as last checked.
   *
   * @param url the endpoint as configured (no credentials)
   * @param fallback true for an endpoint used only when no primary is ready
   * @param ready true when the last readiness check passed
   * @param state a short word for the last check's outcome: ready, syncing, optimistic, el_offline,
   *     stale_head (head behind the other endpoints' heads), unreachable, error, slow, unknown
   * @param servingReads true for the endpoint reads go to first now
   * @param headSlot the head slot from the last successful check, or -1
   * @param latencyP50Millis median request latency over the recent window, or NaN before any request
   * @param latencyP99Millis 99th percentile of the same window, or NaN
   * @param requests requests sent to this endpoint since start
   * @param errors requests that failed (I/O, 5xx, malformed answer) since start
   */
  record EndpointStatus(String url, boolean fallback, boolean ready, String state, boolean servingReads,
      long headSlot, double latencyP50Millis, double latencyP99Millis, long requests, long errors) {}
}
