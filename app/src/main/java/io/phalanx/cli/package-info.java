/**
 * The {@code phalanx} command line (picocli), the top of the stack: {@link io.phalanx.cli.Phalanx}
 * is the entry point, {@link io.phalanx.cli.PhalanxCommand} the command tree. Each command reads
 * its options and hands the work to the layer that owns it: {@code run} to one node's runtime
 * ({@code io.phalanx.node.runtime}), {@code simnet} to the simulator
 * ({@code io.phalanx.sim}), {@code create}, {@code combine}, {@code definition} and {@code dkg} to
 * cluster-config and consensus. It may use every other Phalanx package; none may use it. Logging's
 * back end (logback) and its configuration belong here too, since only the application picks them.
 */
package io.phalanx.cli;
