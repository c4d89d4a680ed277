package io.phalanx.duties;

import io.phalanx.spec.duty.DutyType;
import java.time.Duration;

/**
 * What the duty tracker tells the world: metrics subscribe here rather than live in the workflow.
 * Called on the workflow's threads; implementations must be quick and must not throw.
 */
public interface DutyListener {
  /** A validator's duty became known: it is expected to succeed or to fail with a reason. */
  default void expected(DutyType type) {}

  /** A validator's duty was done: its whole signed object went out (or, for a selection proof, was combined). */
  default void succeeded(DutyType type) {}

  /** A validator's duty failed at {@code reason}. */
  default void failed(DutyType type, FailureReason reason) {}

  /** From this node's proposal to the cluster's decision. */
  default void decided(DutyType type, Duration latency) {}

  /** From the validator client's partial signature to the whole signature. */
  default void aggregated(DutyType type, Duration latency) {}

  /** One publication of a batch of whole signed objects through the beacon node. */
  default void broadcast(DutyType type, Duration latency, boolean ok) {}
}
