/**
 * The simulated beacon chain of {@code phalanx simnet} and the integration tests: a real HTTP
 * server ({@link io.phalanx.sim.chain.SimulatedBeaconNode}, its endpoints in classes by area) serving
 * the beacon-API subset validator clients and Phalanx use, over a {@link
 * io.phalanx.sim.chain.SimulatedChain} with deterministic duties and attestation data ({@code
 * ChainRules}), verification of every submitted signature against the validators' group keys,
 * slashing detection, per-epoch duty accounting ({@link io.phalanx.sim.chain.Summary}) and recording
 * of every accepted message ({@link io.phalanx.sim.chain.JsonLinesRecorder}). It is a product
 * feature, not a test double: experimenters run distributed validator clusters against it.
 *
 * <p>It uses only {@code io.phalanx.spec} and {@code io.phalanx.api} (the beacon-API values, the
 * router and the JSON codecs): a beacon node knows nothing of Phalanx's nodes, consensus or duties.
 */
package io.phalanx.sim.chain;
