/**
 * The duty workflow of one node. {@link io.phalanx.duties.DutyWorkflow} builds every part in one
 * place: the {@link io.phalanx.duties.DutyScheduler} keeps time and ticks one
 * {@link io.phalanx.duties.Duty} component per duty type, which fetches its data, has the cluster
 * agree on it ({@link io.phalanx.consensus.Consensus}), serves it to the validator client through
 * the {@link io.phalanx.duties.ClusterValidatorApi} facade, takes the client's partial signatures
 * through the {@link io.phalanx.duties.PartialSignatureIntake}, and publishes what the
 * {@link io.phalanx.duties.PartialSignatureStore} combined at the threshold. Every delay and time
 * limit goes through the {@link io.phalanx.duties.SlotTimer} on the injected executor and clock.
 * It may use spec, the cluster lock ({@code io.phalanx.cluster.lock}), the interfaces of the
 * consensus module (with its slashing verdicts) and of the api module (with its error bodies);
 * the node module wires the implementations.
 */
package io.phalanx.duties;
