/**
 * {@link io.phalanx.consensus.Consensus} on Apache Ratis: {@link io.phalanx.consensus.raft.RaftConsensus}
 * runs one Raft server and one client per node, configured by a
 * {@link io.phalanx.consensus.raft.RaftConsensusConfig}.
 *
 * <ul>
 *   <li>The group is the lock's operators; its id comes from the lock hash, the decided window and
 *       the slashing history's window, which every node must share; peer ids are
 *       {@code node-<index>} ({@code RatisSettings}).
 *   <li>gRPC with mutual TLS on every channel: each node presents its identity certificate and
 *       accepts only certificates the lock pins ({@link io.phalanx.consensus.tls.PinnedPeers}).
 *   <li>Each log entry is a kind byte and an SSZ-encoded {@code Command}: a {@code DutyCommand}
 *       (a proposal) or an {@code ImportCommand} (part of an imported slashing history).
 *       {@code DutyStateMachine} decides the first committed value per duty key, checks it against
 *       the replicated slashing history ({@code SlashingGuard}), prunes slots more than the window
 *       below the highest decided slot, refuses keys below that horizon, and snapshots both.
 *   <li>{@code Proposer} sends proposals to the leader with its own deadline and retries;
 *       {@code RaftHealthWatch} samples the role, and {@code QuorumWatch} words leader changes and
 *       lost quorums once per change.
 * </ul>
 *
 * <p>May use spec ({@code util}, {@code duty}, {@code ssz}, {@code types}, {@code api},
 * {@code signing}), cluster-config's {@code lock}, {@code identity} and {@code files}, and
 * {@code io.phalanx.consensus}, {@code io.phalanx.consensus.slashing} and
 * {@code io.phalanx.consensus.tls}.
 *
 * <p>The node's logging configuration should keep {@code org.apache.ratis} at WARN: Ratis logs
 * every setting and role change at INFO, and batches its repeated warnings.
 */
package io.phalanx.consensus.raft;
