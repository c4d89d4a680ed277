package io.phalanx.spec.signing;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszType;
import io.phalanx.spec.types.DepositMessage;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.ForkData;
import io.phalanx.spec.types.SigningData;
import io.phalanx.spec.types.SyncAggregatorSelectionData;
import io.phalanx.spec.types.ValidatorRegistrationV1;
import io.phalanx.spec.util.Bytes;

/**
 * Every signing domain and signing root, in one place (phase0 beacon-chain.md "compute_domain",
 * "get_domain", "compute_signing_root"; builder-specs for the builder domain). A validator client
 * signs exactly the 32 bytes these return; a wrong domain is a signature no node accepts.
 */
public final class SigningRoots {
  /** Stands in for the genesis validators root where a domain must not depend on one chain. */
  private static final Bytes ZERO_ROOT = Bytes.zero(32);

  private SigningRoots() {}

  /**
   * compute_fork_data_root: hashing the fork version with the genesis validators root binds a
   * signature to one fork of one chain, so it cannot be replayed on a testnet or another fork.
   */
  public static Bytes computeForkDataRoot(Bytes currentVersion, Bytes genesisValidatorsRoot) {
    return ForkData.SSZ.hashTreeRoot(new ForkData(currentVersion, genesisValidatorsRoot));
  }

  /**
   * compute_domain: four bytes saying what kind of message, then 28 of the fork data root saying
   * which chain and fork.
   */
  public static Bytes computeDomain(
      DomainType domainType, Bytes forkVersion, Bytes genesisValidatorsRoot) {
    return domainType
        .value()
        .concat(computeForkDataRoot(forkVersion, genesisValidatorsRoot).slice(0, 28));
  }

  /**
   * get_domain: a message about {@code epoch} uses the fork version in force at that epoch, so a
   * duty for the epoch before a fork is still signed with the old version after the fork.
   */
  public static Bytes domainAtEpoch(
      DomainType domainType, Fork fork, long epoch, Bytes genesisValidatorsRoot) {
    Bytes version =
        Long.compareUnsigned(epoch, fork.epoch()) < 0
            ? fork.previousVersion()
            : fork.currentVersion();
    return computeDomain(domainType, version, genesisValidatorsRoot);
  }

  /**
   * compute_signing_root: the object's root bound to the domain, so one object signed for two
   * purposes or chains gives two different messages.
   */
  public static Bytes computeSigningRoot(Bytes objectRoot, Bytes domain) {
    return SigningData.SSZ.hashTreeRoot(new SigningData(objectRoot, domain));
  }

  /** compute_signing_root of any SSZ object. */
  public static <T> Bytes computeSigningRoot(SszType<T> type, T object, Bytes domain) {
    return computeSigningRoot(type.hashTreeRoot(object), domain);
  }

  /**
   * The deposit domain uses the genesis fork version and a zero genesis validators root: deposits
   * are made before genesis, when no such root exists, and must stay valid across every fork.
   */
  public static Bytes depositDomain(Bytes genesisForkVersion) {
    return computeDomain(DomainType.DEPOSIT, genesisForkVersion, ZERO_ROOT);
  }

  /** What a deposit's signature signs; the deposit contract and CLI use the same rule. */
  public static Bytes depositSigningRoot(DepositMessage message, Bytes genesisForkVersion) {
    return computeSigningRoot(DepositMessage.SSZ, message, depositDomain(genesisForkVersion));
  }

  /**
   * The builder domain, like the deposit domain, uses the genesis fork version and a zero root:
   * relays check registrations without following the chain's forks (builder-specs).
   */
  public static Bytes builderDomain(Bytes genesisForkVersion) {
    return computeDomain(DomainType.APPLICATION_BUILDER, genesisForkVersion, ZERO_ROOT);
  }

  /** What a validator registration's signature signs, in the builder domain. */
  public static Bytes validatorRegistrationSigningRoot(
      ValidatorRegistrationV1 registration, Bytes genesisForkVersion) {
    return computeSigningRoot(
        ValidatorRegistrationV1.SSZ, registration, builderDomain(genesisForkVersion));
  }

  /**
   * Since Deneb (EIP-7044) voluntary exits are always signed with the Capella fork version, so an
   * exit signed once, perhaps long before it is broadcast, stays valid through later forks.
   */
  public static Bytes voluntaryExitDomain(Bytes capellaForkVersion, Bytes genesisValidatorsRoot) {
    return computeDomain(DomainType.VOLUNTARY_EXIT, capellaForkVersion, genesisValidatorsRoot);
  }

  /**
   * The RANDAO reveal signs the epoch as an SSZ uint64: one deterministic, unpredictable value
   * per proposer and epoch that the proposer cannot grind.
   */
  public static Bytes randaoSigningRoot(long epoch, Bytes randaoDomain) {
    return computeSigningRoot(Ssz.UINT64, epoch, randaoDomain);
  }

  /**
   * The aggregator selection proof signs the slot as an SSZ uint64: anyone can check from the
   * signature whether a validator was selected, yet no one can know it in advance.
   */
  public static Bytes selectionProofSigningRoot(long slot, Bytes selectionProofDomain) {
    return computeSigningRoot(Ssz.UINT64, slot, selectionProofDomain);
  }

  /** The sync committee selection proof signs the slot and subcommittee, for the same reason. */
  public static Bytes syncSelectionProofSigningRoot(
      SyncAggregatorSelectionData data, Bytes syncSelectionProofDomain) {
    return computeSigningRoot(SyncAggregatorSelectionData.SSZ, data, syncSelectionProofDomain);
  }

  /**
   * A sync committee message signs the head block root itself: a Root's hash tree root is the
   * root, so the object root is the block root.
   */
  public static Bytes syncCommitteeMessageSigningRoot(Bytes beaconBlockRoot, Bytes syncDomain) {
    return computeSigningRoot(Ssz.BYTES32, beaconBlockRoot, syncDomain);
  }
}
