package io.phalanx.consensus.parsigex;

/** A peer's batch that does not decode; the message says what is wrong, for the log and the peer. */
final class MalformedBatchException extends Exception {
  private static final long serialVersionUID = 1L;

  MalformedBatchException(String message) {
    super(message);
  }
}
