package io.phalanx.consensus.slashing;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The signing history of many validators, keyed by public key, with the EIP-3076 rules
 * ({@link ValidatorHistory}) and pruning to a window. The duty state machine keeps one, and so does
 * every import and export; tests run the official interchange vectors against it with either
 * strategy. Pure: no clock, no I/O. Not thread-safe.
 *
 * <p>Pruning follows Web3Signer's design (keep a number of epochs of history and move the low
 * watermarks up to what was dropped), with the window counted per validator from its own newest
 * record rather than from the wall clock, so every node prunes the same records at the same log
 * entry.
 */
public final class SlashingHistory {
  /**
   * How an import is kept. {@code COMPLETE} keeps every imported record (the cluster uses it);
   * {@code MINIMAL} keeps only the newest block slot and the largest source and target of an
   * import, as watermarks (EIP-3076's minimal strategy).
   */
  public enum Strategy { MINIMAL, COMPLETE }

  /** No pruning. */
  public static final long KEEP_ALL = Long.MAX_VALUE;

  // SSZ schemas, for snapshots, import commands and the pending-import file (records at the end)
  private static final long MAX_RECORDS = 1L << 24;
  private static final long MAX_VALIDATORS = 1L << 20;
  private static final Bytes ZERO_ROOT = Bytes.zero(32);

  private static final SszContainer<BlockRecord> BLOCK = SszContainer.builder(BlockRecord.class)
      .field("slot", Ssz.UINT64, BlockRecord::slot)
      .field("signing_root", Ssz.BYTES32, BlockRecord::root)
      .field("root_known", Ssz.BOOLEAN, BlockRecord::known)
      .build(v -> new BlockRecord(v.next(), v.next(), v.next()));

  private static final SszContainer<VoteRecord> VOTE = SszContainer.builder(VoteRecord.class)
      .field("min_source_epoch", Ssz.UINT64, VoteRecord::minSource)
      .field("max_source_epoch", Ssz.UINT64, VoteRecord::maxSource)
      .field("target_epoch", Ssz.UINT64, VoteRecord::target)
      .field("signing_root", Ssz.BYTES32, VoteRecord::root)
      .field("root_known", Ssz.BOOLEAN, VoteRecord::known)
      .build(v -> new VoteRecord(v.next(), v.next(), v.next(), v.next(), v.next()));

  private static final SszContainer<ValidatorRecord> VALIDATOR = SszContainer.builder(ValidatorRecord.class)
      .field("pubkey", Ssz.BYTES48, ValidatorRecord::pubkey)
      .field("block_watermark", Ssz.UINT64, ValidatorRecord::blockWatermark)
      .field("source_watermark", Ssz.UINT64, ValidatorRecord::sourceWatermark)
      .field("target_watermark", Ssz.UINT64, ValidatorRecord::targetWatermark)
      .field("blocks", Ssz.list(BLOCK, MAX_RECORDS), ValidatorRecord::blocks)
      .field("attestations", Ssz.list(VOTE, MAX_RECORDS), ValidatorRecord::votes)
      .build(v -> new ValidatorRecord(v.next(), v.next(), v.next(), v.next(), v.next(), v.next()));

  /**
   * The SSZ encoding (a watermark of 2**64-1 means none):
   *
   * <pre>
   * class BlockRecord(Container): slot: uint64, signing_root: Bytes32, root_known: boolean
   * class VoteRecord(Container): min_source_epoch: uint64, max_source_epoch: uint64, target_epoch: uint64,
   *                              signing_root: Bytes32, root_known: boolean
   * class ValidatorRecord(Container): pubkey: Bytes48, block_watermark: uint64, source_watermark: uint64,
   *                                   target_watermark: uint64, blocks: List[BlockRecord, 2**24],
   *                                   attestations: List[VoteRecord, 2**24]
   * class SlashingHistory(Container): validators: List[ValidatorRecord, 2**20]
   * </pre>
   */
  private static final SszContainer<HistoryView> HISTORY = SszContainer.builder(HistoryView.class)
      .field("validators", Ssz.list(VALIDATOR, MAX_VALIDATORS), HistoryView::validators)
      .build(v -> new HistoryView(v.next()));

  private final Strategy strategy;
  private final long windowEpochs;
  private final long windowSlots;
  private final Map<Bytes, ValidatorHistory> validators = new TreeMap<>();

  /**
   * @param windowEpochs attestations whose target is more than this below a validator's newest are
   *     folded into its watermarks ({@link #KEEP_ALL} never)
   * @param windowSlots the same for blocks, in slots
   */
  public SlashingHistory(Strategy strategy, long windowEpochs, long windowSlots) {
    if (windowEpochs < 0 || windowSlots < 0) {
      throw new IllegalArgumentException("history windows must not be negative");
    }
    this.strategy = strategy;
    this.windowEpochs = windowEpochs;
    this.windowSlots = windowSlots;
  }

  /** A complete history that is never pruned. */
  public static SlashingHistory complete() {
    return new SlashingHistory(Strategy.COMPLETE, KEEP_ALL, KEEP_ALL);
  }

  public Verdict checkBlock(Bytes pubkey, long slot, Bytes signingRoot) {
    ValidatorHistory h = validators.get(pubkey);
    return h == null ? Verdict.SAFE : h.checkBlock(slot, signingRoot);
  }

  /** Checks a block and records it if allowed. */
  public Verdict signBlock(Bytes pubkey, long slot, Bytes signingRoot) {
    Verdict verdict = checkBlock(pubkey, slot, signingRoot);
    if (verdict instanceof Verdict.Safe) {
      ValidatorHistory h = of(pubkey);
      h.addBlock(slot, Optional.of(signingRoot));
      h.prune(windowEpochs, windowSlots);
    }
    return verdict;
  }

  public Verdict checkAttestation(Bytes pubkey, long source, long target, Bytes signingRoot) {
    ValidatorHistory h = validators.get(pubkey);
    if (h == null) {
      return source > target
          ? new Verdict.Refused(Rule.SOURCE_AFTER_TARGET, "source " + source + " > target " + target)
          : Verdict.SAFE;
    }
    return h.checkAttestation(source, target, signingRoot);
  }

  /** Checks an attestation and records it if allowed. */
  public Verdict signAttestation(Bytes pubkey, long source, long target, Bytes signingRoot) {
    Verdict verdict = checkAttestation(pubkey, source, target, signingRoot);
    if (verdict instanceof Verdict.Safe) {
      ValidatorHistory h = of(pubkey);
      h.addAttestation(source, target, Optional.of(signingRoot));
      h.prune(windowEpochs, windowSlots);
    }
    return verdict;
  }

  /** A refusal of one validator among several. */
  public record Refusal(Bytes pubkey, Verdict.Refused verdict) {}

  /**
   * Signs one attestation for many validators, all or none: if it is refused for any of them,
   * nothing is recorded and the first refusal is returned.
   */
  public Optional<Refusal> signAttestations(Collection<Bytes> pubkeys, long source, long target, Bytes signingRoot) {
    for (Bytes pubkey : pubkeys) {
      if (checkAttestation(pubkey, source, target, signingRoot) instanceof Verdict.Refused r) {
        return Optional.of(new Refusal(pubkey, r));
      }
    }
    for (Bytes pubkey : pubkeys) {
      signAttestation(pubkey, source, target, signingRoot);
    }
    return Optional.empty();
  }

  /** Whether exactly this attestation of this validator is in the history. */
  public boolean hasAttestation(Bytes pubkey, long source, long target, Bytes signingRoot) {
    ValidatorHistory h = validators.get(pubkey);
    return h != null && h.hasAttestation(source, target, signingRoot);
  }

  /**
   * Imports an interchange's records, merged with what is here (the caller has checked its genesis
   * validators root). Slashable records in the file are kept, merged so that they refuse whatever
   * any of them would refuse.
   */
  public void importInterchange(Interchange interchange) {
    for (Interchange.ValidatorData data : interchange.data()) {
      ValidatorHistory imported = new ValidatorHistory();
      data.signedBlocks().forEach(b -> imported.addBlock(b.slot(), b.signingRoot()));
      data.signedAttestations().forEach(a -> imported.addAttestation(a.sourceEpoch(), a.targetEpoch(), a.signingRoot()));
      merge(data.pubkey(), imported);
    }
  }

  /** Merges another history into this one, validator by validator, with this history's strategy and window. */
  public void merge(SlashingHistory other) {
    other.validators.forEach(this::merge);
  }

  /** Merges the validators of another history that {@code which} accepts; returns how many. */
  public int merge(SlashingHistory other, Predicate<Bytes> which) {
    int merged = 0;
    for (Map.Entry<Bytes, ValidatorHistory> e : other.validators.entrySet()) {
      if (which.test(e.getKey())) {
        merge(e.getKey(), e.getValue());
        merged++;
      }
    }
    return merged;
  }

  private void merge(Bytes pubkey, ValidatorHistory imported) {
    if (strategy == Strategy.MINIMAL) {
      imported.minify();
    }
    ValidatorHistory h = of(pubkey);
    h.merge(imported);
    h.prune(windowEpochs, windowSlots);
  }

  /** This history as an interchange of the chain with {@code genesisValidatorsRoot}. */
  public Interchange toInterchange(Bytes genesisValidatorsRoot) {
    List<Interchange.ValidatorData> data = new ArrayList<>(validators.size());
    validators.forEach((pubkey, h) ->
        data.add(new Interchange.ValidatorData(pubkey, h.signedBlocks(), h.signedAttestations())));
    return new Interchange(genesisValidatorsRoot, data);
  }

  /** The validators with a history. */
  public Set<Bytes> pubkeys() {
    return Collections.unmodifiableSet(validators.keySet());
  }

  public Optional<ValidatorHistory> validator(Bytes pubkey) {
    return Optional.ofNullable(validators.get(pubkey));
  }

  /** Records kept over all validators. */
  public long size() {
    long n = 0;
    for (ValidatorHistory h : validators.values()) {
      n += h.size();
    }
    return n;
  }

  /** The same validators' histories split into parts of at most {@code maxValidators} each, for Raft entries. */
  public List<SlashingHistory> split(int maxRecords) {
    List<SlashingHistory> parts = new ArrayList<>();
    SlashingHistory part = null;
    long records = 0;
    for (Map.Entry<Bytes, ValidatorHistory> e : validators.entrySet()) {
      long size = e.getValue().size() + 1;
      if (part == null || records + size > maxRecords) {
        part = new SlashingHistory(strategy, windowEpochs, windowSlots);
        parts.add(part);
        records = 0;
      }
      part.validators.put(e.getKey(), e.getValue());
      records += size;
    }
    return parts;
  }

  private ValidatorHistory of(Bytes pubkey) {
    return validators.computeIfAbsent(pubkey, k -> new ValidatorHistory());
  }

  // ---- SSZ, for snapshots, import commands and the pending-import file

  private record BlockRecord(long slot, Bytes root, boolean known) {}

  private record VoteRecord(long minSource, long maxSource, long target, Bytes root, boolean known) {}

  private record ValidatorRecord(Bytes pubkey, long blockWatermark, long sourceWatermark, long targetWatermark,
      List<BlockRecord> blocks, List<VoteRecord> votes) {}

  private record HistoryView(List<ValidatorRecord> validators) {}

  public byte[] toSsz() {
    List<ValidatorRecord> out = new ArrayList<>(validators.size());
    validators.forEach((pubkey, h) -> {
      List<BlockRecord> blocks = new ArrayList<>(h.blocksView().size());
      h.blocksView().forEach((slot, root) -> blocks.add(ValidatorHistory.isUnknown(root)
          ? new BlockRecord(slot, ZERO_ROOT, false) : new BlockRecord(slot, root, true)));
      List<VoteRecord> votes = new ArrayList<>(h.votesView().size());
      h.votesView().forEach((target, v) -> votes.add(new VoteRecord(v.minSource(), v.maxSource(), target,
          v.root() == null ? ZERO_ROOT : v.root(), v.root() != null)));
      out.add(new ValidatorRecord(pubkey, h.blockWatermark(), h.sourceWatermark(), h.targetWatermark(), blocks, votes));
    });
    return HISTORY.serialize(new HistoryView(out));
  }

  /**
   * Reads a history written by {@link #toSsz}.
   *
   * @throws IllegalArgumentException if the bytes are malformed
   */
  public static SlashingHistory fromSsz(byte[] ssz, Strategy strategy, long windowEpochs, long windowSlots) {
    HistoryView view = HISTORY.deserialize(ssz);
    SlashingHistory history = new SlashingHistory(strategy, windowEpochs, windowSlots);
    Map<Bytes, ValidatorHistory> read = new LinkedHashMap<>();
    for (ValidatorRecord r : view.validators()) {
      ValidatorHistory h = new ValidatorHistory();
      for (BlockRecord b : r.blocks()) {
        h.addBlock(b.slot(), b.known() ? Optional.of(b.root()) : Optional.empty());
      }
      for (VoteRecord v : r.votes()) {
        if (v.minSource() > v.maxSource() || v.minSource() < 0) {
          throw new IllegalArgumentException("attestation record of " + r.pubkey() + " at target " + v.target()
              + " has its sources out of order");
        }
        h.addAttestation(v.minSource(), v.target(), v.known() ? Optional.of(v.root()) : Optional.empty());
        if (v.maxSource() != v.minSource()) {
          h.addAttestation(v.maxSource(), v.target(), Optional.empty());
        }
      }
      h.raiseWatermarks(r.blockWatermark(), r.sourceWatermark(), r.targetWatermark());
      if (read.put(r.pubkey(), h) != null) {
        throw new IllegalArgumentException("validator " + r.pubkey() + " appears twice");
      }
    }
    history.validators.putAll(read);
    return history;
  }
}
