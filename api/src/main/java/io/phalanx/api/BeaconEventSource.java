package io.phalanx.api;

import java.util.function.Consumer;

/**
 * A source of the beacon API's server-sent events ({@code GET /eth/v1/events}), for the validator
 * API to pass through to validator clients. The failover client implements it by following the
 * best ready beacon node and moving to another when that one fails.
 */
public interface BeaconEventSource {
  /**
   * Starts passing events on: each whole event (its {@code event:}/{@code data:} lines and the
   * blank line that ends it) goes to {@code onEvent} as it arrives, from any thread, until the
   * subscription is closed.
   *
   * @param topicsQuery the query as the client sent it, e.g. {@code topics=head,chain_reorg}
   */
  Subscription subscribe(String topicsQuery, Consumer<byte[]> onEvent);

  /** A running subscription. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
