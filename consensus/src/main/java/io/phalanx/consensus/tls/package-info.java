/**
 * Peer TLS without a certificate authority: each node presents its identity certificate and accepts
 * only the fingerprints the cluster lock pins ({@link io.phalanx.consensus.tls.PinnedPeers}), and a
 * gRPC interceptor that gives each call its caller's node index. Raft, the partial-signature
 * exchange and the DKG share it. May use {@code io.phalanx.spec.util} and cluster-config's
 * {@code identity} and {@code lock}.
 */
package io.phalanx.consensus.tls;
