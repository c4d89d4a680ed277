package io.phalanx.sim.vc;

import io.phalanx.spec.signing.DomainType;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.types.AggregateAndProof;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.ForkSchedule;
import io.phalanx.spec.util.Bytes;

/**
 * What binds this client's signatures to one chain: the fork schedule and the genesis validators
 * root, read from the node at start (its spec's fork versions and epochs). Each method gives the root a validator client signs for one message,
 * with the domain of the epoch the spec names for it.
 */
record SigningContext(ForkSchedule forks, Bytes genesisValidatorsRoot, long slotsPerEpoch) {
  /** An attestation is signed in the domain of its target epoch (get_attestation_signature). */
  Bytes attestation(AttestationData data) {
    return SigningRoots.computeSigningRoot(
        AttestationData.SSZ, data, domain(DomainType.BEACON_ATTESTER, data.target().epoch()));
  }

  /** The selection proof signs the slot (get_slot_signature). */
  Bytes selectionProof(long slot) {
    return SigningRoots.selectionProofSigningRoot(slot, domain(DomainType.SELECTION_PROOF, slot / slotsPerEpoch));
  }

  /** In the domain of the aggregate's slot's epoch (get_aggregate_and_proof_signature). */
  Bytes aggregateAndProof(AggregateAndProof message) {
    long epoch = message.aggregate().data().slot() / slotsPerEpoch;
    return SigningRoots.computeSigningRoot(
        AggregateAndProof.SSZ, message, domain(DomainType.AGGREGATE_AND_PROOF, epoch));
  }

  /** The RANDAO reveal signs the epoch (get_epoch_signature). */
  Bytes randao(long epoch) {
    return SigningRoots.randaoSigningRoot(epoch, domain(DomainType.RANDAO, epoch));
  }

  /** A block (full or blinded: one root) is signed in its slot's epoch (get_block_signature). */
  Bytes block(long slot, Bytes blockRoot) {
    return SigningRoots.computeSigningRoot(blockRoot, domain(DomainType.BEACON_PROPOSER, slot / slotsPerEpoch));
  }

  private Bytes domain(DomainType type, long epoch) {
    return SigningRoots.domainAtEpoch(type, forks.forkAt(epoch), epoch, genesisValidatorsRoot);
  }
}
