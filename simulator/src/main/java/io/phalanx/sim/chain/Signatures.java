package io.phalanx.sim.chain;

import io.phalanx.spec.bls.Bls;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.bls.SignatureCheck;
import io.phalanx.spec.util.Bytes;
import java.util.List;
import java.util.Optional;

/**
 * How the simulated chain checks the signatures of what it is sent: every check of a request
 * together in one batch, one by one only when the batch fails, so that a request full of valid
 * messages costs one pairing check.
 */
final class Signatures {
  private Signatures() {}

  /** A check of {@code signature}, empty if the bytes are no signature at all (not a G2 point). */
  static Optional<SignatureCheck> check(BlsPublicKey key, Bytes message, Bytes signature) {
    try {
      return Optional.of(new SignatureCheck(key, message, BlsSignature.fromBytes(signature)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Which checks hold: all at once in one batch, one by one only if the batch fails. */
  static boolean[] verify(List<Optional<SignatureCheck>> checks) {
    List<SignatureCheck> present = checks.stream().flatMap(Optional::stream).toList();
    boolean allValid = !present.isEmpty() && Bls.batchVerify(present);
    boolean[] valid = new boolean[checks.size()];
    for (int i = 0; i < valid.length; i++) {
      valid[i] = checks.get(i)
          .map(c -> allValid || c.signature().verify(c.publicKey(), c.message()))
          .orElse(false);
    }
    return valid;
  }
}
