/**
 * A node's identity: the P-256 key that signs the lock and the self-signed certificate over it that
 * the node presents in peer TLS ({@link io.phalanx.cluster.identity.NodeIdentity}), and the public
 * key as the lock records it. May use {@code io.phalanx.spec.util} and {@code io.phalanx.cluster.files}.
 */
package io.phalanx.cluster.identity;
