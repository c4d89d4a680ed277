/**
 * The distributed key generation ceremony ({@link io.phalanx.consensus.dkg.DkgCeremony}): one node's
 * side of Pedersen's DKG over Feldman VSS, messages over gRPC with mutual TLS pinned to the
 * operators' identities ({@code io.phalanx.consensus.tls}), ending with the new shares, the group
 * keys and the signed deposits and lock ({@link io.phalanx.consensus.dkg.DkgResult}).
 *
 * <p>Why here, in consensus, rather than in cluster-config beside the trusted dealer: a ceremony is
 * an exchange between peers, with the same transport, peer pinning and Byzantine care as the
 * partial-signature exchange, and cluster-config holds no networking. What the ceremony writes into
 * a node's folder is cluster-config's ({@code io.phalanx.cluster.dkg}), so both ways of making a
 * cluster leave the same files. May use spec and cluster-config; the command line's {@code dkg}
 * command runs it.
 */
package io.phalanx.consensus.dkg;
