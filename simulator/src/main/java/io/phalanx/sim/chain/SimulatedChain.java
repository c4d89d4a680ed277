package io.phalanx.sim.chain;

import io.phalanx.api.ApiException;
import io.phalanx.api.ChainSpec;
import io.phalanx.api.SyncStatus;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.ValidatorLiveness;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.api.SyncCommitteeDuty;
import io.phalanx.spec.bls.Bls;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.bls.SignatureCheck;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.ssz.Bitfield;
import io.phalanx.spec.types.AggregateAndProof;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.ContributionAndProof;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SyncCommitteeContribution;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.MainnetPreset;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A simulated beacon chain: deterministic duties and attestation data ({@link ChainRules}),
 * verification of every submitted signature against the validators' group keys, aggregation of
 * the attestations received, slashing detection and duty accounting. {@link SimulatedBeaconNode}
 * serves it over the beacon API.
 *
 * <p><b>Accounting.</b> Per epoch and duty ({@link #summary(long)}): every validator has one
 * attester duty. Aggregator duties: every member of a committee of fewer than 2 ×
 * TARGET_AGGREGATORS_PER_COMMITTEE validators aggregates whatever its selection proof, so those
 * duties are expected from the start of their slot; in larger committees a duty is expected only
 * once the validator's valid selection proof shows it selected (no one can know before). A duty
 * succeeds with its first valid message on time, fails with the reason of a refused submission
 * or as "late", and is "missing" when nothing valid arrived by its deadline.
 *
 * <p><b>Slashing.</b> Every attestation vote with a valid signature is remembered, including votes
 * refused for other reasons, and votes of an aggregate's attesters: a second vote that would make
 * the validator slashable together with one it signed before is refused as "slashable".
 *
 * <p><b>Liveness.</b> A validator is live in an epoch once the chain included an attestation of it
 * for that epoch: its own timely attestation, or an aggregate it is part of. The last
 * {@link #LIVENESS_EPOCHS} epochs are kept.
 *
 * <p>Thread-safe: signatures are checked outside the lock, in batches; state changes under it.
 */
public final class SimulatedChain {
  private static final System.Logger LOG = System.getLogger(SimulatedChain.class.getName());

  private final ChainRules rules;
  private final RecordSink sink;
  private final Object lock = new Object();
  // Guarded by lock.
  private final AttestationPool pool = new AttestationPool();
  private final SlashingRecord slashing = new SlashingRecord();
  private final DutyLedger ledger;
  private final ExitsAndRegistrations exitsAndRegistrations;
  private final SyncCommittees sync;
  private final Set<Bytes> acceptedContributions = new HashSet<>();
  private final TreeMap<Long, Set<Bytes>> acceptedAggregates = new TreeMap<>();
  /** By epoch, the validators with an included attestation for it. */
  private final TreeMap<Long, Set<Long>> liveByEpoch = new TreeMap<>();

  /** How many epochs of liveness the chain keeps (the beacon API asks for the current and the previous). */
  public static final long LIVENESS_EPOCHS = 4;

  public SimulatedChain(SimulatedChainConfig config) {
    this.rules = new ChainRules(config);
    this.sink = config.sink();
    this.ledger = new DutyLedger(rules, firstFullEpoch(rules));
    this.exitsAndRegistrations = new ExitsAndRegistrations(rules, config.genesisValidatorsRoot());
    this.sync = new SyncCommittees(rules);
    this.blocks = new Blocks(rules);
  }

  // Blocks.

  private final Blocks blocks;

  /** The proposers of {@code epoch}'s slots: one per slot among the chain's validators. */
  public List<io.phalanx.spec.api.ProposerDuty> proposerDuties(long epoch) {
    if (epoch > rules.clock().currentEpoch() + 1) {
      throw ApiException.badRequest("epoch " + epoch + " is more than one epoch ahead of the current epoch "
          + rules.clock().currentEpoch());
    }
    return blocks.proposerDuties(epoch);
  }

  /** The validator that proposes at {@code slot}. */
  public long proposer(long slot) {
    return blocks.proposer(slot);
  }

  /**
   * A new block for {@code slot} (every call builds another, as beacon nodes differ).
   *
   * @throws ApiException 400 for a future slot or a RANDAO reveal that is not the proposer's
   */
  public io.phalanx.spec.types.BeaconBlock buildBlock(long slot, Bytes randaoReveal, Bytes graffiti) {
    return blocks.build(slot, randaoReveal, graffiti, List.of());
  }

  /** The same with {@code commitments} as the body's blob KZG commitments (a block that carries blobs). */
  public io.phalanx.spec.types.BeaconBlock buildBlock(long slot, Bytes randaoReveal, Bytes graffiti,
      List<Bytes> commitments) {
    return blocks.build(slot, randaoReveal, graffiti, commitments);
  }

  /**
   * The most blobs a simulated block carries: 64 Fulu blobs with their cell proofs are 8.4 MiB, which
   * fits a decided value (16 MiB) and, hex-encoded, a validator API body (32 MiB).
   */
  public static final int MAX_BLOBS_PER_BLOCK = 64;

  private volatile int blobsPerBlock;

  /**
   * Blobs in each locally built (full) block from now on, 0 for none: its beacon nodes then answer
   * blocks with that many blobs, their commitments and proofs (one per blob in Electra, one per
   * cell in Fulu; made-up bytes, as nothing here checks KZG), and refuse a published block whose
   * blobs or proofs are not all there. Builder (blinded) blocks carry none.
   */
  public SimulatedChain withBlobsPerBlock(int blobs) {
    this.blobsPerBlock = checkBlobsPerBlock(blobs);
    return this;
  }

  /** {@code blobs} if from 0 to {@link #MAX_BLOBS_PER_BLOCK}, else an error saying so. */
  public static int checkBlobsPerBlock(int blobs) {
    if (blobs < 0 || blobs > MAX_BLOBS_PER_BLOCK) {
      throw new IllegalArgumentException("blobs per block must be from 0 to " + MAX_BLOBS_PER_BLOCK + ", got " + blobs);
    }
    return blobs;
  }

  public int blobsPerBlock() {
    return blobsPerBlock;
  }

  /**
   * Verifies and takes a signed block: the slot's proposer, its signature and RANDAO reveal
   * against the validator's key; a second, different block for the slot is refused as a double
   * proposal.
   *
   * @return the refusal, if refused
   */
  public Optional<Refusal> submitBlock(io.phalanx.spec.types.SignedBeaconBlock signed) {
    return submitBlock(signed, false);
  }

  /** As {@link #submitBlock(io.phalanx.spec.types.SignedBeaconBlock)}; {@code blinded}: it came blinded. */
  public Optional<Refusal> submitBlock(io.phalanx.spec.types.SignedBeaconBlock signed, boolean blinded) {
    Instant received = config().clock().instant();
    Optional<FailureReason> problem = blocks.check(signed);
    long slot = signed.message().slot();
    Blocks.Taken taken = null;
    synchronized (lock) {
      if (problem.isEmpty()) {
        taken = blocks.take(signed, blinded, ledger, received);
        if (taken == Blocks.Taken.DOUBLE_PROPOSAL) {
          problem = Optional.of(FailureReason.DOUBLE_PROPOSAL);
        }
      }
      if (problem.isPresent()) {
        boolean dutyFails = problem.get() != FailureReason.DOUBLE_PROPOSAL
            && problem.get() != FailureReason.NOT_PROPOSER && problem.get() != FailureReason.UNKNOWN_VALIDATOR;
        return Optional.of(refuse(0, DutyType.PROPOSER, slot, slot, problem.get(), dutyFails));
      }
    }
    if (taken != Blocks.Taken.NEW) {
      return Optional.empty();
    }
    record(List.of(new RecordedMessage(RecordedMessage.BLOCK, slot,
        rules.publicKey(signed.message().proposerIndex()).toBytes(),
        io.phalanx.spec.types.BeaconBlockHeader.SSZ.toJson(header(signed.message())))));
    return Optional.empty();
  }

  private static io.phalanx.spec.types.BeaconBlockHeader header(io.phalanx.spec.types.BeaconBlock b) {
    return new io.phalanx.spec.types.BeaconBlockHeader(b.slot(), b.proposerIndex(), b.parentRoot(), b.stateRoot(),
        io.phalanx.spec.types.BeaconBlockBody.SSZ.hashTreeRoot(b.body()));
  }

  /** Blobs of the full blocks taken so far, each published with all its blobs and proofs. */
  public long blobsTaken() {
    synchronized (lock) {
      return blocks.blobs();
    }
  }

  /** The slots' blocks taken so far, by the form they were published in: {"blinded": n, "full": m}. */
  public java.util.Map<String, Long> blockForms() {
    synchronized (lock) {
      return java.util.Map.of("blinded", blocks.blindedBlocks(), "full", blocks.fullBlocks());
    }
  }

  /** Two different blocks signed for one slot, over the run: a correct cluster never signs one. */
  public long doubleProposals() {
    synchronized (lock) {
      return blocks.doubleProposals();
    }
  }

  /** The first epoch that starts at or after now: duties before it could not all have been done. */
  private static long firstFullEpoch(ChainRules rules) {
    long epoch = rules.clock().currentEpoch();
    Instant now = rules.config().clock().instant();
    return now.isAfter(rules.clock().slotStart(rules.clock().firstSlotOf(epoch))) ? epoch + 1 : epoch;
  }

  public SimulatedChainConfig config() {
    return rules.config();
  }

  // Chain state.

  public Genesis genesis() {
    return new Genesis(config().genesisTime().getEpochSecond(), config().genesisValidatorsRoot(),
        config().forkVersion());
  }

  public Fork fork() {
    return rules.fork();
  }

  /** The chain's forks, as its spec serves them. */
  public io.phalanx.spec.types.ForkSchedule forks() {
    return rules.forks();
  }

  /** The fork, as the beacon API names it, of {@code slot}. */
  public io.phalanx.spec.types.ConsensusVersion consensusVersionAtSlot(long slot) {
    return rules.versionAtSlot(slot);
  }

  /** The current slot of the chain's clock. */
  public long currentSlot() {
    return rules.currentSlot();
  }

  public ChainSpec spec() {
    return new ChainSpec(config().secondsPerSlot(), rules.slotsPerEpoch(), rules.specValues());
  }

  /** Always synced: the head is the current slot. */
  public SyncStatus syncStatus() {
    return new SyncStatus(rules.currentSlot(), 0, false, false, false);
  }

  /**
   * The validators named by {@code ids} (indices or 0x public keys; none means all) whose status
   * is among {@code statuses} (none means any). Unknown validators are left out, as the beacon
   * API says.
   *
   * @throws ApiException 400 for an id that is neither an index nor a public key
   */
  public List<ValidatorInfo> validators(List<String> ids, List<String> statuses) {
    if (!statuses.isEmpty() && !statuses.contains("active_ongoing") && !statuses.contains("active")) {
      return List.of();
    }
    if (ids.isEmpty()) {
      List<ValidatorInfo> all = new ArrayList<>();
      for (long index = 0; index < rules.validatorCount(); index++) {
        all.add(rules.validatorInfo(index));
      }
      return all;
    }
    Set<Long> found = new LinkedHashSet<>();
    for (String id : ids) {
      validatorIndexOf(id).ifPresent(found::add);
    }
    return found.stream().map(rules::validatorInfo).toList();
  }

  private Optional<Long> validatorIndexOf(String id) {
    if (id.startsWith("0x")) {
      Bytes pubkey;
      try {
        pubkey = Bytes.fromHex(id, 48, "validator public key");
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid validator id " + id + ": " + e.getMessage());
      }
      List<BlsPublicKey> keys = config().validators();
      for (int index = 0; index < keys.size(); index++) {
        if (keys.get(index).toBytes().equals(pubkey)) {
          return Optional.of((long) index);
        }
      }
      return Optional.empty();
    }
    long index = parseUint64(id, "validator id");
    return rules.isKnown(index) ? Optional.of(index) : Optional.empty();
  }

  /**
   * The attester duties of {@code validatorIndices} in {@code epoch}; unknown indices have none.
   *
   * @throws ApiException 400 for an epoch more than one ahead of the current one
   */
  public List<AttesterDuty> attesterDuties(long epoch, List<Long> validatorIndices) {
    if (epoch > rules.clock().currentEpoch() + 1) {
      throw ApiException.badRequest("epoch " + epoch + " is more than one epoch ahead of the current epoch "
          + rules.clock().currentEpoch());
    }
    return validatorIndices.stream().distinct().filter(rules::isKnown).map(v -> rules.attesterDuty(v, epoch))
        .toList();
  }

  /** The dependent_root of {@code epoch}'s attester duties. */
  public Bytes attesterDutiesDependentRoot(long epoch) {
    return rules.dependentRoot(epoch);
  }

  /**
   * The attestation data of {@code slot}, the same for every caller.
   *
   * @throws ApiException 400 for a slot in the future or a committee index the slot lacks
   */
  public AttestationData attestationData(long slot, long committeeIndex) {
    if (rules.isFuture(slot)) {
      throw ApiException.badRequest("slot " + slot + " is in the future; the current slot is " + rules.currentSlot());
    }
    if (committeeIndex < 0 || committeeIndex >= ChainRules.COMMITTEES_PER_SLOT) {
      throw ApiException.badRequest("committee index " + committeeIndex + " out of range: each slot has "
          + ChainRules.COMMITTEES_PER_SLOT + " committee");
    }
    return rules.attestationData(slot);
  }

  /**
   * The aggregate of the valid attestations received so far for {@code attestationDataRoot} in
   * {@code slot}'s committee {@code committeeIndex}; empty if none arrived.
   */
  public Optional<Attestation> aggregateAttestation(long slot, Bytes attestationDataRoot, long committeeIndex) {
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

  // Submissions.

  /**
   * Verifies and takes {@code attestations}; each valid one counts its attester duty once, is
   * pooled for aggregation and is recorded.
   *
   * @return the refused ones, by position in the list
   */
  public List<Refusal> submitAttestations(List<SingleAttestation> attestations) {
    Instant received = config().clock().instant();
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
          refusals.add(refuse(i, DutyType.ATTESTER, attestation.attesterIndex(), slot, refusal.get(),
              rules.attestsIn(attestation.attesterIndex(), slot)));
        }
      }
    }
    record(accepted);
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
  public List<Refusal> submitAggregateAndProofs(List<SignedAggregateAndProof> aggregates) {
    Instant received = config().clock().instant();
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
          refusals.add(refuse(i, DutyType.AGGREGATOR, aggregator, slot, refusal.get(), dutyKnown));
        }
      }
    }
    record(accepted);
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
    liveByEpoch.headMap(rules.clock().currentEpoch() - LIVENESS_EPOCHS + 1).clear();
    liveByEpoch.computeIfAbsent(rules.epochOf(slot), e -> new HashSet<>()).addAll(attesters);
  }

  /**
   * {@code POST /eth/v1/validator/liveness/{epoch}}: whether the chain included an attestation of
   * each validator for {@code epoch}, in the order asked.
   *
   * @throws ApiException 400 for a future epoch, one older than the chain keeps, or an unknown
   *     validator index
   */
  public List<ValidatorLiveness> liveness(long epoch, List<Long> validatorIndices) {
    long current = rules.clock().currentEpoch();
    if (epoch > current) {
      throw ApiException.badRequest("epoch " + epoch + " is in the future; the current epoch is " + current);
    }
    if (epoch + LIVENESS_EPOCHS <= current) {
      throw ApiException.badRequest("epoch " + epoch + " is too old: liveness is kept for the last "
          + LIVENESS_EPOCHS + " epochs (current epoch " + current + ")");
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

  /**
   * Hands accepted messages to the sink, outside the lock. The chain took them already, so a
   * failing sink is logged rather than failing the request.
   */
  private void record(List<RecordedMessage> accepted) {
    for (RecordedMessage message : accepted) {
      try {
        sink.record(message);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "recording a " + message.type() + " of slot " + message.slot() + " failed", e);
      }
    }
  }

  /**
   * Counts a refusal. One for a future slot is counted in the current epoch, which the summaries
   * show, and fails no duty.
   */
  private Refusal refuse(int index, DutyType type, long validator, long slot, FailureReason reason,
      boolean dutyFails) {
    if (reason == FailureReason.FUTURE_SLOT) {
      ledger.refused(type, validator, rules.currentSlot(), reason, false);
    } else {
      ledger.refused(type, validator, slot, reason, dutyFails);
    }
    return new Refusal(index, reason, reason.text() + " (validator " + validator + ", slot " + slot + ")");
  }

  /** A check of {@code signature}, empty if the bytes are no signature at all (not a G2 point). */
  static Optional<SignatureCheck> check(BlsPublicKey key, Bytes message, Bytes signature) {
    try {
      return Optional.of(new SignatureCheck(key, message, BlsSignature.fromBytes(signature)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Which checks hold: all at once in one batch, one by one only if the batch fails. */
  static boolean[] verify(List<Optional<SignatureCheck>> checks) {
    List<SignatureCheck> present = checks.stream().flatMap(Optional::stream).toList();
    boolean allValid = !present.isEmpty() && Bls.batchVerify(present);
    boolean[] valid = new boolean[checks.size()];
    for (int i = 0; i < valid.length; i++) {
      valid[i] = checks.get(i)
          .map(c -> allValid || c.signature().verify(c.publicKey(), c.message()))
          .orElse(false);
    }
    return valid;
  }

  /**
   * Verifies and takes a voluntary exit (DOMAIN_VOLUNTARY_EXIT, Capella fork version); an exit
   * for an epoch not yet begun, of an unknown validator or with a bad signature is refused.
   *
   * @return the refusal, if refused
   */
  public Optional<Refusal> submitVoluntaryExit(io.phalanx.spec.types.SignedVoluntaryExit exit) {
    List<RecordedMessage> accepted = new ArrayList<>();
    Optional<Refusal> refusal = exitsAndRegistrations.submitExit(exit, accepted);
    record(accepted);
    return refusal;
  }

  /** Verifies and takes builder registrations (builder domain); the refused ones, by position. */
  public List<Refusal> registerValidators(List<io.phalanx.spec.types.SignedValidatorRegistrationV1> registrations) {
    List<RecordedMessage> accepted = new ArrayList<>();
    List<Refusal> refusals = exitsAndRegistrations.submitRegistrations(registrations, accepted);
    record(accepted);
    return refusals;
  }

  // Sync committee.

  /**
   * The sync committee duties of {@code validatorIndices} in {@code epoch}'s period (the same in
   * every period, see {@link SyncCommittees}); validators outside the committee have none.
   *
   * @throws ApiException 400 for an epoch beyond the next sync committee period
   */
  public List<SyncCommitteeDuty> syncDuties(long epoch, List<Long> validatorIndices) {
    long current = rules.clock().currentEpoch();
    if (epoch / ChainRules.EPOCHS_PER_SYNC_COMMITTEE_PERIOD > current / ChainRules.EPOCHS_PER_SYNC_COMMITTEE_PERIOD + 1) {
      throw ApiException.badRequest("epoch " + epoch + " is beyond the next sync committee period (current epoch "
          + current + ")");
    }
    return validatorIndices.stream().distinct().filter(sync::isMember).map(sync::duty).toList();
  }

  /**
   * {@code GET /eth/v1/beacon/blocks/{block_id}/root}: "head" (the latest started slot's block),
   * "genesis", or a slot that has started.
   *
   * @throws ApiException 400 for another block id, 404 for a slot not reached yet
   */
  public Bytes blockRoot(String blockId) {
    long head = Math.max(0, rules.lastStartedSlot());
    return switch (blockId) {
      case "head" -> rules.blockRoot(head);
      case "genesis" -> rules.genesisBlockRoot();
      default -> {
        if (!blockId.matches("[0-9]{1,19}")) {
          throw ApiException.badRequest("invalid block id '" + blockId + "': expected head, genesis or a slot");
        }
        long slot = parseUint64(blockId, "block id");
        if (slot > head) {
          throw ApiException.notFound("no block at slot " + slot + " yet; the head is at slot " + head);
        }
        yield rules.blockRoot(slot);
      }
    };
  }

  /**
   * Verifies and takes sync committee messages; each valid one over the slot's head block root
   * counts its member's duty of that slot once and is pooled for contributions.
   *
   * @return the refused ones, by position in the list
   */
  public List<Refusal> submitSyncCommitteeMessages(List<SyncCommitteeMessage> messages) {
    Instant received = config().clock().instant();
    boolean[] repeat = new boolean[messages.size()];
    synchronized (lock) {
      for (int i = 0; i < messages.size(); i++) {
        SyncCommitteeMessage m = messages.get(i);
        repeat[i] = sync.isPooled(m.slot(), m.beaconBlockRoot(), m.validatorIndex(), m.signature());
      }
    }
    List<Optional<SignatureCheck>> checks = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      SyncCommitteeMessage m = messages.get(i);
      checks.add(rules.isKnown(m.validatorIndex()) && !repeat[i]
          ? check(rules.publicKey(m.validatorIndex()), sync.messageSigningRoot(m.slot(), m.beaconBlockRoot()), m.signature())
          : Optional.empty());
    }
    boolean[] valid = verify(checks);
    List<Refusal> refusals = new ArrayList<>();
    List<RecordedMessage> accepted = new ArrayList<>();
    synchronized (lock) {
      for (int i = 0; i < messages.size(); i++) {
        SyncCommitteeMessage m = messages.get(i);
        if (repeat[i]) {
          continue; // verified and counted when it first came
        }
        Optional<FailureReason> refusal;
        if (!rules.isKnown(m.validatorIndex())) {
          refusal = Optional.of(FailureReason.UNKNOWN_VALIDATOR);
        } else if (!valid[i]) {
          refusal = Optional.of(FailureReason.INVALID_SIGNATURE);
        } else if (!sync.isMember(m.validatorIndex())) {
          refusal = Optional.of(FailureReason.NOT_IN_COMMITTEE);
        } else {
          refusal = untimely(m.slot(), m.beaconBlockRoot());
        }
        if (refusal.isEmpty()) {
          if (sync.add(m.slot(), m.beaconBlockRoot(), m.validatorIndex(), checks.get(i).orElseThrow().signature())) {
            ledger.succeededInSlot(DutyType.SYNC_MESSAGE, m.validatorIndex(), m.slot(), 0,
                rules.isLate(m.slot(), received));
            accepted.add(new RecordedMessage(RecordedMessage.SYNC_COMMITTEE_MESSAGE, m.slot(),
                rules.publicKey(m.validatorIndex()).toBytes(), SyncCommitteeMessage.SSZ.toJson(m)));
          }
        } else {
          refusals.add(refuseInSlot(i, DutyType.SYNC_MESSAGE, m.validatorIndex(), m.slot(), 0, refusal.get(),
              sync.isMember(m.validatorIndex())));
        }
      }
    }
    record(accepted);
    return refusals;
  }

  /** Takes the fee recipients of prepare_beacon_proposer. */
  public void prepareBeaconProposer(List<io.phalanx.spec.api.ProposerPreparation> preparations) {
    exitsAndRegistrations.prepare(preparations);
  }

  /** The epoch of the validator's accepted voluntary exit, if it has one. */
  public Optional<Long> exitEpoch(long validatorIndex) {
    return exitsAndRegistrations.exitEpoch(validatorIndex);
  }

  /** The validator's newest accepted builder registration. */
  public Optional<io.phalanx.spec.types.ValidatorRegistrationV1> registration(long validatorIndex) {
    return exitsAndRegistrations.registration(validatorIndex);
  }

  /** The fee recipient prepare_beacon_proposer last named for the validator. */
  public Optional<Bytes> preparedFeeRecipient(long validatorIndex) {
    return exitsAndRegistrations.feeRecipient(validatorIndex);
  }

  private Summary withExitsAndRegistrations(long epoch, Summary duties) {
    return duties.withExitsAndRegistrations(exitsAndRegistrations.exits(epoch),
        exitsAndRegistrations.registrations(epoch));
  }

  /** Whether a sync committee message or contribution of {@code slot} over {@code root} is timely and on the head. */
  private Optional<FailureReason> untimely(long slot, Bytes root) {
    if (rules.isFuture(slot)) {
      return Optional.of(FailureReason.FUTURE_SLOT);
    }
    if (!root.equals(rules.blockRoot(slot))) {
      return Optional.of(FailureReason.WRONG_BLOCK_ROOT);
    }
    if (rules.isPastDeadline(slot, rules.currentSlot())) {
      return Optional.of(FailureReason.TOO_OLD);
    }
    return Optional.empty();
  }

  /** The contribution of the pooled messages of {@code subcommittee} over {@code root}; empty if none arrived. */
  public Optional<SyncCommitteeContribution> syncCommitteeContribution(long slot, long subcommittee, Bytes root) {
    synchronized (lock) {
      return sync.contribution(slot, subcommittee, root);
    }
  }

  /**
   * Verifies and takes contribution-and-proofs: the aggregator is in the subcommittee, its selection
   * proof is valid and selects it, its signature and the contribution's signature (over its
   * participants' keys) are valid, and the contribution is over the slot's head. Each valid one
   * counts the aggregator's contribution duty of that slot and subcommittee once and is recorded.
   *
   * @return the refused ones, by position in the list
   */
  public List<Refusal> submitContributionAndProofs(List<SignedContributionAndProof> contributions) {
    Instant received = config().clock().instant();
    List<Optional<SignatureCheck>> checks = new ArrayList<>();
    List<Optional<FailureReason>> malformed = new ArrayList<>();
    List<Bytes> roots = contributions.stream().map(SignedContributionAndProof.SSZ::hashTreeRoot).toList();
    boolean[] repeat = new boolean[contributions.size()];
    synchronized (lock) {
      for (int i = 0; i < roots.size(); i++) {
        repeat[i] = acceptedContributions.contains(roots.get(i));
      }
    }
    for (int n = 0; n < contributions.size(); n++) {
      SignedContributionAndProof signed = contributions.get(n);
      if (repeat[n]) {
        // Verified and counted when it first came: every node publishes it through each beacon node.
        malformed.add(Optional.empty());
        checks.addAll(List.of(Optional.empty(), Optional.empty(), Optional.empty()));
        continue;
      }
      ContributionAndProof message = signed.message();
      SyncCommitteeContribution c = message.contribution();
      Optional<FailureReason> problem = !rules.isKnown(message.aggregatorIndex())
          ? Optional.of(FailureReason.UNKNOWN_VALIDATOR)
          : c.subcommitteeIndex() >= MainnetPreset.SYNC_COMMITTEE_SUBNET_COUNT
              || !sync.inSubcommittee(message.aggregatorIndex(), c.subcommitteeIndex())
              ? Optional.of(FailureReason.NOT_IN_COMMITTEE)
              : c.aggregationBits().cardinality() == 0 ? Optional.of(FailureReason.INVALID_BITS) : Optional.empty();
      malformed.add(problem);
      if (problem.isPresent()) {
        checks.addAll(List.of(Optional.empty(), Optional.empty(), Optional.empty()));
        continue;
      }
      BlsPublicKey aggregatorKey = rules.publicKey(message.aggregatorIndex());
      BlsPublicKey participantsKey = Bls.aggregatePublicKeys(sync.participants(c).stream().map(rules::publicKey).toList());
      checks.add(check(aggregatorKey, sync.selectionProofSigningRoot(c.slot(), c.subcommitteeIndex()),
          message.selectionProof()));
      checks.add(check(aggregatorKey, sync.contributionAndProofSigningRoot(message), signed.signature()));
      checks.add(check(participantsKey, sync.messageSigningRoot(c.slot(), c.beaconBlockRoot()), c.signature()));
    }
    boolean[] valid = verify(checks);
    List<Refusal> refusals = new ArrayList<>();
    List<RecordedMessage> accepted = new ArrayList<>();
    synchronized (lock) {
      for (int i = 0; i < contributions.size(); i++) {
        if (repeat[i]) {
          continue;
        }
        SignedContributionAndProof signed = contributions.get(i);
        ContributionAndProof message = signed.message();
        SyncCommitteeContribution c = message.contribution();
        long aggregator = message.aggregatorIndex();
        boolean selected = valid[3 * i] && sync.isAggregator(c.subcommitteeIndex(), message.selectionProof());
        Optional<FailureReason> refusal = malformed.get(i);
        if (refusal.isEmpty()) {
          refusal = !valid[3 * i] ? Optional.of(FailureReason.INVALID_SELECTION_PROOF)
              : !selected ? Optional.of(FailureReason.NOT_AN_AGGREGATOR)
              : !valid[3 * i + 1] ? Optional.of(FailureReason.INVALID_SIGNATURE)
              : !valid[3 * i + 2] ? Optional.of(FailureReason.INVALID_AGGREGATE_SIGNATURE)
              : untimely(c.slot(), c.beaconBlockRoot());
        }
        if (refusal.isEmpty()) {
          if (acceptedContributions.add(roots.get(i))) {
            ledger.succeededInSlot(DutyType.SYNC_CONTRIBUTION, aggregator, c.slot(), c.subcommitteeIndex(),
                rules.isLate(c.slot(), received));
            accepted.add(new RecordedMessage(RecordedMessage.CONTRIBUTION_AND_PROOF, c.slot(),
                rules.publicKey(aggregator).toBytes(), SignedContributionAndProof.SSZ.toJson(signed)));
          }
        } else {
          boolean dutyKnown = malformed.get(i).isEmpty()
              && (sync.everyMemberAggregates(c.subcommitteeIndex()) || selected);
          refusals.add(refuseInSlot(i, DutyType.SYNC_CONTRIBUTION, aggregator, c.slot(), c.subcommitteeIndex(),
              refusal.get(), dutyKnown));
        }
      }
      if (acceptedContributions.size() > 100_000) {
        acceptedContributions.clear();
      }
    }
    record(accepted);
    return refusals;
  }

  private Refusal refuseInSlot(int index, DutyType type, long validator, long slot, long part, FailureReason reason,
      boolean dutyFails) {
    if (reason == FailureReason.FUTURE_SLOT) {
      ledger.refusedInSlot(type, validator, rules.currentSlot(), part, reason, false);
    } else {
      ledger.refusedInSlot(type, validator, slot, part, reason, dutyFails);
    }
    return new Refusal(index, reason, reason.text() + " (validator " + validator + ", slot " + slot + ")");
  }

  // Accounting.

  /** The first epoch whose duties are counted: the first to start once the chain ran. */
  public long firstCountedEpoch() {
    return ledger.firstEpoch();
  }

  /** How {@code epoch}'s duties went so far. */
  public Summary summary(long epoch) {
    synchronized (lock) {
      return withExitsAndRegistrations(epoch, ledger.summary(epoch));
    }
  }

  /** How every counted epoch up to the current one went. */
  public SortedMap<Long, Summary> epochSummaries() {
    synchronized (lock) {
      SortedMap<Long, Summary> all = new TreeMap<>();
      ledger.summaries().forEach((epoch, s) -> all.put(epoch, withExitsAndRegistrations(epoch, s)));
      return all;
    }
  }

  /** The whole run so far. */
  public Summary summary() {
    synchronized (lock) {
      return epochSummaries().values().stream().reduce(Summary.EMPTY, Summary::plus);
    }
  }

  /**
   * A decimal uint64 that fits a long, as indices, slots and epochs of any real chain do.
   *
   * @throws ApiException 400 otherwise
   */
  static long parseUint64(String text, String what) {
    try {
      long value = Long.parseLong(text);
      if (value >= 0 && !text.startsWith("+")) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest("invalid " + what + ": " + text);
  }
}
