package io.phalanx.duties;

import io.phalanx.spec.duty.DutyKey;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * How one duty type publishes its validators' whole signed objects through the beacon node. The
 * {@link Broadcaster} gathers each duty key's objects and hands them over in one batch.
 */
public interface Publisher {
  /**
   * Whether {@code aggregated} may go out at all; a publisher that refuses one records why. Checked
   * as each whole signed object arrives, before it joins a batch.
   */
  default boolean admit(PartialSignatureStore.Aggregated aggregated) {
    return true;
  }

  /** Publishes one batch of {@code key}'s whole signed objects; completes once the beacon node took it. */
  CompletableFuture<Void> publish(DutyKey key, List<PartialSignatureStore.Aggregated> batch);
}
