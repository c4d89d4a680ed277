package io.phalanx.node.sim.chain;

import io.phalanx.api.ApiException;
import java.util.Optional;

/**
 * The faults a simulated beacon node can be switched into, for experiments on how a cluster copes
 * with its beacon node failing. Every request consults {@link #refusal()} before it is served, so a
 * new fault is a new switch here plus, if it does more than refuse, a check where it applies.
 * Switches may be flipped from any thread while requests are served.
 */
public final class Faults {
  private volatile boolean down;

  /** While down, every request is answered 503, as a beacon node that lost its database or peers. */
  public void setDown(boolean down) {
    this.down = down;
  }

  public boolean isDown() {
    return down;
  }

  /** The error every request gets while a fault is on, if one is. */
  Optional<ApiException> refusal() {
    return down ? Optional.of(ApiException.unavailable("beacon node is down (simulated fault)")) : Optional.empty();
  }
}
