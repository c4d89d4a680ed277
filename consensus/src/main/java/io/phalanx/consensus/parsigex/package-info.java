/**
 * The partial-signature exchange over gRPC: {@link
 * io.phalanx.consensus.parsigex.GrpcPartialSignatureExchange}, configured by {@link
 * io.phalanx.consensus.parsigex.ParSigExConfig}. Peers talk mutual TLS pinned to the cluster
 * lock; a sender's node index comes from its certificate. The wire format is {@code
 * parsigex.proto}, generated into the {@code proto} sub-package. May use spec ({@code util},
 * {@code bls}, {@code duty}), cluster-config's {@code lock} and {@code identity}, and
 * {@code io.phalanx.consensus} and {@code io.phalanx.consensus.tls}.
 */
package io.phalanx.consensus.parsigex;
