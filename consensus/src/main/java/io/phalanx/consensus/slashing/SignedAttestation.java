package io.phalanx.consensus.slashing;

import io.phalanx.spec.util.Bytes;
import java.util.Objects;
import java.util.Optional;

/**
 * An attestation a validator signed: its source and target epochs and, when known, its signing
 * root (interchange files may omit it; an absent root matches nothing).
 */
public record SignedAttestation(long sourceEpoch, long targetEpoch, Optional<Bytes> signingRoot) {
  public SignedAttestation {
    Objects.requireNonNull(signingRoot, "signingRoot");
    if (sourceEpoch < 0 || targetEpoch < 0) {
      throw new IllegalArgumentException("attestation epochs " + Long.toUnsignedString(sourceEpoch) + "/"
          + Long.toUnsignedString(targetEpoch) + " are out of range");
    }
    signingRoot.ifPresent(SignedAttestation::requireRoot);
  }

  public static SignedAttestation of(long sourceEpoch, long targetEpoch, Bytes signingRoot) {
    return new SignedAttestation(sourceEpoch, targetEpoch, Optional.of(signingRoot));
  }

  static Bytes requireRoot(Bytes root) {
    if (root.size() != 32) {
      throw new IllegalArgumentException("a signing root has 32 bytes, got " + root.size());
    }
    return root;
  }
}
