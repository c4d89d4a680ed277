package io.phalanx.sim.fault;

import java.time.Duration;

/**
 * One machine a fault schedule can hit: a DV node with its validator client, or a solo
 * validator's client with its beacon node.
 */
public interface Machine {
  String name();

  /** Crashed: everything on the machine stops; false again: it starts from its data, as after a reboot. */
  void setCrashed(boolean crashed);

  BeaconNodeSwitch beaconNode();

  /** The machine's clock runs this far ahead (or behind, negative) of the true time. */
  void setClockOffset(Duration offset);
}
