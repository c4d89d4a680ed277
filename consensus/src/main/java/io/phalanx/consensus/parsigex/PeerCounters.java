package io.phalanx.consensus.parsigex;

import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link PeerCounts}, for one peer. */
final class PeerCounters {
  private final LongAdder messagesReceived = new LongAdder();
  private final LongAdder partialsReceived = new LongAdder();
  private final LongAdder batchesRejected = new LongAdder();
  private final LongAdder messagesSent = new LongAdder();
  private final LongAdder messagesDropped = new LongAdder();

  void received(int partials) {
    messagesReceived.increment();
    partialsReceived.add(partials);
  }

  void rejected() {
    batchesRejected.increment();
  }

  void sent() {
    messagesSent.increment();
  }

  void dropped() {
    messagesDropped.increment();
  }

  PeerCounts snapshot() {
    return new PeerCounts(messagesReceived.sum(), partialsReceived.sum(), batchesRejected.sum(), messagesSent.sum(),
        messagesDropped.sum());
  }
}
