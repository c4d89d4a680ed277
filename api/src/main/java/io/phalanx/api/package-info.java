/**
 * The beacon API both ways, as the duty workflow sees it: {@link io.phalanx.api.ValidatorApi}
 * is what the validator-facing server asks of the cluster (implemented by the duties module),
 * {@link io.phalanx.api.BeaconNode} is what the node asks of its beacon node, with the value types
 * both carry. Implementations: {@code server} (Netty), {@code client} (java.net.http) and
 * {@code failover}. Uses only the spec module ({@code io.phalanx.spec.*}), none of its sub-packages.
 */
package io.phalanx.api;
