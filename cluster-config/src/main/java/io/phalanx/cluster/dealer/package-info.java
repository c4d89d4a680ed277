/**
 * Making a cluster in one place ({@link io.phalanx.cluster.dealer.TrustedDealer}: split keys, sign
 * deposits and the lock, write every node folder), from new or existing keys, and recombining whole
 * keys from T nodes' shares ({@link io.phalanx.cluster.dealer.KeyCombiner}). May use spec
 * ({@code util}, {@code bls}, {@code keystore}, {@code network}) and cluster-config's {@code lock},
 * {@code identity}, {@code layout}, {@code deposit} and {@code files}.
 */
package io.phalanx.cluster.dealer;
