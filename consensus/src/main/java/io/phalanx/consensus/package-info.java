/**
 * Agreement between peers: the Raft group (Apache Ratis) with its duty state machine, the partial-signature exchange over gRPC, and peer TLS pinned to the cluster lock. Built by the running-cluster issue.
 */
package io.phalanx.consensus;
