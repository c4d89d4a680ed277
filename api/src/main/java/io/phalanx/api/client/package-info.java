/**
 * The beacon-node client: {@link io.phalanx.api.client.HttpBeaconNode} implements {@link
 * io.phalanx.api.BeaconNode} over java.net.http for one beacon node. Failover across several wraps
 * instances of it behind the same interface.
 */
package io.phalanx.api.client;
