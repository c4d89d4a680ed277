package io.phalanx.consensus;

import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.util.Bytes;
import java.util.Objects;

/**
 * One node's share of a validator's signature over one message.
 *
 * @param groupPublicKey the distributed validator (48 bytes), as the lock names it
 * @param shareIndex the signer's share index (node index + 1)
 * @param signedMessage the SSZ encoding of the signed object the validator client submitted, with
 *     this partial signature in it (a SingleAttestation, a BeaconCommitteeSelection, a
 *     SignedAggregateAndProof, depending on the duty type): what is published once the partials
 *     are combined
 * @param signingRoot the root the signature is over; receivers recompute it from the message
 *     before trusting it
 * @param signature the partial signature
 */
public record PartialSignature(
    Bytes groupPublicKey, int shareIndex, Bytes signedMessage, Bytes signingRoot, BlsSignature signature) {
  public PartialSignature {
    Objects.requireNonNull(groupPublicKey, "groupPublicKey");
    Objects.requireNonNull(signedMessage, "signedMessage");
    Objects.requireNonNull(signingRoot, "signingRoot");
    Objects.requireNonNull(signature, "signature");
    if (shareIndex < 1) {
      throw new IllegalArgumentException("share index starts at 1, got " + shareIndex);
    }
  }
}
