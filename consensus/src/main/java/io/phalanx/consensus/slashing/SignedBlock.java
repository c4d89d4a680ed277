package io.phalanx.consensus.slashing;

import io.phalanx.spec.util.Bytes;
import java.util.Objects;
import java.util.Optional;

/**
 * A block a validator signed: its slot and, when known, its signing root. Interchange files may
 * omit the root; an absent root matches nothing, so it refuses every other block at its slot.
 */
public record SignedBlock(long slot, Optional<Bytes> signingRoot) {
  public SignedBlock {
    Objects.requireNonNull(signingRoot, "signingRoot");
    if (slot < 0) {
      throw new IllegalArgumentException("block slot " + Long.toUnsignedString(slot) + " is out of range");
    }
    signingRoot.ifPresent(r -> SignedAttestation.requireRoot(r));
  }

  public static SignedBlock of(long slot, Bytes signingRoot) {
    return new SignedBlock(slot, Optional.of(signingRoot));
  }
}
