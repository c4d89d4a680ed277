package io.phalanx.duties;

import io.phalanx.api.ApiException;
import io.phalanx.consensus.SlashingProtection;
import io.phalanx.consensus.slashing.Verdict;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.util.Collection;
import java.util.List;

/**
 * The duties' side of slashing protection, defence in depth on top of the state machine: the
 * state machine records every decided attestation and block in the cluster's history (refusing
 * slashable ones) as it decides; before a duty serves decided data to the validator client, takes
 * a partial signature or publishes a whole one, it checks that this node's copy of that history
 * holds it. A node whose copy disagrees serves, takes and publishes nothing.
 */
final class SlashingChecks {
  private final SlashingProtection protection;
  private final SignedMessages messages;

  SlashingChecks(SlashingProtection protection, SignedMessages messages) {
    this.protection = protection;
    this.messages = messages;
  }

  /**
   * The validators of {@code validators} that may sign, sorted: those whose imported history is
   * still on its way into the cluster sign nothing until it is in.
   */
  List<Bytes> readyToSign(Collection<Bytes> validators) {
    return validators.stream().filter(k -> !protection.importPending(k)).sorted().toList();
  }

  /**
   * Before a validator client gets attestation data to sign: this node's own copy of the
   * slashing-protection history must hold the decided data for at least one of the slot's
   * attesters and conflict with none of them. (The state machine checked it when it decided; a
   * node whose copy disagrees serves nothing.)
   *
   * @throws ApiException 503 if it does not
   */
  AttestationData servableAttestation(long slot, AttestationData data, Collection<Bytes> attesters) {
    Bytes root = messages.attestationDataRoot(data);
    boolean recorded = false;
    for (Bytes attester : attesters) {
      Verdict verdict = protection.checkAttestation(attester, data.source().epoch(), data.target().epoch(), root);
      if (verdict instanceof Verdict.Refused refused) {
        throw ApiException.unavailable("slashing protection: the attestation data decided for slot " + slot
            + " conflicts with this node's history of validator " + attester + " (" + refused + ")");
      }
      recorded |= verdict instanceof Verdict.AlreadySigned;
    }
    if (!recorded) {
      throw ApiException.unavailable("slashing protection: the attestation data decided for slot " + slot
          + " is not in this node's slashing-protection history for any of the slot's validators");
    }
    return data;
  }

  /**
   * Whether the cluster's history holds {@code attestation} (with signing root {@code root}) for
   * {@code groupKey}: only then is a validator client's partial over it taken.
   */
  boolean attestationRecorded(Bytes groupKey, SingleAttestation attestation, Bytes root) {
    return protection.attestationRecorded(groupKey, attestation.data().source().epoch(),
        attestation.data().target().epoch(), root);
  }

  /** Whether this node's history holds the whole {@code attestation} of {@code groupKey}: only then is it published. */
  boolean attestationRecorded(Bytes groupKey, SingleAttestation attestation) {
    return attestationRecorded(groupKey, attestation, messages.attestationRoot(attestation));
  }

  /** Why an attestation of {@code groupKey} is not in the cluster's history, for a refusal. */
  String whyNotRecorded(Bytes groupKey) {
    return protection.importPending(groupKey)
        ? "its imported history is not in the cluster yet" : "it was not among the decided signers";
  }

  /**
   * Before a validator client gets a decided block to sign: it must be in this node's copy of the
   * proposer's slashing-protection history (the state machine recorded it on deciding).
   *
   * @throws ApiException 503 if it is not
   */
  void servableBlock(long slot, Bytes groupKey, Bytes blockRoot) {
    Verdict verdict = protection.checkBlock(groupKey, slot, messages.blockSigningRoot(slot, blockRoot));
    if (!(verdict instanceof Verdict.AlreadySigned)) {
      throw ApiException.unavailable("slashing protection: the block decided for slot " + slot
          + " is not in this node's history of its proposer (" + verdict + ")");
    }
  }

  /** Whether the cluster's history of {@code groupKey} holds the block with signing root {@code signingRoot}. */
  boolean blockRecorded(Bytes groupKey, long slot, Bytes signingRoot) {
    return protection.checkBlock(groupKey, slot, signingRoot) instanceof Verdict.AlreadySigned;
  }
}
