/**
 * What a DKG ceremony leaves in a node's folder ({@link io.phalanx.cluster.dkg.DkgNodeFiles}): the
 * lock, the keystores of the node's shares and the deposit data, written as {@code create cluster}
 * writes them.
 *
 * <p>Why here, in cluster-config, and not with the ceremony in consensus: these are the cluster's
 * files (layout, keystores, lock, deposit data, all written atomically), the same the trusted
 * dealer writes, and keeping their writing in one module keeps both ways of making a cluster alike.
 * The ceremony itself is an exchange between peers and lives in {@code io.phalanx.consensus.dkg},
 * which calls this. May use only spec and cluster-config.
 */
package io.phalanx.cluster.dkg;
