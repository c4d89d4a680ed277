package io.phalanx.sim.fault;

import java.util.Arrays;
import java.util.Optional;

/** The faults a schedule can hold, by the name it is written with. */
public enum FaultKind {
  /** The node's machine stops (Phalanx node down) and comes back at the end. */
  CRASH("crash", true, false),
  /** The node's beacon node answers every request 503. */
  BN_DOWN("bn-down", true, false),
  /** The node's beacon node answers every request late by the amount. */
  BN_SLOW("bn-slow", true, true),
  /** Every connection between the groups is refused and those open are cut. */
  PARTITION("partition", false, false),
  /** The amount is added to the round-trip time between the groups (half of it each way). */
  LATENCY("latency", false, true),
  /** The node's clock, and its validator client's, run ahead (+) or behind (-) by the amount. */
  SKEW("skew", true, true);

  private final String text;
  private final boolean machineLevel;
  private final boolean needsAmount;

  FaultKind(String text, boolean machineLevel, boolean needsAmount) {
    this.text = text;
    this.machineLevel = machineLevel;
    this.needsAmount = needsAmount;
  }

  /** As written in a schedule. */
  public String text() {
    return text;
  }

  /** Whether it befalls one machine, so that a solo validator's machine can suffer it too. */
  public boolean machineLevel() {
    return machineLevel;
  }

  public boolean needsAmount() {
    return needsAmount;
  }

  public static Optional<FaultKind> named(String text) {
    return Arrays.stream(values()).filter(k -> k.text.equals(text)).findFirst();
  }

  @Override
  public String toString() {
    return text;
  }
}
