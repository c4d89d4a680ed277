/**
 * The simulator, for experimenters and the integration tests: {@link io.phalanx.sim.Simnet} runs a
 * whole DV cluster in one process (N nodes of {@code io.phalanx.node.runtime} on real sockets on
 * 127.0.0.1) against simulated beacon nodes ({@code chain}) with simulated validator clients
 * ({@code vc}), as its {@link io.phalanx.sim.SimnetOptions} say, and plays scheduled node stops and
 * beacon-node faults; {@link io.phalanx.sim.SimCluster} makes such a cluster in memory. The
 * sub-packages hold the simulated chain ({@code chain}), the simulated validator client ({@code
 * vc}), fault injection ({@code fault}) and the DV-vs-solo comparison with its report ({@code
 * compare}).
 *
 * <p>It is a product feature, not a test double, and sits above the node: it may use every layer
 * up to and including {@code io.phalanx.node}; the command line ({@code io.phalanx.cli}) uses it,
 * never the other way round, and a node's runtime never needs it.
 */
package io.phalanx.sim;
