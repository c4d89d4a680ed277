/**
 * The validator-facing beacon API on Netty: {@link io.phalanx.api.server.ValidatorApiServer}
 * answers the attestation workflow's endpoints from a {@link io.phalanx.api.ValidatorApi} and
 * passes every other request to a {@link io.phalanx.api.BeaconNode} unchanged. Its {@link
 * io.phalanx.api.server.Router} is public: the simulator's beacon node routes its requests with it.
 */
package io.phalanx.api.server;
