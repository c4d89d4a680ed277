package io.phalanx.sim.chain;

import io.phalanx.api.ApiException;
import io.phalanx.api.ChainSpec;
import io.phalanx.api.SyncStatus;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.ValidatorLiveness;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.api.ProposerDuty;
import io.phalanx.spec.api.ProposerPreparation;
import io.phalanx.spec.api.SyncCommitteeDuty;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.BeaconBlock;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.ForkSchedule;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SignedBeaconBlock;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SignedValidatorRegistrationV1;
import io.phalanx.spec.types.SignedVoluntaryExit;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.types.SyncCommitteeContribution;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.types.ValidatorRegistrationV1;
import io.phalanx.spec.util.Bytes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A simulated beacon chain: deterministic duties and attestation data ({@link ChainRules}),
 * verification of every submitted signature against the validators' group keys, aggregation of
 * the attestations received, slashing detection and duty accounting. {@link SimulatedBeaconNode}
 * serves it over the beacon API. This class is the chain's one face; the work is done by its
 * parts: blocks ({@link Blocks}), attestations and aggregates ({@link AttestationIntake}), the sync
 * committee ({@link SyncCommitteeIntake}), exits and registrations ({@link ExitsAndRegistrations})
 * and the accounting ({@link DutyLedger}).
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
 *
 * <p>A little over 400 lines, on purpose: the beacon node, simnet, the comparison and the tests all
 * go through this one documented face; past the constructor almost every method is a delegate.
 */
public final class SimulatedChain {
  /** How many epochs of liveness the chain keeps (the beacon API asks for the current and the previous). */
  public static final long LIVENESS_EPOCHS = 4;

  /**
   * The most blobs a simulated block carries: 64 Fulu blobs with their cell proofs are 8.4 MiB, which
   * fits a decided value (16 MiB) and, hex-encoded, a validator API body (32 MiB).
   */
  public static final int MAX_BLOBS_PER_BLOCK = 64;

  private final ChainRules rules;
  private final Object lock = new Object();
  // Guarded by lock.
  private final DutyLedger ledger;
  private final Blocks blocks;
  private final ExitsAndRegistrations exitsAndRegistrations;
  private final SyncCommittees sync;
  private final Intake intake;
  private final AttestationIntake attestations;
  private final SyncCommitteeIntake syncMessages;
  private volatile int blobsPerBlock;

  public SimulatedChain(SimulatedChainConfig config) {
    this.rules = new ChainRules(config);
    this.ledger = new DutyLedger(rules, firstFullEpoch(rules));
    this.intake = new Intake(rules, ledger, config.sink());
    this.blocks = new Blocks(rules, ledger, intake, lock);
    this.exitsAndRegistrations = new ExitsAndRegistrations(rules, config.genesisValidatorsRoot());
    this.sync = new SyncCommittees(rules);
    this.attestations = new AttestationIntake(rules, ledger, intake, lock);
    this.syncMessages = new SyncCommitteeIntake(rules, sync, ledger, intake, lock);
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

  // Blocks.

  /** The proposers of {@code epoch}'s slots: one per slot among the chain's validators. */
  public List<ProposerDuty> proposerDuties(long epoch) {
    checkNotBeyondNextEpoch(epoch);
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
  public BeaconBlock buildBlock(long slot, Bytes randaoReveal, Bytes graffiti) {
    return blocks.build(slot, randaoReveal, graffiti, List.of());
  }

  /** The same with {@code commitments} as the body's blob KZG commitments (a block that carries blobs). */
  public BeaconBlock buildBlock(long slot, Bytes randaoReveal, Bytes graffiti, List<Bytes> commitments) {
    return blocks.build(slot, randaoReveal, graffiti, commitments);
  }

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
  public Optional<Refusal> submitBlock(SignedBeaconBlock signed) {
    return submitBlock(signed, false);
  }

  /** As {@link #submitBlock(SignedBeaconBlock)}; {@code blinded}: it came blinded. */
  public Optional<Refusal> submitBlock(SignedBeaconBlock signed, boolean blinded) {
    return blocks.submit(signed, blinded);
  }

  /** Blobs of the full blocks taken so far, each published with all its blobs and proofs. */
  public long blobsTaken() {
    return blocks.blobs();
  }

  /** The slots' blocks taken so far, by the form they were published in: {"blinded": n, "full": m}. */
  public Map<String, Long> blockForms() {
    return blocks.forms();
  }

  /** Two different blocks signed for one slot, over the run: a correct cluster never signs one. */
  public long doubleProposals() {
    return blocks.doubleProposals();
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
  public ForkSchedule forks() {
    return rules.forks();
  }

  /** The fork, as the beacon API names it, of {@code slot}. */
  public ConsensusVersion consensusVersionAtSlot(long slot) {
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
    return BeaconApiIds.validators(rules, ids, statuses);
  }

  /**
   * {@code GET /eth/v1/beacon/blocks/{block_id}/root}: "head" (the latest started slot's block),
   * "genesis", or a slot that has started.
   *
   * @throws ApiException 400 for another block id, 404 for a slot not reached yet
   */
  public Bytes blockRoot(String blockId) {
    return BeaconApiIds.blockRoot(rules, blockId);
  }

  // Attestations.

  /**
   * The attester duties of {@code validatorIndices} in {@code epoch}; unknown indices have none.
   *
   * @throws ApiException 400 for an epoch more than one ahead of the current one
   */
  public List<AttesterDuty> attesterDuties(long epoch, List<Long> validatorIndices) {
    checkNotBeyondNextEpoch(epoch);
    return validatorIndices.stream().distinct().filter(rules::isKnown).map(v -> rules.attesterDuty(v, epoch))
        .toList();
  }

  private void checkNotBeyondNextEpoch(long epoch) {
    if (epoch > rules.clock().currentEpoch() + 1) {
      throw ApiException.badRequest("epoch " + epoch + " is more than one epoch ahead of the current epoch "
          + rules.clock().currentEpoch());
    }
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
    return attestations.aggregateAttestation(slot, attestationDataRoot, committeeIndex);
  }

  /**
   * Verifies and takes {@code attestations}; each valid one counts its attester duty once, is
   * pooled for aggregation and is recorded.
   *
   * @return the refused ones, by position in the list
   */
  public List<Refusal> submitAttestations(List<SingleAttestation> submitted) {
    return attestations.submitAttestations(submitted);
  }

  /**
   * Verifies and takes {@code aggregates}: the selection proof, that it selects the aggregator, the
   * aggregator's signature and the aggregate's signature over its attesters' group keys. Each valid
   * one counts its aggregator duty once and is recorded.
   *
   * @return the refused ones, by position in the list
   */
  public List<Refusal> submitAggregateAndProofs(List<SignedAggregateAndProof> aggregates) {
    return attestations.submitAggregateAndProofs(aggregates);
  }

  /**
   * {@code POST /eth/v1/validator/liveness/{epoch}}: whether the chain included an attestation of
   * each validator for {@code epoch}, in the order asked.
   *
   * @throws ApiException 400 for a future epoch, one older than the chain keeps, or an unknown
   *     validator index
   */
  public List<ValidatorLiveness> liveness(long epoch, List<Long> validatorIndices) {
    return attestations.liveness(epoch, validatorIndices);
  }

  // Exits, registrations and proposer preparation.

  /**
   * Verifies and takes a voluntary exit (DOMAIN_VOLUNTARY_EXIT, Capella fork version); an exit
   * for an epoch not yet begun, of an unknown validator or with a bad signature is refused.
   *
   * @return the refusal, if refused
   */
  public Optional<Refusal> submitVoluntaryExit(SignedVoluntaryExit exit) {
    List<RecordedMessage> accepted = new ArrayList<>();
    Optional<Refusal> refusal = exitsAndRegistrations.submitExit(exit, accepted);
    intake.record(accepted);
    return refusal;
  }

  /** Verifies and takes builder registrations (builder domain); the refused ones, by position. */
  public List<Refusal> registerValidators(List<SignedValidatorRegistrationV1> registrations) {
    List<RecordedMessage> accepted = new ArrayList<>();
    List<Refusal> refusals = exitsAndRegistrations.submitRegistrations(registrations, accepted);
    intake.record(accepted);
    return refusals;
  }

  /** Takes the fee recipients of prepare_beacon_proposer. */
  public void prepareBeaconProposer(List<ProposerPreparation> preparations) {
    exitsAndRegistrations.prepare(preparations);
  }

  /** The epoch of the validator's accepted voluntary exit, if it has one. */
  public Optional<Long> exitEpoch(long validatorIndex) {
    return exitsAndRegistrations.exitEpoch(validatorIndex);
  }

  /** The validator's newest accepted builder registration. */
  public Optional<ValidatorRegistrationV1> registration(long validatorIndex) {
    return exitsAndRegistrations.registration(validatorIndex);
  }

  /** The fee recipient prepare_beacon_proposer last named for the validator. */
  public Optional<Bytes> preparedFeeRecipient(long validatorIndex) {
    return exitsAndRegistrations.feeRecipient(validatorIndex);
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
   * Verifies and takes sync committee messages; each valid one over the slot's head block root
   * counts its member's duty of that slot once and is pooled for contributions.
   *
   * @return the refused ones, by position in the list
   */
  public List<Refusal> submitSyncCommitteeMessages(List<SyncCommitteeMessage> messages) {
    return syncMessages.submitSyncCommitteeMessages(messages);
  }

  /** The contribution of the pooled messages of {@code subcommittee} over {@code root}; empty if none arrived. */
  public Optional<SyncCommitteeContribution> syncCommitteeContribution(long slot, long subcommittee, Bytes root) {
    return syncMessages.syncCommitteeContribution(slot, subcommittee, root);
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
    return syncMessages.submitContributionAndProofs(contributions);
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

  private Summary withExitsAndRegistrations(long epoch, Summary duties) {
    return duties.withExitsAndRegistrations(exitsAndRegistrations.exits(epoch),
        exitsAndRegistrations.registrations(epoch));
  }
}
