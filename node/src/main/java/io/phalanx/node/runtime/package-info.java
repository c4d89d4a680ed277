/**
 * One node's runtime: {@link io.phalanx.node.runtime.PhalanxNode} wires the beacon-node client, Raft
 * agreement, the partial-signature exchange, the duty workflow and the validator API into a running
 * node, the one place where the implementations behind the modules' interfaces are chosen; {@link
 * io.phalanx.node.runtime.NodeData} loads what a node needs from its data folder. It may use every
 * layer below (spec, cluster, consensus, api, duties) and the node's metrics; the simulator and the
 * command line sit above it, and an operator's node runs without them.
 */
package io.phalanx.node.runtime;
