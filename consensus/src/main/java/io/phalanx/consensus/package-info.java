/**
 * Agreement between peers, as the duty workflow sees it: {@link io.phalanx.consensus.Consensus}
 * (one decided value per duty key, the same on every node),
 * {@link io.phalanx.consensus.PartialSignatureExchange} (every node's partial signatures reach
 * every peer) and {@link io.phalanx.consensus.SlashingProtection} (the replicated history, read).
 * Implementations live in sub-packages: {@code raft} (Apache Ratis) and {@code parsigex} (gRPC);
 * {@code slashing} holds the EIP-3076 rules and history, {@code tls} pins peers to the cluster
 * lock, {@code dkg} runs the key-generation ceremony. This package may use spec ({@code util},
 * {@code bls}, {@code duty}) and {@code io.phalanx.consensus.slashing}.
 */
package io.phalanx.consensus;
