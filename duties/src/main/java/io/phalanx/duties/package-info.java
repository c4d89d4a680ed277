/**
 * The duty workflow of one node: the scheduler fires each duty, the cluster agrees on the data
 * ({@link io.phalanx.consensus.Consensus}), validator clients sign it through
 * {@link io.phalanx.duties.ClusterValidatorApi}, partial signatures are exchanged, combined at the
 * threshold ({@link io.phalanx.duties.PartialSignatureStore}) and published. Only interfaces of
 * the consensus and api modules are used here; the node module wires the implementations.
 */
package io.phalanx.duties;
