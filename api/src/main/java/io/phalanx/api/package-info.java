/**
 * The beacon API both ways, as the duty workflow sees it: {@link io.phalanx.api.ValidatorApi}
 * is what the validator-facing server asks of the cluster (implemented by the duties module),
 * {@link io.phalanx.api.BeaconNode} is what the node asks of its beacon node. Implementations:
 * {@code server} (Netty) and {@code client} (java.net.http).
 */
package io.phalanx.api;
