package io.phalanx.consensus.dkg;

import io.phalanx.spec.bls.BlsSecretKey;

/**
 * Fault injection for tests and drills: makes this node a dishonest dealer by replacing the share
 * it deals to a peer. The ceremony must then exclude it or abort, never produce a lock whose
 * shares do not combine.
 */
@FunctionalInterface
public interface ShareTamper {
  /** The share to send {@code recipient} for validator {@code validator} instead of {@code honest}. */
  BlsSecretKey share(int recipient, int validator, BlsSecretKey honest);

  ShareTamper HONEST = (recipient, validator, honest) -> honest;
}
