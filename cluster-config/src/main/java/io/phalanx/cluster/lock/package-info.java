/**
 * {@code cluster-lock.json}: the operators, threshold and distributed validators every node holds
 * alike ({@link io.phalanx.cluster.lock.ClusterLock}), its SSZ lock hash and its JSON form; a lock
 * is only handed out verified. May use spec ({@code util}, {@code ssz}, {@code bls},
 * {@code network}) and {@code io.phalanx.cluster.identity} and {@code io.phalanx.cluster.files}.
 */
package io.phalanx.cluster.lock;
