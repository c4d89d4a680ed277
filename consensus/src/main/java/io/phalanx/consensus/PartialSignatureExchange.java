package io.phalanx.consensus;

import io.phalanx.spec.duty.DutyKey;
import java.util.List;

/**
 * Sends this node's partial signatures to every peer and hands the peers' partials to its
 * listeners. One message per peer per duty key: all validators' partials for a (slot, duty type)
 * travel together.
 */
public interface PartialSignatureExchange extends AutoCloseable {
  /** Sends {@code partials} to every peer; never blocks, retries a peer that is down briefly. */
  void broadcast(DutyKey key, List<PartialSignature> partials);

  /** Calls {@code listener} with every batch a peer sends (pinned peers only). Must not block. */
  void subscribe(Listener listener);

  @Override
  void close();

  /** Receives a peer's partial signatures, not yet verified. */
  @FunctionalInterface
  interface Listener {
    void onPartials(int fromNodeIndex, DutyKey key, List<PartialSignature> partials);
  }
}
