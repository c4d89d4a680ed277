/**
 * Agreement between peers, as the duty workflow sees it: {@link io.phalanx.consensus.Consensus}
 * (one decided value per duty key, the same on every node) and
 * {@link io.phalanx.consensus.PartialSignatureExchange} (every node's partial signatures reach
 * every peer). Implementations live in sub-packages: {@code raft} (Apache Ratis) and
 * {@code parsigex} (gRPC); {@code tls} pins peers to the cluster lock.
 */
package io.phalanx.consensus;
