package io.phalanx.consensus.dkg;

import io.phalanx.spec.bls.BlsSecretKey;

/**
 * Fault injection for tests and drills: makes this node a dishonest dealer. The ceremony must then
 * exclude it or abort, never produce a lock whose shares do not combine.
 */
public interface DealerFault {
  /** An honest dealer. */
  DealerFault HONEST = new DealerFault() {};

  /** The share to send {@code recipient} for validator {@code validator} instead of {@code honest}. */
  default BlsSecretKey share(int recipient, int validator, BlsSecretKey honest) {
    return honest;
  }

  /**
   * Whether to deal {@code recipient} from other polynomials than everyone else: commitments and
   * shares that fit each other, but not what the other nodes got.
   */
  default boolean equivocateTo(int recipient) {
    return false;
  }

  /** A dealer that replaces shares as {@code tamper} says. */
  static DealerFault shares(ShareTamper tamper) {
    return new DealerFault() {
      @Override
      public BlsSecretKey share(int recipient, int validator, BlsSecretKey honest) {
        return tamper.share(recipient, validator, honest);
      }
    };
  }

  /** Replaces a share. */
  @FunctionalInterface
  interface ShareTamper {
    BlsSecretKey share(int recipient, int validator, BlsSecretKey honest);
  }
}
