/**
 * The beacon-node client: {@link io.phalanx.api.client.HttpBeaconNode} implements {@link
 * io.phalanx.api.BeaconNode} over java.net.http for one beacon node (its endpoints; the HTTP
 * exchange and the event stream beside it). Failover across several wraps instances of it behind
 * the same interface. Uses {@code io.phalanx.api}, {@code io.phalanx.api.json} and the spec module.
 */
package io.phalanx.api.client;
