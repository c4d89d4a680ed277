package io.phalanx.consensus.dkg;

/**
 * The ceremony stopped; the message names the peer and why (unreachable, another definition, a
 * dealer that cheated with too few honest ones left, a timeout). No file was written.
 */
public final class DkgAbortedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final boolean fromPeer;

  DkgAbortedException(String message) {
    this(message, false);
  }

  DkgAbortedException(String message, boolean fromPeer) {
    super(message);
    this.fromPeer = fromPeer;
  }

  /** Whether a peer stopped the ceremony (and so needs no abort message from this node). */
  boolean fromPeer() {
    return fromPeer;
  }
}
