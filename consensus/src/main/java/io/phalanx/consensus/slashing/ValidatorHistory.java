package io.phalanx.consensus.slashing;

import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One validator's signing history and the EIP-3076 rules over it (the "complete" strategy, with
 * low watermarks). Pure and deterministic: nothing here reads a clock, so every node that holds
 * the same history reaches the same verdicts.
 *
 * <p>Watermarks stand for records that were pruned or folded in (the minimal strategy): a block at
 * or below the block watermark, an attestation with a source below the source watermark or a
 * target at or below the target watermark is refused. Pruning attestations with targets up to
 * {@code T} sets the watermarks to the largest source and target pruned, which is exactly what
 * keeps every later attestation from double voting, surrounding or being surrounded by a pruned
 * one. Records kept follow EIP-3076's complete rules: nothing below the oldest record (strictly),
 * no double vote or block unless the signing root is the same, no surround either way.
 *
 * <p>Several attestations may share a target (an imported file with slashable data): the record
 * keeps the smallest and largest source and forgets the signing root, so it refuses whatever any
 * of them would refuse. Not thread-safe.
 */
public final class ValidatorHistory {
  /** No watermark. */
  static final long NONE = -1;
  /** Only for a block slot with an unknown root, as a map cannot hold null. */
  private static final Bytes UNKNOWN = Bytes.EMPTY;

  /** A target epoch's record: min/max source (equal unless merged), signing root or null. */
  record Vote(long minSource, long maxSource, Bytes root) {}

  private final NavigableMap<Long, Bytes> blocks = new TreeMap<>();
  private final NavigableMap<Long, Vote> votes = new TreeMap<>();
  private long blockWatermark = NONE;
  private long sourceWatermark = NONE;
  private long targetWatermark = NONE;

  public Verdict checkBlock(long slot, Bytes signingRoot) {
    if (blockWatermark != NONE && slot <= blockWatermark) {
      return new Verdict.Refused(Rule.BLOCK_BELOW_WATERMARK, "slot " + slot + " <= watermark " + blockWatermark);
    }
    Bytes existing = blocks.get(slot);
    if (existing != null) {
      return existing != UNKNOWN && existing.equals(signingRoot)
          ? Verdict.ALREADY_SIGNED
          : new Verdict.Refused(Rule.DOUBLE_BLOCK, "slot " + slot + " has signing root "
              + (existing == UNKNOWN ? "unknown" : existing.toHex()));
    }
    if (!blocks.isEmpty() && slot < blocks.firstKey()) {
      return new Verdict.Refused(Rule.BLOCK_BELOW_WATERMARK, "slot " + slot + " < oldest block " + blocks.firstKey());
    }
    return Verdict.SAFE;
  }

  public Verdict checkAttestation(long source, long target, Bytes signingRoot) {
    if (source > target) {
      return new Verdict.Refused(Rule.SOURCE_AFTER_TARGET, "source " + source + " > target " + target);
    }
    if (targetWatermark != NONE && target <= targetWatermark) {
      return new Verdict.Refused(Rule.TARGET_BELOW_WATERMARK, "target " + target + " <= watermark " + targetWatermark);
    }
    if (sourceWatermark != NONE && source < sourceWatermark) {
      return new Verdict.Refused(Rule.SOURCE_BELOW_WATERMARK, "source " + source + " < watermark " + sourceWatermark);
    }
    Vote same = votes.get(target);
    if (same != null) {
      return same.root() != null && same.root().equals(signingRoot) && same.minSource() == source
          ? Verdict.ALREADY_SIGNED
          : new Verdict.Refused(Rule.DOUBLE_VOTE, "target " + target + " was signed with source "
              + same.minSource() + " and signing root " + (same.root() == null ? "unknown" : same.root().toHex()));
    }
    if (votes.isEmpty()) {
      return Verdict.SAFE;
    }
    if (target < votes.firstKey()) {
      return new Verdict.Refused(Rule.TARGET_BELOW_WATERMARK, "target " + target + " < oldest target " + votes.firstKey());
    }
    long minSource = Long.MAX_VALUE;
    for (Map.Entry<Long, Vote> e : votes.headMap(target, false).entrySet()) {
      Vote v = e.getValue();
      minSource = Math.min(minSource, v.minSource());
      if (source < v.maxSource()) {
        return new Verdict.Refused(Rule.SURROUNDING_VOTE, "(" + source + ", " + target + ") surrounds ("
            + v.maxSource() + ", " + e.getKey() + ")");
      }
    }
    for (Map.Entry<Long, Vote> e : votes.tailMap(target, false).entrySet()) {
      Vote v = e.getValue();
      minSource = Math.min(minSource, v.minSource());
      if (v.minSource() < source) {
        return new Verdict.Refused(Rule.SURROUNDED_VOTE, "(" + source + ", " + target + ") is surrounded by ("
            + v.minSource() + ", " + e.getKey() + ")");
      }
    }
    if (source < minSource) {
      return new Verdict.Refused(Rule.SOURCE_BELOW_WATERMARK, "source " + source + " < oldest source " + minSource);
    }
    return Verdict.SAFE;
  }

  /** Whether exactly this attestation is recorded (same target, source and known signing root). */
  public boolean hasAttestation(long source, long target, Bytes signingRoot) {
    Vote v = votes.get(target);
    return v != null && v.root() != null && v.minSource() == source && v.maxSource() == source
        && v.root().equals(signingRoot);
  }

  /** Adds a block, merging with a record at the same slot (a different root makes it unknown). */
  public void addBlock(long slot, Optional<Bytes> signingRoot) {
    Bytes root = signingRoot.orElse(UNKNOWN);
    blocks.merge(slot, root, (a, b) -> a.equals(b) ? a : UNKNOWN);
  }

  /** Adds an attestation, merging with a record at the same target. */
  public void addAttestation(long source, long target, Optional<Bytes> signingRoot) {
    addVote(target, new Vote(source, source, signingRoot.orElse(null)));
  }

  private void addVote(long target, Vote vote) {
    votes.merge(target, vote, (a, b) -> new Vote(Math.min(a.minSource(), b.minSource()),
        Math.max(a.maxSource(), b.maxSource()),
        a.root() != null && a.root().equals(b.root()) && a.minSource() == b.minSource()
            && a.maxSource() == b.maxSource() ? a.root() : null));
  }

  /**
   * Raises the watermarks to at least the given ones ({@link #NONE} leaves one as it is). Records
   * at or below a raised watermark are folded into it: the source watermark rises to their largest
   * source, so nothing they would have refused becomes signable.
   */
  public void raiseWatermarks(long block, long source, long target) {
    blockWatermark = max(blockWatermark, block);
    sourceWatermark = max(sourceWatermark, source);
    targetWatermark = max(targetWatermark, target);
    if (blockWatermark != NONE) {
      blocks.headMap(blockWatermark, true).clear();
    }
    if (targetWatermark != NONE) {
      NavigableMap<Long, Vote> folded = votes.headMap(targetWatermark, true);
      for (Vote v : folded.values()) {
        sourceWatermark = max(sourceWatermark, v.maxSource());
      }
      folded.clear();
    }
  }

  /** Folds every record into the watermarks (what the minimal strategy keeps of an import). */
  public void minify() {
    prune(0, 0, true);
  }

  /**
   * Drops blocks more than {@code windowSlots} below the newest block and attestations whose
   * target is more than {@code windowEpochs} below the newest target, raising the watermarks.
   */
  public void prune(long windowEpochs, long windowSlots) {
    prune(windowEpochs, windowSlots, false);
  }

  private void prune(long windowEpochs, long windowSlots, boolean all) {
    if (!blocks.isEmpty()) {
      long cutoff = all ? blocks.lastKey() : blocks.lastKey() - windowSlots;
      if (cutoff >= blocks.firstKey()) {
        blockWatermark = max(blockWatermark, blocks.floorKey(cutoff));
        blocks.headMap(cutoff, true).clear();
      }
    }
    if (!votes.isEmpty()) {
      long cutoff = all ? votes.lastKey() : votes.lastKey() - windowEpochs;
      if (cutoff >= votes.firstKey()) {
        NavigableMap<Long, Vote> pruned = votes.headMap(cutoff, true);
        long maxSource = NONE;
        for (Vote v : pruned.values()) {
          maxSource = Math.max(maxSource, v.maxSource());
        }
        sourceWatermark = max(sourceWatermark, maxSource);
        targetWatermark = max(targetWatermark, pruned.lastKey());
        pruned.clear();
      }
    }
  }

  /** Merges another history of the same validator into this one (records and watermarks). */
  public void merge(ValidatorHistory other) {
    other.blocks.forEach((slot, root) -> blocks.merge(slot, root, (a, b) -> a.equals(b) ? a : UNKNOWN));
    other.votes.forEach(this::addVote);
    raiseWatermarks(other.blockWatermark, other.sourceWatermark, other.targetWatermark);
  }

  public long blockWatermark() {
    return blockWatermark;
  }

  public long sourceWatermark() {
    return sourceWatermark;
  }

  public long targetWatermark() {
    return targetWatermark;
  }

  /** How many records (blocks and attestations) are kept. */
  public int size() {
    return blocks.size() + votes.size();
  }

  /** The blocks kept, oldest first, as the interchange format lists them (watermark first, as a block without root). */
  public List<SignedBlock> signedBlocks() {
    List<SignedBlock> out = new ArrayList<>(blocks.size() + 1);
    if (blockWatermark != NONE) {
      out.add(new SignedBlock(blockWatermark, Optional.empty()));
    }
    blocks.forEach((slot, root) -> out.add(new SignedBlock(slot, root == UNKNOWN ? Optional.empty() : Optional.of(root))));
    return out;
  }

  /** The attestations kept, by target, with the watermarks as an attestation without root. */
  public List<SignedAttestation> signedAttestations() {
    List<SignedAttestation> out = new ArrayList<>(votes.size() + 1);
    if (targetWatermark != NONE) {
      out.add(new SignedAttestation(Math.max(0, sourceWatermark), targetWatermark, Optional.empty()));
    }
    votes.forEach((target, v) -> {
      out.add(new SignedAttestation(v.minSource(), target, Optional.ofNullable(v.root())));
      if (v.maxSource() != v.minSource()) {
        out.add(new SignedAttestation(v.maxSource(), target, Optional.empty()));
      }
    });
    return out;
  }

  NavigableMap<Long, Bytes> blocksView() {
    return blocks;
  }

  NavigableMap<Long, Vote> votesView() {
    return votes;
  }

  static boolean isUnknown(Bytes root) {
    return root == UNKNOWN;
  }

  static Bytes unknownRoot() {
    return UNKNOWN;
  }

  private static long max(long a, long b) {
    if (a == NONE) {
      return b;
    }
    return b == NONE ? a : Math.max(a, b);
  }
}
