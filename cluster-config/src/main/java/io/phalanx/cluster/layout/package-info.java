/**
 * The layout of a node's folder ({@link io.phalanx.cluster.layout.NodeDirectory}: lock, identity,
 * validator keystores) and the keystore-and-password files validator clients load. May use spec
 * ({@code util}, {@code bls}, {@code keystore}) and cluster-config's {@code lock} and {@code files}.
 */
package io.phalanx.cluster.layout;
