package io.phalanx.duties;

import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.SyncCommitteeSelection;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.signing.DomainType;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.ssz.SszType;
import io.phalanx.spec.types.AggregateAndProof;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.BlindedBeaconBlock;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.ContributionAndProof;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.ForkSchedule;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SignedBlindedBeaconBlock;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SignedValidatorRegistrationV1;
import io.phalanx.spec.types.SignedVoluntaryExit;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.types.SyncAggregatorSelectionData;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.types.ValidatorRegistrationV1;
import io.phalanx.spec.types.VoluntaryExit;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * The signed objects of each duty type, as they travel between nodes (SSZ): what each one's
 * signing root is, and how to put a signature into it. Every node recomputes signing roots from
 * the object itself, so a peer cannot make a partial count for a message it did not sign.
 *
 * @param forks the chain's fork schedule, for the domain at the message's epoch
 * @param genesisValidatorsRoot the chain's genesis validators root
 * @param slotsPerEpoch to find the epoch of a slot
 */
public record SignedMessages(ForkSchedule forks, Bytes genesisValidatorsRoot, long slotsPerEpoch) {
  /** Messages of a chain on one fork record (tests, and chains that never fork). */
  public SignedMessages(Fork fork, Bytes genesisValidatorsRoot, long slotsPerEpoch) {
    this(ForkSchedule.single(fork, ConsensusVersion.FULU, slotsPerEpoch), genesisValidatorsRoot,
        slotsPerEpoch);
  }

  /**
   * Messages of a chain on one fork record with the genesis and Capella versions named (tests);
   * either version null leaves registrations or exits unhandled.
   */
  public SignedMessages(Fork fork, Bytes genesisValidatorsRoot, long slotsPerEpoch, Bytes genesisForkVersion,
      Bytes capellaForkVersion) {
    this(compatSchedule(fork, slotsPerEpoch, genesisForkVersion, capellaForkVersion), genesisValidatorsRoot,
        slotsPerEpoch);
  }

  private static ForkSchedule compatSchedule(Fork fork, long slotsPerEpoch, Bytes genesis, Bytes capella) {
    List<ForkSchedule.Entry> entries = new ArrayList<>();
    entries.add(new ForkSchedule.Entry("GENESIS", genesis == null ? fork.previousVersion() : genesis, 0));
    if (capella != null) {
      entries.add(new ForkSchedule.Entry("CAPELLA", capella, 0));
    }
    entries.add(new ForkSchedule.Entry("ELECTRA", fork.previousVersion(), 0));
    entries.add(new ForkSchedule.Entry("FULU", fork.currentVersion(), fork.epoch()));
    return ForkSchedule.of(entries, slotsPerEpoch);
  }

  /** The chain's GENESIS_FORK_VERSION, for the builder domain of registrations. */
  public Bytes genesisForkVersion() {
    return forks.genesisForkVersion();
  }

  /**
   * The chain's CAPELLA_FORK_VERSION, which voluntary exits are signed with since Deneb (EIP-7044);
   * null where the schedule does not name Capella (then this node handles no exits).
   */
  public Bytes capellaForkVersion() {
    return forks.version("CAPELLA").orElse(null);
  }

  /** The SSZ schema of the signed object of {@code type}. */
  public static SszType<?> schema(DutyType type) {
    return switch (type) {
      case ATTESTER -> SingleAttestation.SSZ;
      case SELECTION_PROOF -> BeaconCommitteeSelection.SSZ;
      case AGGREGATOR -> SignedAggregateAndProof.SSZ;
      case RANDAO -> RandaoReveal.SSZ;
      // The blinded form travels between nodes: every node has the decided block's payload itself.
      case PROPOSER -> SignedBlindedBeaconBlock.SSZ;
      case VOLUNTARY_EXIT -> SignedVoluntaryExit.SSZ;
      case BUILDER_REGISTRATION -> SignedValidatorRegistrationV1.SSZ;
      case SYNC_MESSAGE -> SyncCommitteeMessage.SSZ;
      case SYNC_SELECTION_PROOF -> SyncCommitteeSelection.SSZ;
      case SYNC_CONTRIBUTION -> SignedContributionAndProof.SSZ;
    };
  }

  public Bytes attestationRoot(SingleAttestation a) {
    return attestationDataRoot(a.data());
  }

  /** The signing root of an attestation over {@code data}: the same for every validator. */
  public Bytes attestationDataRoot(AttestationData data) {
    Bytes domain = domain(DomainType.BEACON_ATTESTER, data.target().epoch());
    return SigningRoots.computeSigningRoot(AttestationData.SSZ, data, domain);
  }

  public Bytes selectionRoot(long slot) {
    return SigningRoots.selectionProofSigningRoot(slot, domain(DomainType.SELECTION_PROOF, slot / slotsPerEpoch));
  }

  public Bytes aggregateAndProofRoot(AggregateAndProof message) {
    long epoch = message.aggregate().data().slot() / slotsPerEpoch;
    return SigningRoots.computeSigningRoot(AggregateAndProof.SSZ, message, domain(DomainType.AGGREGATE_AND_PROOF, epoch));
  }

  /** The signing root of a RANDAO reveal for {@code epoch}. */
  public Bytes randaoRoot(long epoch) {
    return SigningRoots.randaoSigningRoot(epoch, domain(DomainType.RANDAO, epoch));
  }

  /** The signing root of a block (full or blinded: one root) with {@code blockRoot} at {@code slot}. */
  public Bytes blockSigningRoot(long slot, Bytes blockRoot) {
    return SigningRoots.computeSigningRoot(blockRoot, domain(DomainType.BEACON_PROPOSER, slot / slotsPerEpoch));
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
      case RANDAO -> randaoRoot(RandaoReveal.SSZ.deserialize(signedMessage).slot() / slotsPerEpoch);
      case PROPOSER -> {
        BlindedBeaconBlock block =
            SignedBlindedBeaconBlock.SSZ.deserialize(signedMessage).message();
        yield blockSigningRoot(block.slot(), BlindedBeaconBlock.SSZ.hashTreeRoot(block));
      }
      case VOLUNTARY_EXIT -> voluntaryExitRoot(SignedVoluntaryExit.SSZ.deserialize(signedMessage).message());
      case BUILDER_REGISTRATION ->
          registrationRoot(SignedValidatorRegistrationV1.SSZ.deserialize(signedMessage).message());
      case SYNC_MESSAGE -> {
        SyncCommitteeMessage m = SyncCommitteeMessage.SSZ.deserialize(signedMessage);
        yield syncCommitteeMessageRoot(m.slot(), m.beaconBlockRoot());
      }
      case SYNC_SELECTION_PROOF -> {
        SyncCommitteeSelection s = SyncCommitteeSelection.SSZ.deserialize(signedMessage);
        yield syncSelectionRoot(s.slot(), s.subcommitteeIndex());
      }
      case SYNC_CONTRIBUTION -> contributionAndProofRoot(SignedContributionAndProof.SSZ.deserialize(signedMessage).message());
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
      case RANDAO -> {
        RandaoReveal r = RandaoReveal.SSZ.deserialize(signedMessage);
        yield Bytes.of(RandaoReveal.SSZ.serialize(new RandaoReveal(r.validatorIndex(), r.slot(), signature)));
      }
      case PROPOSER -> Bytes.of(SignedBlindedBeaconBlock.SSZ.serialize(
          new SignedBlindedBeaconBlock(
              SignedBlindedBeaconBlock.SSZ.deserialize(signedMessage).message(), signature)));
      case VOLUNTARY_EXIT -> Bytes.of(SignedVoluntaryExit.SSZ.serialize(
          new SignedVoluntaryExit(SignedVoluntaryExit.SSZ.deserialize(signedMessage).message(), signature)));
      case BUILDER_REGISTRATION -> Bytes.of(SignedValidatorRegistrationV1.SSZ.serialize(
          new SignedValidatorRegistrationV1(
              SignedValidatorRegistrationV1.SSZ.deserialize(signedMessage).message(), signature)));
      case SYNC_MESSAGE -> {
        SyncCommitteeMessage m = SyncCommitteeMessage.SSZ.deserialize(signedMessage);
        yield Bytes.of(SyncCommitteeMessage.SSZ.serialize(
            new SyncCommitteeMessage(m.slot(), m.beaconBlockRoot(), m.validatorIndex(), signature)));
      }
      case SYNC_SELECTION_PROOF -> Bytes.of(SyncCommitteeSelection.SSZ.serialize(
          SyncCommitteeSelection.SSZ.deserialize(signedMessage).withSelectionProof(signature)));
      case SYNC_CONTRIBUTION -> Bytes.of(SignedContributionAndProof.SSZ.serialize(new SignedContributionAndProof(
          SignedContributionAndProof.SSZ.deserialize(signedMessage).message(), signature)));
    };
  }

  /**
   * The signing root of a voluntary exit: DOMAIN_VOLUNTARY_EXIT with the Capella fork version
   * whatever the exit's epoch or the chain's current fork (EIP-7044).
   *
   * @throws IllegalArgumentException if this node was not given the Capella fork version
   */
  public Bytes voluntaryExitRoot(VoluntaryExit exit) {
    Bytes capellaForkVersion = capellaForkVersion();
    if (capellaForkVersion == null) {
      throw notYet(DutyType.VOLUNTARY_EXIT);
    }
    return SigningRoots.computeSigningRoot(VoluntaryExit.SSZ, exit,
        SigningRoots.voluntaryExitDomain(capellaForkVersion, genesisValidatorsRoot));
  }

  /**
   * The signing root of a builder registration: DOMAIN_APPLICATION_BUILDER with the genesis fork
   * version and a zero genesis validators root (builder-specs).
   *
   * @throws IllegalArgumentException if this node was not given the genesis fork version
   */
  public Bytes registrationRoot(ValidatorRegistrationV1 registration) {
    Bytes genesisForkVersion = genesisForkVersion();
    if (genesisForkVersion == null) {
      throw notYet(DutyType.BUILDER_REGISTRATION);
    }
    return SigningRoots.validatorRegistrationSigningRoot(registration, genesisForkVersion);
  }

  /** A duty type whose messages this node does not handle: its partials are refused as malformed. */
  private static IllegalArgumentException notYet(DutyType type) {
    return new IllegalArgumentException("this node does not handle " + type + " messages");
  }

  private Bytes domain(DomainType type, long epoch) {
    return SigningRoots.domainAtEpoch(type, forks.forkAt(epoch), epoch, genesisValidatorsRoot);
  }
}
