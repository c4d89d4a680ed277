package io.phalanx.sim.chain;

import static io.phalanx.sim.chain.Signatures.check;
import static io.phalanx.sim.chain.Signatures.verify;

import io.phalanx.api.ApiException;
import io.phalanx.api.ValidatorLiveness;
import io.phalanx.spec.bls.Bls;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.bls.SignatureCheck;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.ssz.Bitfield;
import io.phalanx.spec.types.AggregateAndProof;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.MainnetPreset;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The simulated chain's attestations and aggregates: their verification, the pool they are
 * aggregated from, slashing detection over every validly signed vote, and liveness (see {@link
 * SimulatedChain} for the rules). Signatures are checked outside the chain's lock, in batches;
 * state changes under it.
 */
final class AttestationIntake {
  private final ChainRules rules;
  private final DutyLedger ledger;
  private final Intake intake;
  private final Object lock;
  // Guarded by lock.
  private final AttestationPool pool = new AttestationPool();
  private final SlashingRecord slashing = new SlashingRecord();
  private final TreeMap<Long, Set<Bytes>> acceptedAggregates = new TreeMap<>();
  /** By epoch, the validators with an included attestation for it. */
  private final TreeMap<Long, Set<Long>> liveByEpoch = new TreeMap<>();

  AttestationIntake(ChainRules rules, DutyLedger ledger, Intake intake, Object lock) {
    this.rules = rules;
    this.ledger = ledger;
    this.intake = intake;
    this.lock = lock;
  }

  /**
   * The aggregate of the valid attestations received so far for {@code attestationDataRoot} in
   * {@code slot}'s committee {@code committeeIndex}; empty if none arrived.
   */
  Optional<Attestation> aggregateAttestation(long slot, Bytes attestationDataRoot, long committeeIndex) {
    Optional<AttestationPool.Attesters> found;
    synchronized (lock) {
      found = pool.attesters(slot, committeeIndex, attestationDataRoot);
    }
    return found.map(attesters -> {
      Bitfield aggregationBits = Bitfield.of(attesters.committeeLength(),
          attesters.signatures().keySet().stream().mapToInt(Integer::intValue).toArray());
      BlsSignature signature = Bls.aggregate(List.copyOf(attesters.signatures().values()));
      return new Attestation(aggregationBits, attesters.data(), signature.toBytes(),
          Bitfield.of(MainnetPreset.MAX_COMMITTEES_PER_SLOT, Math.toIntExact(committeeIndex)));
    });
  }

  /**
   * Verifies and takes {@code attestations}; each valid one counts its attester duty once, is
   * pooled for aggregation and is recorded.
   *
   * @return the refused ones, by position in the list
   */
  List<Refusal> submitAttestations(List<SingleAttestation> attestations) {
    Instant received = rules.config().clock().instant();
    List<Optional<SignatureCheck>> checks = new ArrayList<>();
    for (SingleAttestation attestation : attestations) {
      long attester = attestation.attesterIndex();
      checks.add(rules.isKnown(attester)
          ? check(rules.publicKey(attester), rules.attestationSigningRoot(attestation.data()), attestation.signature())
          : Optional.empty());
    }
    boolean[] valid = verify(checks);
    List<Refusal> refusals = new ArrayList<>();
    List<RecordedMessage> accepted = new ArrayList<>();
    synchronized (lock) {
      for (int i = 0; i < attestations.size(); i++) {
        SingleAttestation attestation = attestations.get(i);
        Optional<FailureReason> refusal = valid[i]
            ? take(attestation, checks.get(i).orElseThrow().signature(), received, accepted)
            : Optional.of(rules.isKnown(attestation.attesterIndex())
                ? FailureReason.INVALID_SIGNATURE
                : FailureReason.UNKNOWN_VALIDATOR);
        if (refusal.isPresent()) {
          long slot = attestation.data().slot();
          refusals.add(intake.refuse(i, DutyType.ATTESTER, attestation.attesterIndex(), slot, refusal.get(),
              rules.attestsIn(attestation.attesterIndex(), slot)));
        }
      }
    }
    intake.record(accepted);
    return refusals;
  }

  /** Takes one validly signed attestation, or says why not. */
  private Optional<FailureReason> take(SingleAttestation attestation, BlsSignature signature, Instant received,
      List<RecordedMessage> accepted) {
    AttestationData data = attestation.data();
    long attester = attestation.attesterIndex();
    Bytes dataRoot = AttestationData.SSZ.hashTreeRoot(data);
    if (!remember(List.of(attester), data, dataRoot)) {
      return Optional.of(FailureReason.SLASHABLE);
    }
    if (attestation.committeeIndex() != 0 || !rules.attestsIn(attester, data.slot())) {
      return Optional.of(FailureReason.NOT_IN_COMMITTEE);
    }
    Optional<FailureReason> untimely = checkData(data);
    if (untimely.isPresent()) {
      return untimely;
    }
    pool.pruneBefore(rules.currentSlot() - 2 * rules.slotsPerEpoch());
    included(data.slot(), List.of(attester));
    if (pool.add(data, dataRoot, attestation.committeeIndex(), rules.committeeLength(data.slot()),
        rules.committeePosition(attester), signature)) {
      ledger.succeeded(DutyType.ATTESTER, attester, data.slot(), rules.isLate(data.slot(), received));
      accepted.add(new RecordedMessage(RecordedMessage.ATTESTATION, data.slot(), rules.publicKey(attester).toBytes(),
          SingleAttestation.SSZ.toJson(attestation)));
    }
    return Optional.empty();
  }

  /**
   * Whether {@code data} is the chain's data for a slot neither in the future nor past its
   * deadline; the reason if not.
   */
  private Optional<FailureReason> checkData(AttestationData data) {
    if (rules.isFuture(data.slot())) {
      return Optional.of(FailureReason.FUTURE_SLOT);
    }
    if (!data.equals(rules.attestationData(data.slot()))) {
      return Optional.of(FailureReason.WRONG_DATA);
    }
    if (rules.isPastDeadline(data.slot(), rules.currentSlot())) {
      return Optional.of(FailureReason.TOO_OLD);
    }
    return Optional.empty();
  }

  /**
   * Remembers that {@code attesters} voted for {@code data}, unless that makes any of them
   * slashable: then nothing is remembered and the answer is false.
   */
  private boolean remember(List<Long> attesters, AttestationData data, Bytes dataRoot) {
    List<Long> fresh = new ArrayList<>();
    for (long attester : attesters) {
      switch (slashing.check(attester, data, dataRoot)) {
        case SLASHABLE -> {
          return false;
        }
        case NEW -> fresh.add(attester);
        case REPEAT -> {}
      }
    }
    fresh.forEach(attester -> slashing.record(attester, data, dataRoot));
    return true;
  }

  /**
   * Verifies and takes {@code aggregates}: the selection proof, that it selects the aggregator, the
   * aggregator's signature and the aggregate's signature over its attesters' group keys. Each valid
   * one counts its aggregator duty once and is recorded.
   *
   * @return the refused ones, by position in the list
   */
  List<Refusal> submitAggregateAndProofs(List<SignedAggregateAndProof> aggregates) {
    Instant received = rules.config().clock().instant();
    List<Refusal> refusals = new ArrayList<>();
    List<Optional<SignatureCheck>> checks = new ArrayList<>();
    List<Optional<FailureReason>> malformed = new ArrayList<>();
    for (SignedAggregateAndProof signed : aggregates) {
      Optional<FailureReason> problem = shapeProblem(signed.message());
      malformed.add(problem);
      checks.addAll(problem.isPresent() ? List.of(Optional.empty(), Optional.empty(), Optional.empty())
          : aggregateChecks(signed));
    }
    boolean[] valid = verify(checks);
    List<RecordedMessage> accepted = new ArrayList<>();
    synchronized (lock) {
      for (int i = 0; i < aggregates.size(); i++) {
        SignedAggregateAndProof signed = aggregates.get(i);
        AggregateAndProof message = signed.message();
        long aggregator = message.aggregatorIndex();
        long slot = message.aggregate().data().slot();
        boolean selected = valid[3 * i]
            && ChainRules.isAggregator(rules.committeeLength(slot), message.selectionProof());
        Optional<FailureReason> refusal = malformed.get(i).isPresent()
            ? malformed.get(i)
            : take(signed, selected, valid[3 * i], valid[3 * i + 1], valid[3 * i + 2], received, accepted);
        boolean dutyKnown = rules.attestsIn(aggregator, slot) && (rules.everyMemberAggregates(slot) || selected);
        if (refusal.isPresent()) {
          refusals.add(intake.refuse(i, DutyType.AGGREGATOR, aggregator, slot, refusal.get(), dutyKnown));
        }
      }
    }
    intake.record(accepted);
    return refusals;
  }

  /** What is wrong with an aggregate before any signature is looked at. */
  private Optional<FailureReason> shapeProblem(AggregateAndProof message) {
    Attestation aggregate = message.aggregate();
    long slot = aggregate.data().slot();
    if (!rules.isKnown(message.aggregatorIndex())) {
      return Optional.of(FailureReason.UNKNOWN_VALIDATOR);
    }
    if (!rules.attestsIn(message.aggregatorIndex(), slot)) {
      return Optional.of(FailureReason.NOT_IN_COMMITTEE);
    }
    boolean onlyCommitteeZero = aggregate.committeeBits().cardinality() == 1 && aggregate.committeeBits().get(0);
    if (!onlyCommitteeZero || aggregate.aggregationBits().size() != rules.committeeLength(slot)
        || aggregate.aggregationBits().cardinality() == 0) {
      return Optional.of(FailureReason.INVALID_BITS);
    }
    return Optional.empty();
  }

  /** The selection proof, the aggregator's signature and the aggregate's signature, in that order. */
  private List<Optional<SignatureCheck>> aggregateChecks(SignedAggregateAndProof signed) {
    AggregateAndProof message = signed.message();
    Attestation aggregate = message.aggregate();
    long slot = aggregate.data().slot();
    BlsPublicKey aggregatorKey = rules.publicKey(message.aggregatorIndex());
    BlsPublicKey attestersKey = Bls.aggregatePublicKeys(attesters(aggregate).stream().map(rules::publicKey).toList());
    return List.of(
        check(aggregatorKey, rules.selectionProofSigningRoot(slot), message.selectionProof()),
        check(aggregatorKey, rules.aggregateAndProofSigningRoot(message), signed.signature()),
        // FastAggregateVerify is Verify against the sum of the keys.
        check(attestersKey, rules.attestationSigningRoot(aggregate.data()), aggregate.signature()));
  }

  private List<Long> attesters(Attestation aggregate) {
    long slot = aggregate.data().slot();
    return aggregate.aggregationBits().setBits().mapToObj(position -> rules.committeeMember(slot, position)).toList();
  }

  /** Takes one well-formed aggregate whose signatures were checked, or says why not. */
  private Optional<FailureReason> take(SignedAggregateAndProof signed, boolean selected, boolean selectionProofValid,
      boolean signatureValid, boolean aggregateSignatureValid, Instant received, List<RecordedMessage> accepted) {
    AggregateAndProof message = signed.message();
    AttestationData data = message.aggregate().data();
    if (!selectionProofValid) {
      return Optional.of(FailureReason.INVALID_SELECTION_PROOF);
    }
    if (!selected) {
      return Optional.of(FailureReason.NOT_AN_AGGREGATOR);
    }
    if (!signatureValid) {
      return Optional.of(FailureReason.INVALID_SIGNATURE);
    }
    if (!aggregateSignatureValid) {
      return Optional.of(FailureReason.INVALID_AGGREGATE_SIGNATURE);
    }
    if (!remember(attesters(message.aggregate()), data, AttestationData.SSZ.hashTreeRoot(data))) {
      return Optional.of(FailureReason.SLASHABLE);
    }
    Optional<FailureReason> untimely = checkData(data);
    if (untimely.isPresent()) {
      return untimely;
    }
    included(data.slot(), attesters(message.aggregate()));
    acceptedAggregates.headMap(rules.currentSlot() - 2 * rules.slotsPerEpoch()).clear();
    if (acceptedAggregates.computeIfAbsent(data.slot(), s -> new HashSet<>())
        .add(SignedAggregateAndProof.SSZ.hashTreeRoot(signed))) {
      ledger.succeeded(DutyType.AGGREGATOR, message.aggregatorIndex(), data.slot(), rules.isLate(data.slot(), received));
      accepted.add(new RecordedMessage(RecordedMessage.AGGREGATE_AND_PROOF, data.slot(),
          rules.publicKey(message.aggregatorIndex()).toBytes(), SignedAggregateAndProof.SSZ.toJson(signed)));
    }
    return Optional.empty();
  }

  /** The chain included attestations of {@code attesters} for {@code slot}: they are live in its epoch. */
  private void included(long slot, List<Long> attesters) {
    liveByEpoch.headMap(rules.clock().currentEpoch() - SimulatedChain.LIVENESS_EPOCHS + 1).clear();
    liveByEpoch.computeIfAbsent(rules.epochOf(slot), e -> new HashSet<>()).addAll(attesters);
  }

  /**
   * Whether the chain included an attestation of each validator for {@code epoch}, in the order
   * asked.
   *
   * @throws ApiException 400 for a future epoch, one older than the chain keeps, or an unknown
   *     validator index
   */
  List<ValidatorLiveness> liveness(long epoch, List<Long> validatorIndices) {
    long current = rules.clock().currentEpoch();
    if (epoch > current) {
      throw ApiException.badRequest("epoch " + epoch + " is in the future; the current epoch is " + current);
    }
    if (epoch + SimulatedChain.LIVENESS_EPOCHS <= current) {
      throw ApiException.badRequest("epoch " + epoch + " is too old: liveness is kept for the last "
          + SimulatedChain.LIVENESS_EPOCHS + " epochs (current epoch " + current + ")");
    }
    for (long index : validatorIndices) {
      if (!rules.isKnown(index)) {
        throw ApiException.badRequest("unknown validator index " + index);
      }
    }
    synchronized (lock) {
      Set<Long> live = liveByEpoch.getOrDefault(epoch, Set.of());
      return validatorIndices.stream().map(i -> new ValidatorLiveness(i, live.contains(i))).toList();
    }
  }
}
