package io.phalanx.sim.chain;

import io.phalanx.spec.testing.SeededRandom;
import io.phalanx.spec.testing.ManualClock;

import io.phalanx.spec.bls.Bls;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.signing.DomainType;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.ssz.Bitfield;
import io.phalanx.spec.types.AggregateAndProof;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.MainnetPreset;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A devnet for tests: seeded validator keys, a hand-moved clock starting at genesis, a sink that
 * keeps what it is given, and signing as a validator client does it. Signing roots are computed
 * here from the spec functions, not by the chain's own rules, so the tests check those.
 */
final class TestChain {
  static final Instant GENESIS = Instant.ofEpochSecond(1_750_000_000L);
  static final Bytes GENESIS_VALIDATORS_ROOT =
      Bytes.fromHex("0x8a3f5c0e2b7d19e4a6c8f0b2d4e6a8c0e2f4a6b8d0c2e4f6a8b0c2d4e6f8a0b2");
  static final Bytes FORK_VERSION = Bytes.fromHex("0x70000038");

  final ManualClock clock = new ManualClock(GENESIS);
  final List<BlsSecretKey> keys;
  final Duration slotDuration;
  final long slotsPerEpoch;
  final List<RecordedMessage> recorded = new CopyOnWriteArrayList<>();

  TestChain(int validators, long slotsPerEpoch, Duration slotDuration, long seed) {
    SecureRandom random = SeededRandom.of(seed);
    List<BlsSecretKey> generated = new ArrayList<>();
    for (int i = 0; i < validators; i++) {
      generated.add(BlsSecretKey.random(random));
    }
    this.keys = List.copyOf(generated);
    this.slotsPerEpoch = slotsPerEpoch;
    this.slotDuration = slotDuration;
  }


  SimulatedChainConfig config() {
    return new SimulatedChainConfig(keys.stream().map(BlsSecretKey::publicKey).toList(), GENESIS, slotDuration,
        slotsPerEpoch, GENESIS_VALIDATORS_ROOT, FORK_VERSION, clock, recorded::add);
  }

  BlsPublicKey publicKey(long validator) {
    return keys.get(Math.toIntExact(validator)).publicKey();
  }

  /** Moves the clock {@code thirds}/3 of the way into {@code slot}: 1 for attesting, 2 for aggregating. */
  void at(long slot, int thirds) {
    clock.set(GENESIS.plus(slotDuration.multipliedBy(slot)).plus(slotDuration.multipliedBy(thirds).dividedBy(3)));
  }

  static Bytes domain(DomainType type, Bytes forkVersion, Bytes genesisValidatorsRoot) {
    return SigningRoots.computeDomain(type, forkVersion, genesisValidatorsRoot);
  }

  static Bytes attestationSigningRoot(AttestationData data, Bytes forkVersion, Bytes genesisValidatorsRoot) {
    return SigningRoots.computeSigningRoot(AttestationData.SSZ, data,
        domain(DomainType.BEACON_ATTESTER, forkVersion, genesisValidatorsRoot));
  }

  /** {@code data} voting for another head block: a double vote next to {@code data}. */
  static AttestationData withBlockRoot(AttestationData data, String blockRootHex) {
    return new AttestationData(data.slot(), data.index(), Bytes.fromHex(blockRootHex), data.source(), data.target());
  }

  BlsSignature sign(long validator, Bytes signingRoot) {
    return keys.get(Math.toIntExact(validator)).sign(signingRoot);
  }

  SingleAttestation attestation(long validator, AttestationData data) {
    return attestation(validator, validator, data);
  }

  /** {@code attester}'s attestation signed with {@code signer}'s key. */
  SingleAttestation attestation(long attester, long signer, AttestationData data) {
    return new SingleAttestation(0, attester, data,
        sign(signer, attestationSigningRoot(data, FORK_VERSION, GENESIS_VALIDATORS_ROOT)).toBytes());
  }

  Bytes selectionProof(long validator, long slot) {
    return sign(validator, SigningRoots.selectionProofSigningRoot(slot,
        domain(DomainType.SELECTION_PROOF, FORK_VERSION, GENESIS_VALIDATORS_ROOT))).toBytes();
  }

  SignedAggregateAndProof aggregateAndProof(long aggregator, Attestation aggregate) {
    return aggregateAndProof(aggregator, aggregate, selectionProof(aggregator, aggregate.data().slot()));
  }

  SignedAggregateAndProof aggregateAndProof(long aggregator, Attestation aggregate, Bytes selectionProof) {
    AggregateAndProof message = new AggregateAndProof(aggregator, aggregate, selectionProof);
    Bytes root = SigningRoots.computeSigningRoot(AggregateAndProof.SSZ, message,
        domain(DomainType.AGGREGATE_AND_PROOF, FORK_VERSION, GENESIS_VALIDATORS_ROOT));
    return new SignedAggregateAndProof(message, sign(aggregator, root).toBytes());
  }

  /**
   * An aggregate built by the test itself: the given committee positions' validators signing
   * {@code data}, the members being {@code position * slotsPerEpoch + slot % slotsPerEpoch}.
   */
  Attestation aggregate(AttestationData data, int committeeLength, Map<Integer, Long> membersByPosition) {
    List<BlsSignature> signatures = new ArrayList<>();
    Bitfield bits = Bitfield.zeros(committeeLength);
    for (Map.Entry<Integer, Long> member : membersByPosition.entrySet()) {
      bits = bits.set(member.getKey());
      signatures.add(sign(member.getValue(), attestationSigningRoot(data, FORK_VERSION, GENESIS_VALIDATORS_ROOT)));
    }
    return new Attestation(bits, data, Bls.aggregate(signatures).toBytes(),
        Bitfield.of(MainnetPreset.MAX_COMMITTEES_PER_SLOT, 0));
  }
}
