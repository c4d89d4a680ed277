package io.phalanx.sim.chain;

/**
 * Where a simulated chain hands every signed message it accepts, e.g. {@link JsonLinesRecorder}
 * for {@code phalanx simnet --record}. Called from many request threads at once.
 */
@FunctionalInterface
public interface RecordSink {
  /** Drops every message. */
  RecordSink NONE = message -> {};

  void record(RecordedMessage message);
}
