/**
 * {@link io.phalanx.consensus.Consensus} on Apache Ratis: {@link io.phalanx.consensus.raft.RaftConsensus}
 * runs one Raft server and one client per node, configured by a
 * {@link io.phalanx.consensus.raft.RaftConsensusConfig}.
 *
 * <ul>
 *   <li>The group is the lock's operators; its id comes from the lock hash (and the decided
 *       window, which every node must share); peer ids are {@code node-<index>}.
 *   <li>gRPC with mutual TLS on every channel: each node presents its identity certificate and
 *       accepts only certificates the lock pins ({@link io.phalanx.consensus.tls.PinnedPeers}).
 *   <li>Each log entry is an SSZ-encoded {@code DutyCommand}; {@code DutyStateMachine} decides
 *       the first committed value per duty key, prunes slots more than the window below the
 *       highest decided slot, refuses keys below that horizon, and snapshots the window.
 *   <li>{@code Proposer} sends proposals to the leader with its own deadline and retries;
 *       {@code QuorumWatch} logs leader changes and lost quorums once per change.
 * </ul>
 *
 * <p>The node's logging configuration should keep {@code org.apache.ratis} at WARN: Ratis logs
 * every setting and role change at INFO, and batches its repeated warnings.
 */
package io.phalanx.consensus.raft;
