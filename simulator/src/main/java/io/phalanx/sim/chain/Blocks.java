package io.phalanx.sim.chain;

import io.phalanx.api.ApiException;
import io.phalanx.spec.api.ProposerDuty;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.signing.DomainType;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.ssz.Bitfield;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.types.BeaconBlock;
import io.phalanx.spec.types.BeaconBlockBody;
import io.phalanx.spec.types.BeaconBlockHeader;
import io.phalanx.spec.types.Eth1Data;
import io.phalanx.spec.types.ExecutionPayload;
import io.phalanx.spec.types.ExecutionRequests;
import io.phalanx.spec.types.MainnetPreset;
import io.phalanx.spec.types.SignedBeaconBlock;
import io.phalanx.spec.types.SyncAggregate;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Sha256;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated chain's blocks: one proposer per slot, drawn deterministically from the chain's
 * validators; blocks built on request with the proposer's RANDAO reveal (checked, as beacon nodes
 * do); signed blocks checked (proposer, RANDAO reveal and signature against the validator's key)
 * and counted, a second different block signed for a slot refused and counted as a double
 * proposal. Every block request builds a new block (its payload's extra data counts the builds),
 * as different beacon nodes would; whichever the proposer signs is the slot's block.
 *
 * <p>Thread-safe: signatures are checked outside the chain's lock, blocks taken under it.
 */
final class Blocks {
  /** What a local payload is worth, in Wei; a builder bids a multiple of it. */
  static final BigInteger LOCAL_PAYLOAD_VALUE = new BigInteger("20000000000000000"); // 0.02 ETH

  private final ChainRules rules;
  private final DutyLedger ledger;
  private final Intake intake;
  private final Object lock;
  private final Bytes proposerDomainRoot;
  private final AtomicLong builds = new AtomicLong();
  // Guarded by lock.
  /** By slot, the root of the first validly signed block; later different ones are double proposals. */
  private final TreeMap<Long, Bytes> signedBySlot = new TreeMap<>();
  private final Map<Long, Long> doubleProposals = new HashMap<>();
  private long blindedBlocks;
  private long fullBlocks;
  private long blobs;
  /** By slot, the signed block taken (checked already), guarded by itself: {@link #check} runs outside the chain's lock. */
  private final TreeMap<Long, SignedBeaconBlock> taken = new TreeMap<>();

  Blocks(ChainRules rules, DutyLedger ledger, Intake intake, Object lock) {
    this.rules = rules;
    this.ledger = ledger;
    this.intake = intake;
    this.lock = lock;
    this.proposerDomainRoot = rules.config().genesisValidatorsRoot();
  }

  /** The proposer of {@code slot}: sha256(genesis validators root, "proposer", slot) mod validators. */
  long proposer(long slot) {
    byte[] hash = Sha256.hash(proposerDomainRoot.toArray(), "proposer".getBytes(StandardCharsets.US_ASCII),
        Ssz.UINT64.serialize(slot));
    return Long.remainderUnsigned(ByteBuffer.wrap(hash, 0, 8).getLong(), rules.validatorCount());
  }

  List<ProposerDuty> proposerDuties(long epoch) {
    List<ProposerDuty> duties = new ArrayList<>();
    long first = rules.clock().firstSlotOf(epoch);
    for (long slot = first; slot < first + rules.slotsPerEpoch(); slot++) {
      long proposer = proposer(slot);
      duties.add(new ProposerDuty(rules.publicKey(proposer).toBytes(), proposer, slot));
    }
    return duties;
  }

  Bytes domain(DomainType type, long slot) {
    return rules.domain(type, rules.epochOf(slot));
  }

  Bytes randaoSigningRoot(long slot) {
    return SigningRoots.randaoSigningRoot(rules.epochOf(slot), domain(DomainType.RANDAO, slot));
  }

  Bytes blockSigningRoot(long slot, Bytes blockRoot) {
    return SigningRoots.computeSigningRoot(blockRoot, domain(DomainType.BEACON_PROPOSER, slot));
  }

  /**
   * A new block for {@code slot} with the proposer's reveal and {@code graffiti}.
   *
   * @throws ApiException 400 for a future slot or a reveal that is not the proposer's
   */
  BeaconBlock build(long slot, Bytes randaoReveal, Bytes graffiti, List<Bytes> blobKzgCommitments) {
    if (rules.isFuture(slot)) {
      throw ApiException.badRequest("slot " + slot + " is in the future; the current slot is " + rules.currentSlot());
    }
    long proposer = proposer(slot);
    if (!verifies(rules.publicKey(proposer), randaoSigningRoot(slot), randaoReveal)) {
      throw ApiException.badRequest("randao_reveal does not verify against the key of validator " + proposer
          + ", the proposer of slot " + slot);
    }
    long n = builds.incrementAndGet();
    Bytes parent = rules.blockRoot(slot - 1);
    Bytes extra = Bytes.of(("sim block " + n).getBytes(StandardCharsets.US_ASCII));
    Bytes hash = Bytes.of(Sha256.hash(parent.toArray(), extra.toArray()));
    ExecutionPayload payload = new ExecutionPayload(parent, Bytes.zero(20), hash, hash,
        Bytes.zero(MainnetPreset.BYTES_PER_LOGS_BLOOM), hash, slot, 30_000_000, 21_000 * (n % 100),
        rules.clock().slotStart(slot).getEpochSecond(), extra, BigInteger.valueOf(7), hash,
        List.of(Bytes.of(("tx of slot " + slot).getBytes(StandardCharsets.US_ASCII))), List.of(), 0, 0);
    BeaconBlockBody body = new BeaconBlockBody(randaoReveal, new Eth1Data(Bytes.zero(32), 0, Bytes.zero(32)),
        graffiti, List.of(), List.of(), List.of(), List.of(), List.of(),
        new SyncAggregate(Bitfield.zeros(MainnetPreset.SYNC_COMMITTEE_SIZE), infinity()), payload, List.of(),
        blobKzgCommitments, new ExecutionRequests(List.of(), List.of(), List.of()));
    return new BeaconBlock(slot, proposer, parent, hash, body);
  }

  /** The point at infinity: the signature of an empty sync aggregate. */
  private static Bytes infinity() {
    byte[] sig = new byte[96];
    sig[0] = (byte) 0xc0;
    return Bytes.of(sig);
  }

  /**
   * Verifies and takes a signed block: the slot's proposer, its signature and RANDAO reveal against
   * the validator's key; a second, different block for the slot is refused as a double proposal.
   * {@code blinded}: it came blinded.
   *
   * @return the refusal, if refused
   */
  Optional<Refusal> submit(SignedBeaconBlock signed, boolean blinded) {
    Instant received = rules.config().clock().instant();
    Optional<FailureReason> problem = check(signed);
    long slot = signed.message().slot();
    Taken outcome = null;
    synchronized (lock) {
      if (problem.isEmpty()) {
        outcome = take(signed, blinded, received);
        if (outcome == Taken.DOUBLE_PROPOSAL) {
          problem = Optional.of(FailureReason.DOUBLE_PROPOSAL);
        }
      }
      if (problem.isPresent()) {
        boolean dutyFails = problem.get() != FailureReason.DOUBLE_PROPOSAL
            && problem.get() != FailureReason.NOT_PROPOSER && problem.get() != FailureReason.UNKNOWN_VALIDATOR;
        return Optional.of(intake.refuse(0, DutyType.PROPOSER, slot, slot, problem.get(), dutyFails));
      }
    }
    if (outcome != Taken.NEW) {
      return Optional.empty();
    }
    intake.record(List.of(new RecordedMessage(RecordedMessage.BLOCK, slot,
        rules.publicKey(signed.message().proposerIndex()).toBytes(), BeaconBlockHeader.SSZ.toJson(header(signed.message())))));
    return Optional.empty();
  }

  private static BeaconBlockHeader header(BeaconBlock b) {
    return new BeaconBlockHeader(b.slot(), b.proposerIndex(), b.parentRoot(), b.stateRoot(),
        BeaconBlockBody.SSZ.hashTreeRoot(b.body()));
  }

  /** Why a signed block is refused, or empty if it is good; checks signatures (call outside the lock). */
  private Optional<FailureReason> check(SignedBeaconBlock signed) {
    BeaconBlock block = signed.message();
    long slot = block.slot();
    synchronized (taken) {
      // Every node of a cluster publishes the slot's block through every beacon node: the same
      // signed block again needs no second verification.
      if (signed.equals(taken.get(slot))) {
        return Optional.empty();
      }
    }
    if (!rules.isKnown(block.proposerIndex())) {
      return Optional.of(FailureReason.UNKNOWN_VALIDATOR);
    }
    if (block.proposerIndex() != proposer(slot)) {
      return Optional.of(FailureReason.NOT_PROPOSER);
    }
    if (rules.isFuture(slot)) {
      return Optional.of(FailureReason.FUTURE_SLOT);
    }
    BlsPublicKey key = rules.publicKey(block.proposerIndex());
    if (!verifies(key, blockSigningRoot(slot, BeaconBlock.SSZ.hashTreeRoot(block)), signed.signature())) {
      return Optional.of(FailureReason.INVALID_SIGNATURE);
    }
    if (!verifies(key, randaoSigningRoot(slot), block.body().randaoReveal())) {
      return Optional.of(FailureReason.INVALID_RANDAO);
    }
    return Optional.empty();
  }

  /** What became of a validly signed block. */
  private enum Taken { NEW, REPEAT, DOUBLE_PROPOSAL }

  /**
   * Takes a validly signed block: the slot's first is its block; the same again is fine; another
   * is a double proposal. Under the lock.
   */
  private Taken take(SignedBeaconBlock signed, boolean blinded, Instant received) {
    BeaconBlock block = signed.message();
    long slot = block.slot();
    Bytes root = BeaconBlock.SSZ.hashTreeRoot(block);
    signedBySlot.headMap(rules.currentSlot() - 4 * rules.slotsPerEpoch()).clear();
    Bytes first = signedBySlot.putIfAbsent(slot, root);
    if (first != null && !first.equals(root)) {
      doubleProposals.merge(slot, 1L, Long::sum);
      return Taken.DOUBLE_PROPOSAL;
    }
    if (first != null) {
      return Taken.REPEAT;
    }
    ledger.succeeded(DutyType.PROPOSER, slot, slot, rules.isLate(slot, received));
    synchronized (taken) {
      taken.headMap(rules.currentSlot() - 4 * rules.slotsPerEpoch()).clear();
      taken.put(slot, signed);
    }
    if (blinded) {
      blindedBlocks++;
    } else {
      fullBlocks++;
      // A full block reaches the chain only with all its blobs (BlockEndpoints checks them).
      blobs += block.body().blobKzgCommitments().size();
    }
    return Taken.NEW;
  }

  /** Blobs of the full blocks taken so far. */
  long blobs() {
    synchronized (lock) {
      return blobs;
    }
  }

  /** The slots' blocks taken so far, by the form they were published in: {"blinded": n, "full": m}. */
  Map<String, Long> forms() {
    synchronized (lock) {
      return Map.of("blinded", blindedBlocks, "full", fullBlocks);
    }
  }

  /** Double proposals seen so far, over the whole run. */
  long doubleProposals() {
    synchronized (lock) {
      return doubleProposals.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static boolean verifies(BlsPublicKey key, Bytes message, Bytes signature) {
    try {
      return BlsSignature.fromBytes(signature).verify(key, message);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
