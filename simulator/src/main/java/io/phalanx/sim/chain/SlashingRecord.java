package io.phalanx.sim.chain;

import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.util.Bytes;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Every attestation vote each validator signed, to catch the two that would get it slashed
 * (is_slashable_attestation_data): a double vote (two different votes for one target epoch) and
 * a surround vote (one vote's source-to-target span strictly inside another's). Not thread-safe:
 * the chain guards it.
 */
final class SlashingRecord {
  /** What a vote is, next to the validator's earlier votes. */
  enum Verdict {
    /** Not seen before and conflicting with nothing: now recorded. */
    NEW,
    /** The very vote signed before. */
    REPEAT,
    /** Conflicts with an earlier vote; not recorded. */
    SLASHABLE
  }

  private record Vote(long sourceEpoch, Bytes dataRoot) {}

  /** Per validator, votes by target epoch. */
  private final Map<Long, NavigableMap<Long, Vote>> votes = new HashMap<>();

  /** The verdict on {@code data}, signed by {@code validatorIndex}, without recording it. */
  Verdict check(long validatorIndex, AttestationData data, Bytes dataRoot) {
    NavigableMap<Long, Vote> byTarget = votes.getOrDefault(validatorIndex, new TreeMap<>());
    long source = data.source().epoch();
    long target = data.target().epoch();
    Vote sameTarget = byTarget.get(target);
    if (sameTarget != null) {
      return sameTarget.dataRoot().equals(dataRoot) ? Verdict.REPEAT : Verdict.SLASHABLE;
    }
    // A surrounded earlier vote has its target between ours and a later source than ours.
    for (Map.Entry<Long, Vote> earlier : byTarget.subMap(source, false, target, false).entrySet()) {
      if (earlier.getValue().sourceEpoch() > source) {
        return Verdict.SLASHABLE;
      }
    }
    // A surrounding earlier vote has a later target and an earlier source than ours.
    for (Vote earlier : byTarget.tailMap(target, false).values()) {
      if (earlier.sourceEpoch() < source) {
        return Verdict.SLASHABLE;
      }
    }
    return Verdict.NEW;
  }

  /** Records a vote {@link #check} found {@link Verdict#NEW}. */
  void record(long validatorIndex, AttestationData data, Bytes dataRoot) {
    votes.computeIfAbsent(validatorIndex, v -> new TreeMap<>())
        .put(data.target().epoch(), new Vote(data.source().epoch(), dataRoot));
  }
}
