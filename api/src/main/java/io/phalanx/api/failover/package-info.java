/**
 * Several beacon nodes behind one {@link io.phalanx.api.BeaconNode}: {@link
 * io.phalanx.api.failover.FailoverBeaconNode} and its parts, the readiness checks, failover of
 * reads with checks of the answers, the best-data strategy, fan-out of signed messages and an event
 * stream that follows the best ready beacon node. Uses {@code io.phalanx.api}, {@code
 * io.phalanx.api.client} (one client per beacon node) and the spec module.
 */
package io.phalanx.api.failover;
