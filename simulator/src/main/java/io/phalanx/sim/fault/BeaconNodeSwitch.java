package io.phalanx.sim.fault;

import java.time.Duration;

/**
 * The fault switches of one machine's beacon node, as a fault schedule flips them. The simulated
 * beacon node's own {@code Faults} offers {@code setDown}; a delaying front ({@link
 * BeaconNodeProxy}) adds slowness, and stands in for a node's own beacon node where simnet's
 * nodes share one.
 */
public interface BeaconNodeSwitch {
  /** While down, every request is answered 503. */
  void setDown(boolean down);

  /** Every answer comes this much later; zero: on time. */
  void setSlow(Duration delay);
}
