/**
 * Several beacon nodes behind one {@link io.phalanx.api.BeaconNode}: readiness checks, failover of
 * reads, fan-out of signed messages and an event stream that follows the best ready beacon node.
 */
package io.phalanx.api.failover;
