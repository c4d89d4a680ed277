/**
 * The validator-facing beacon API on Netty: {@link io.phalanx.api.server.ValidatorApiServer}
 * answers the endpoints of the cluster's duties from a {@link io.phalanx.api.ValidatorApi} and
 * passes every other request to a {@link io.phalanx.api.BeaconNode} unchanged. Its {@link
 * io.phalanx.api.server.Router} is public: the simulator's beacon node routes its requests with it.
 * Uses {@code io.phalanx.api}, {@code io.phalanx.api.json}, {@code io.phalanx.api.capture} and the
 * spec module.
 */
package io.phalanx.api.server;
