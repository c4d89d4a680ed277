package io.phalanx.api.json;

import io.phalanx.api.ValidatorInfo;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.api.SyncCommitteeDuty;
import io.phalanx.spec.api.SyncCommitteeSelection;
import io.phalanx.spec.ssz.Bitfield;
import io.phalanx.spec.types.AggregateAndProof;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.Checkpoint;
import io.phalanx.spec.types.ContributionAndProof;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.MainnetPreset;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.types.SyncCommitteeContribution;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.util.Bytes;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Deterministic beacon-API values from a seed, for the api module's tests. Numbers are drawn over
 * the whole uint64 range, so values above 2^63 (negative as Java longs) show up and must
 * round-trip as unsigned decimals.
 */
public final class ApiTestData {
  private final Random random;

  public ApiTestData(long seed) {
    this.random = new Random(seed);
  }

  public long uint64() {
    return random.nextLong();
  }

  /** A small number, e.g. an index into a committee. */
  public long small() {
    return random.nextInt(1_000);
  }

  public Bytes bytes(int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return Bytes.of(b);
  }

  public Bytes root() {
    return bytes(32);
  }

  public Bytes pubkey() {
    return bytes(48);
  }

  public Bytes signature() {
    return bytes(96);
  }

  public <T> List<T> list(int size, Supplier<T> element) {
    return Stream.generate(element).limit(size).toList();
  }

  public AttestationData attestationData() {
    return new AttestationData(uint64(), 0, root(), new Checkpoint(uint64(), root()),
        new Checkpoint(uint64(), root()));
  }

  public SingleAttestation singleAttestation() {
    return new SingleAttestation(small(), uint64(), attestationData(), signature());
  }

  public Attestation attestation() {
    int committees = 1 + random.nextInt(3);
    int attesters = 1 + random.nextInt(200);
    return new Attestation(Bitfield.of(attesters, random.nextInt(attesters)), attestationData(), signature(),
        Bitfield.of(MainnetPreset.MAX_COMMITTEES_PER_SLOT, committees));
  }

  public SignedAggregateAndProof signedAggregateAndProof() {
    return new SignedAggregateAndProof(new AggregateAndProof(uint64(), attestation(), signature()), signature());
  }

  public AttesterDuty attesterDuty() {
    return new AttesterDuty(pubkey(), uint64(), small(), small(), small(), small(), uint64());
  }

  public BeaconCommitteeSelection beaconCommitteeSelection() {
    return new BeaconCommitteeSelection(uint64(), uint64(), signature());
  }

  public ValidatorInfo validatorInfo(String status) {
    return new ValidatorInfo(uint64(), uint64(), status, pubkey(), root(), uint64(), random.nextBoolean(), uint64(),
        uint64(), ValidatorInfo.FAR_FUTURE_EPOCH, ValidatorInfo.FAR_FUTURE_EPOCH);
  }

  public Genesis genesis() {
    return new Genesis(uint64(), root(), bytes(4));
  }

  public Fork fork() {
    return new Fork(bytes(4), bytes(4), uint64());
  }

  public SyncCommitteeDuty syncCommitteeDuty() {
    return new SyncCommitteeDuty(pubkey(), uint64(), List.of(small() % 512, small() % 512));
  }

  public SyncCommitteeMessage syncCommitteeMessage() {
    return new SyncCommitteeMessage(uint64(), root(), uint64(), signature());
  }

  public SyncCommitteeContribution syncCommitteeContribution() {
    return new SyncCommitteeContribution(uint64(), root(), small() % 4,
        Bitfield.of(MainnetPreset.SYNC_SUBCOMMITTEE_SIZE, random.nextInt(MainnetPreset.SYNC_SUBCOMMITTEE_SIZE)),
        signature());
  }

  public SignedContributionAndProof signedContributionAndProof() {
    return new SignedContributionAndProof(new ContributionAndProof(
        uint64(), syncCommitteeContribution(), signature()), signature());
  }

  public SyncCommitteeSelection syncCommitteeSelection() {
    return new SyncCommitteeSelection(uint64(), uint64(), small() % 4, signature());
  }
}
