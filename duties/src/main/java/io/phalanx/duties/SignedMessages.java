package io.phalanx.duties;

import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.SyncCommitteeSelection;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.signing.DomainType;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.ssz.SszType;
import io.phalanx.spec.types.AggregateAndProof;
import io.phalanx.spec.types.ContributionAndProof;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SyncAggregatorSelectionData;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;

/**
 * The signed objects of each duty type, as they travel between nodes (SSZ): what each one's
 * signing root is, and how to put a signature into it. Every node recomputes signing roots from
 * the object itself, so a peer cannot make a partial count for a message it did not sign.
 *
 * @param fork the chain's fork schedule, for the domain at the message's epoch
 * @param genesisValidatorsRoot the chain's genesis validators root
 * @param slotsPerEpoch to find the epoch of a slot
 */
public record SignedMessages(Fork fork, Bytes genesisValidatorsRoot, long slotsPerEpoch) {

  /** The SSZ schema of the signed object of {@code type}. */
  public static SszType<?> schema(DutyType type) {
    return switch (type) {
      case ATTESTER -> SingleAttestation.SSZ;
      case SELECTION_PROOF -> BeaconCommitteeSelection.SSZ;
      case AGGREGATOR -> SignedAggregateAndProof.SSZ;
      case SYNC_MESSAGE -> SyncCommitteeMessage.SSZ;
      case SYNC_SELECTION_PROOF -> SyncCommitteeSelection.SSZ;
      case SYNC_CONTRIBUTION -> SignedContributionAndProof.SSZ;
      case RANDAO, PROPOSER, VOLUNTARY_EXIT,
          BUILDER_REGISTRATION -> throw notYet(type);
    };
  }

  public Bytes attestationRoot(SingleAttestation a) {
    return attestationDataRoot(a.data());
  }

  /** The signing root of an attestation over {@code data}: the same for every validator. */
  public Bytes attestationDataRoot(io.phalanx.spec.types.AttestationData data) {
    Bytes domain = domain(DomainType.BEACON_ATTESTER, data.target().epoch());
    return SigningRoots.computeSigningRoot(io.phalanx.spec.types.AttestationData.SSZ, data, domain);
  }

  public Bytes selectionRoot(long slot) {
    return SigningRoots.selectionProofSigningRoot(slot, domain(DomainType.SELECTION_PROOF, slot / slotsPerEpoch));
  }

  public Bytes aggregateAndProofRoot(AggregateAndProof message) {
    long epoch = message.aggregate().data().slot() / slotsPerEpoch;
    return SigningRoots.computeSigningRoot(AggregateAndProof.SSZ, message, domain(DomainType.AGGREGATE_AND_PROOF, epoch));
  }

  /** The signing root of a sync committee message over {@code beaconBlockRoot}: the same for every member. */
  public Bytes syncCommitteeMessageRoot(long slot, Bytes beaconBlockRoot) {
    return SigningRoots.syncCommitteeMessageSigningRoot(beaconBlockRoot,
        domain(DomainType.SYNC_COMMITTEE, slot / slotsPerEpoch));
  }

  public Bytes syncSelectionRoot(long slot, long subcommitteeIndex) {
    return SigningRoots.syncSelectionProofSigningRoot(new SyncAggregatorSelectionData(slot, subcommitteeIndex),
        domain(DomainType.SYNC_COMMITTEE_SELECTION_PROOF, slot / slotsPerEpoch));
  }

  public Bytes contributionAndProofRoot(ContributionAndProof message) {
    long epoch = message.contribution().slot() / slotsPerEpoch;
    return SigningRoots.computeSigningRoot(ContributionAndProof.SSZ, message,
        domain(DomainType.CONTRIBUTION_AND_PROOF, epoch));
  }

  /**
   * The signing root of an SSZ-encoded signed object of {@code type}.
   *
   * @throws IllegalArgumentException if the bytes are not such an object
   */
  public Bytes signingRoot(DutyType type, Bytes signedMessage) {
    return switch (type) {
      case ATTESTER -> attestationRoot(SingleAttestation.SSZ.deserialize(signedMessage));
      case SELECTION_PROOF -> selectionRoot(BeaconCommitteeSelection.SSZ.deserialize(signedMessage).slot());
      case AGGREGATOR -> aggregateAndProofRoot(SignedAggregateAndProof.SSZ.deserialize(signedMessage).message());
      case SYNC_MESSAGE -> {
        SyncCommitteeMessage m = SyncCommitteeMessage.SSZ.deserialize(signedMessage);
        yield syncCommitteeMessageRoot(m.slot(), m.beaconBlockRoot());
      }
      case SYNC_SELECTION_PROOF -> {
        SyncCommitteeSelection s = SyncCommitteeSelection.SSZ.deserialize(signedMessage);
        yield syncSelectionRoot(s.slot(), s.subcommitteeIndex());
      }
      case SYNC_CONTRIBUTION -> contributionAndProofRoot(SignedContributionAndProof.SSZ.deserialize(signedMessage).message());
      case RANDAO, PROPOSER, VOLUNTARY_EXIT,
          BUILDER_REGISTRATION -> throw notYet(type);
    };
  }

  /** The same signed object with {@code signature} in place of the partial one. */
  public static Bytes withSignature(DutyType type, Bytes signedMessage, Bytes signature) {
    return switch (type) {
      case ATTESTER -> Bytes.of(SingleAttestation.SSZ.serialize(
          SingleAttestation.SSZ.deserialize(signedMessage).withSignature(signature)));
      case SELECTION_PROOF -> {
        BeaconCommitteeSelection s = BeaconCommitteeSelection.SSZ.deserialize(signedMessage);
        yield Bytes.of(BeaconCommitteeSelection.SSZ.serialize(
            new BeaconCommitteeSelection(s.validatorIndex(), s.slot(), signature)));
      }
      case AGGREGATOR -> Bytes.of(SignedAggregateAndProof.SSZ.serialize(
          new SignedAggregateAndProof(SignedAggregateAndProof.SSZ.deserialize(signedMessage).message(), signature)));
      case SYNC_MESSAGE -> {
        SyncCommitteeMessage m = SyncCommitteeMessage.SSZ.deserialize(signedMessage);
        yield Bytes.of(SyncCommitteeMessage.SSZ.serialize(
            new SyncCommitteeMessage(m.slot(), m.beaconBlockRoot(), m.validatorIndex(), signature)));
      }
      case SYNC_SELECTION_PROOF -> Bytes.of(SyncCommitteeSelection.SSZ.serialize(
          SyncCommitteeSelection.SSZ.deserialize(signedMessage).withSelectionProof(signature)));
      case SYNC_CONTRIBUTION -> Bytes.of(SignedContributionAndProof.SSZ.serialize(new SignedContributionAndProof(
          SignedContributionAndProof.SSZ.deserialize(signedMessage).message(), signature)));
      case RANDAO, PROPOSER, VOLUNTARY_EXIT,
          BUILDER_REGISTRATION -> throw notYet(type);
    };
  }

  /** A duty type whose messages this node does not handle: its partials are refused as malformed. */
  private static IllegalArgumentException notYet(DutyType type) {
    return new IllegalArgumentException("this node does not handle " + type + " messages");
  }

  private Bytes domain(DomainType type, long epoch) {
    return SigningRoots.domainAtEpoch(type, fork, epoch, genesisValidatorsRoot);
  }
}
