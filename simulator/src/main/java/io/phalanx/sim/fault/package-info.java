/**
 * Fault injection for simulations: a schedule of faults on a timeline of slots ({@link
 * io.phalanx.sim.fault.FaultSchedule}, with named scenarios shipped as resources) played by
 * {@link io.phalanx.sim.fault.FaultDriver} on real equipment: node crashes, beacon nodes lost or
 * slowed through an HTTP front ({@link io.phalanx.sim.fault.BeaconNodeProxy}), partitions and
 * latency through TCP relays on the links between nodes ({@link io.phalanx.sim.fault.TcpRelay}),
 * and skewed clocks. It needs little of Phalanx (the spec's slot clock); the comparison and
 * simnet drive it, and nothing below the simulator may use it.
 */
package io.phalanx.sim.fault;
