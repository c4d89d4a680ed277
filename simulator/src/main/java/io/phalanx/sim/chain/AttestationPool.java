package io.phalanx.sim.chain;

import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.util.Bytes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The valid attestations received, grouped as an aggregator asks for them: by slot, committee and
 * data root. Not thread-safe: the chain guards it.
 */
final class AttestationPool {
  private record Key(long committeeIndex, Bytes dataRoot) {}

  /** What an aggregate is made of: the committee positions that attested, with their signatures. */
  record Attesters(AttestationData data, int committeeLength, Map<Integer, BlsSignature> signatures) {
    Attesters {
      signatures = Map.copyOf(signatures);
    }
  }

  private record Entry(AttestationData data, int committeeLength, Map<Integer, BlsSignature> signatures) {}

  private final TreeMap<Long, Map<Key, Entry>> bySlot = new TreeMap<>();

  /** Adds one attester's signature; false if that position already attested to this data. */
  boolean add(AttestationData data, Bytes dataRoot, long committeeIndex, int committeeLength, int position,
      BlsSignature signature) {
    Entry entry = bySlot.computeIfAbsent(data.slot(), s -> new HashMap<>())
        .computeIfAbsent(new Key(committeeIndex, dataRoot), k -> new Entry(data, committeeLength, new HashMap<>()));
    return entry.signatures().putIfAbsent(position, signature) == null;
  }

  /** A copy of what arrived so far, if anything did. */
  Optional<Attesters> attesters(long slot, long committeeIndex, Bytes dataRoot) {
    return Optional.ofNullable(bySlot.getOrDefault(slot, Map.of()).get(new Key(committeeIndex, dataRoot)))
        .map(e -> new Attesters(e.data(), e.committeeLength(), e.signatures()));
  }

  /** Forgets slots before {@code slot}: no aggregator asks for them any more. */
  void pruneBefore(long slot) {
    bySlot.headMap(slot, false).clear();
  }
}
