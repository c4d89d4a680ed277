/**
 * The simulated beacon chain of {@code phalanx simnet} and the integration tests: a real HTTP
 * server ({@link io.phalanx.sim.chain.SimulatedBeaconNode}) serving the beacon-API subset
 * validator clients and Phalanx use, over a {@link io.phalanx.sim.chain.SimulatedChain} with
 * deterministic duties and attestation data, verification of every submitted signature against
 * the validators' group keys, slashing detection, per-epoch duty accounting ({@link
 * io.phalanx.sim.chain.Summary}) and recording of every accepted message ({@link
 * io.phalanx.sim.chain.JsonLinesRecorder}). The rules are written out in {@code ChainRules}.
 * It is a product feature, not a test double: experimenters run distributed validator clusters
 * against it.
 */
package io.phalanx.sim.chain;
