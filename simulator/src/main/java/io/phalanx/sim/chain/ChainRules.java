package io.phalanx.sim.chain;

import io.phalanx.api.ChainSpec;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.signing.DomainType;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.AggregateAndProof;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.Checkpoint;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.ForkSchedule;
import io.phalanx.spec.types.MainnetPreset;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulated chain's deterministic rules: who attests when, what they attest to, which
 * signatures count, and by when.
 *
 * <p><b>Duties.</b> Validator {@code v} attests once per epoch, in slot {@code v mod
 * SLOTS_PER_EPOCH} of the epoch. Each slot has one committee (committees_at_slot 1, committee
 * index 0): the validators of that residue, ascending, so {@code v}'s position in it
 * (validator_committee_index) is {@code v / SLOTS_PER_EPOCH}. No shuffling: an experimenter can
 * tell from the index alone when a validator acts.
 *
 * <p><b>Attestation data.</b> Every caller gets the same data for a slot: index 0 (Electra),
 * beacon_block_root = sha256(genesis validators root ‖ "block" ‖ slot), target = (epoch, block
 * root of the epoch's first slot), source = the previous epoch's target, or (0, zero root) in
 * epoch 0: a chain that justifies every epoch, on which honest votes never surround each other.
 *
 * <p><b>Timeliness.</b> A message for slot s is on time until slot s + 1 starts (in time for the
 * next block); after that it is late, and once slot s + SLOTS_PER_EPOCH has passed it is too old
 * and its duty missing. A slot more than {@link #MAXIMUM_GOSSIP_CLOCK_DISPARITY} ahead of the
 * clock is in the future.
 */
final class ChainRules {
  /** The spec's TARGET_AGGREGATORS_PER_COMMITTEE. */
  static final int TARGET_AGGREGATORS_PER_COMMITTEE = 16;


  /** As the p2p spec allows peers' clocks to differ. */
  static final Duration MAXIMUM_GOSSIP_CLOCK_DISPARITY = Duration.ofMillis(500);

  static final long COMMITTEES_PER_SLOT = 1;

  /** As on mainnet; the simulated chain's committee is the same in every period. */
  static final long EPOCHS_PER_SYNC_COMMITTEE_PERIOD = 256;

  /** Every validator has 32 ETH, in gwei. */
  static final long VALIDATOR_BALANCE_GWEI = 32_000_000_000L;

  private static final Bytes ZERO_ROOT = Bytes.zero(32);

  private final SimulatedChainConfig config;
  private final SlotClock clock;
  private final ForkSchedule forks;

  ChainRules(SimulatedChainConfig config) {
    this.config = config;
    this.clock = new SlotClock(config.genesisTime(), config.slotDuration(), config.slotsPerEpoch(), config.clock());
    List<ForkSchedule.Entry> entries = new ArrayList<>();
    entries.add(new ForkSchedule.Entry("GENESIS", config.forkVersion(), 0));
    for (String fork : List.of("ALTAIR", "BELLATRIX", "CAPELLA", "DENEB", "ELECTRA")) {
      entries.add(new ForkSchedule.Entry(fork, config.forkVersion(), 0));
    }
    entries.add(new ForkSchedule.Entry("FULU", config.fuluForkVersion(), config.fuluForkEpoch()));
    this.forks = ForkSchedule.of(entries, config.slotsPerEpoch());
  }

  /** The signing domain of {@code type} at {@code epoch}, under the fork the chain is on then. */
  Bytes domain(DomainType type, long epoch) {
    return SigningRoots.domainAtEpoch(type, forks.forkAt(epoch), epoch, config.genesisValidatorsRoot());
  }

  /** The chain's forks. */
  ForkSchedule forks() {
    return forks;
  }

  /** The fork, as the beacon API names it, of {@code slot}. */
  ConsensusVersion versionAtSlot(long slot) {
    return forks.consensusVersionAtSlot(slot);
  }

  SimulatedChainConfig config() {
    return config;
  }

  SlotClock clock() {
    return clock;
  }

  /** The head state's fork record: the fork of the current epoch. */
  Fork fork() {
    return forks.forkAt(clock.currentEpoch());
  }

  int validatorCount() {
    return config.validators().size();
  }

  boolean isKnown(long validatorIndex) {
    return validatorIndex >= 0 && validatorIndex < validatorCount();
  }

  BlsPublicKey publicKey(long validatorIndex) {
    return config.validators().get(Math.toIntExact(validatorIndex));
  }

  long slotsPerEpoch() {
    return config.slotsPerEpoch();
  }

  long epochOf(long slot) {
    return clock.epochOf(slot);
  }

  // Duties.

  /** The slot in {@code epoch} in which {@code validatorIndex} attests. */
  long attesterSlot(long validatorIndex, long epoch) {
    return clock.firstSlotOf(epoch) + validatorIndex % slotsPerEpoch();
  }

  /** How many validators attest in {@code slot}: those whose index has the slot's residue. */
  int committeeLength(long slot) {
    long residue = slot % slotsPerEpoch();
    long count = validatorCount() / slotsPerEpoch() + (residue < validatorCount() % slotsPerEpoch() ? 1 : 0);
    return Math.toIntExact(count);
  }

  /** The validator at {@code position} of {@code slot}'s committee. */
  long committeeMember(long slot, int position) {
    return position * slotsPerEpoch() + slot % slotsPerEpoch();
  }

  /** Where {@code validatorIndex} sits in its committee. */
  int committeePosition(long validatorIndex) {
    return Math.toIntExact(validatorIndex / slotsPerEpoch());
  }

  boolean attestsIn(long validatorIndex, long slot) {
    return isKnown(validatorIndex) && validatorIndex % slotsPerEpoch() == slot % slotsPerEpoch();
  }

  AttesterDuty attesterDuty(long validatorIndex, long epoch) {
    long slot = attesterSlot(validatorIndex, epoch);
    return new AttesterDuty(publicKey(validatorIndex).toBytes(), validatorIndex, 0, committeeLength(slot),
        COMMITTEES_PER_SLOT, committeePosition(validatorIndex), slot);
  }

  /**
   * get_block_root_at_slot(compute_start_slot_at_epoch(epoch - 1) - 1), or the genesis block root
   * where that underflows.
   */
  Bytes dependentRoot(long epoch) {
    return epoch < 2 ? blockRoot(0) : blockRoot(clock.firstSlotOf(epoch - 1) - 1);
  }

  /**
   * The spec's is_aggregator modulo: every member of a committee of fewer than 2 ×
   * TARGET_AGGREGATORS_PER_COMMITTEE validators aggregates, whatever its selection proof.
   */
  static long aggregatorModulo(int committeeLength) {
    return Math.max(1, committeeLength / TARGET_AGGREGATORS_PER_COMMITTEE);
  }

  /** Whether the slot's aggregators are known before any selection proof arrives. */
  boolean everyMemberAggregates(long slot) {
    return aggregatorModulo(committeeLength(slot)) == 1;
  }

  /** is_aggregator: the first 8 bytes of sha256(selection proof), little-endian, modulo. */
  static boolean isAggregator(int committeeLength, Bytes selectionProof) {
    long head = ByteBuffer.wrap(Sha256.hash(selectionProof.toArray()), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return Long.remainderUnsigned(head, aggregatorModulo(committeeLength)) == 0;
  }

  // Attestation data.

  Bytes blockRoot(long slot) {
    byte[] slotBytes = Ssz.UINT64.serialize(slot);
    return Bytes.of(Sha256.hash(config.genesisValidatorsRoot().toArray(),
        "block".getBytes(StandardCharsets.US_ASCII), slotBytes));
  }

  Bytes genesisBlockRoot() {
    return blockRoot(0);
  }

  Checkpoint target(long epoch) {
    return new Checkpoint(epoch, blockRoot(clock.firstSlotOf(epoch)));
  }

  Checkpoint source(long epoch) {
    return epoch == 0 ? new Checkpoint(0, ZERO_ROOT) : target(epoch - 1);
  }

  AttestationData attestationData(long slot) {
    long epoch = epochOf(slot);
    return new AttestationData(slot, 0, blockRoot(slot), source(epoch), target(epoch));
  }

  /**
   * GET /eth/v1/config/spec: what validator clients read to follow the chain. SLOT_DURATION_MS is
   * the exact slot duration (consensus-specs' newer name for it); SECONDS_PER_SLOT is as {@link
   * SimulatedChainConfig#secondsPerSlot()}. The forks as {@link #forks()} has them.
   */
  Map<String, String> specValues() {
    Map<String, String> values = new TreeMap<>();
    values.put("CONFIG_NAME", "phalanx-simnet");
    values.put("PRESET_BASE", "mainnet");
    values.put("SECONDS_PER_SLOT", Long.toString(config.secondsPerSlot()));
    values.put(ChainSpec.SLOT_DURATION_MS, Long.toString(config.slotDurationMillis()));
    values.put("SLOTS_PER_EPOCH", Long.toString(slotsPerEpoch()));
    values.put("MIN_GENESIS_TIME", Long.toString(config.genesisTime().getEpochSecond()));
    values.put("GENESIS_DELAY", "0");
    for (ForkSchedule.Entry fork : forks.entries()) {
      values.put(fork.name() + "_FORK_VERSION", fork.version().toHex());
      if (!fork.name().equals("GENESIS")) {
        values.put(fork.name() + "_FORK_EPOCH", Long.toUnsignedString(fork.epoch()));
      }
    }
    values.put("TARGET_AGGREGATORS_PER_COMMITTEE", Integer.toString(TARGET_AGGREGATORS_PER_COMMITTEE));
    values.put("MAX_COMMITTEES_PER_SLOT", Integer.toString(MainnetPreset.MAX_COMMITTEES_PER_SLOT));
    values.put("MAX_VALIDATORS_PER_COMMITTEE", Integer.toString(MainnetPreset.MAX_VALIDATORS_PER_COMMITTEE));
    values.put("TARGET_COMMITTEE_SIZE", "128");
    values.put("SYNC_COMMITTEE_SIZE", Integer.toString(MainnetPreset.SYNC_COMMITTEE_SIZE));
    values.put("SYNC_COMMITTEE_SUBNET_COUNT", Integer.toString(MainnetPreset.SYNC_COMMITTEE_SUBNET_COUNT));
    values.put("TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE", Integer.toString(new SyncCommittees(this).targetAggregators()));
    values.put("EPOCHS_PER_SYNC_COMMITTEE_PERIOD", "256");
    values.put("ATTESTATION_SUBNET_COUNT", "64");
    values.put("ATTESTATION_PROPAGATION_SLOT_RANGE", "32");
    values.put("MAXIMUM_GOSSIP_CLOCK_DISPARITY", Long.toString(MAXIMUM_GOSSIP_CLOCK_DISPARITY.toMillis()));
    values.put("INTERVALS_PER_SLOT", "3");
    values.put("MIN_SEED_LOOKAHEAD", "1");
    values.put("MAX_SEED_LOOKAHEAD", "4");
    values.put("MAX_EFFECTIVE_BALANCE", Long.toString(VALIDATOR_BALANCE_GWEI));
    values.put("FAR_FUTURE_EPOCH", Long.toUnsignedString(ValidatorInfo.FAR_FUTURE_EPOCH));
    values.put("DEPOSIT_CONTRACT_ADDRESS", "0x0000000000000000000000000000000000000000");
    for (DomainType domain : DomainType.values()) {
      values.put("DOMAIN_" + domain.name(), domain.value().toHex());
    }
    return values;
  }

  // Validators.

  /**
   * Every validator active since genesis, never slashed (slashable messages are refused), with
   * BLS withdrawal credentials derived from its key.
   */
  ValidatorInfo validatorInfo(long validatorIndex) {
    Bytes pubkey = publicKey(validatorIndex).toBytes();
    Bytes withdrawalCredentials = Bytes.zero(1).concat(Bytes.of(Sha256.hash(pubkey.toArray())).slice(1, 32));
    return new ValidatorInfo(validatorIndex, VALIDATOR_BALANCE_GWEI, "active_ongoing", pubkey,
        withdrawalCredentials, VALIDATOR_BALANCE_GWEI, false, 0, 0, ValidatorInfo.FAR_FUTURE_EPOCH,
        ValidatorInfo.FAR_FUTURE_EPOCH);
  }

  // Signing roots.

  Bytes attestationSigningRoot(AttestationData data) {
    return SigningRoots.computeSigningRoot(AttestationData.SSZ, data,
        domain(DomainType.BEACON_ATTESTER, data.target().epoch()));
  }

  Bytes selectionProofSigningRoot(long slot) {
    return SigningRoots.selectionProofSigningRoot(slot, domain(DomainType.SELECTION_PROOF, epochOf(slot)));
  }

  Bytes aggregateAndProofSigningRoot(AggregateAndProof aggregateAndProof) {
    return SigningRoots.computeSigningRoot(AggregateAndProof.SSZ, aggregateAndProof,
        domain(DomainType.AGGREGATE_AND_PROOF, epochOf(aggregateAndProof.aggregate().data().slot())));
  }

  // Time.

  long currentSlot() {
    return clock.currentSlot();
  }

  /** The latest slot that has started; -1 before genesis. */
  long lastStartedSlot() {
    return config.clock().instant().isBefore(config.genesisTime()) ? -1 : clock.currentSlot();
  }

  boolean isFuture(long slot) {
    return slot > clock.slotAt(config.clock().instant().plus(MAXIMUM_GOSSIP_CLOCK_DISPARITY));
  }

  /** Late if it arrives at or after the start of the next slot. */
  boolean isLate(long slot, Instant received) {
    return !received.isBefore(clock.slotStart(slot + 1));
  }

  /** Whether a duty of {@code slot} can no longer be done once the chain is at {@code currentSlot}. */
  boolean isPastDeadline(long slot, long currentSlot) {
    return currentSlot > slot + slotsPerEpoch();
  }
}
