package io.phalanx.sim.chain;

import static io.phalanx.spec.types.MainnetPreset.SYNC_COMMITTEE_SIZE;
import static io.phalanx.spec.types.MainnetPreset.SYNC_COMMITTEE_SUBNET_COUNT;
import static io.phalanx.spec.types.MainnetPreset.SYNC_SUBCOMMITTEE_SIZE;

import io.phalanx.spec.api.SyncCommitteeDuty;
import io.phalanx.spec.bls.Bls;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.signing.DomainType;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.ssz.Bitfield;
import io.phalanx.spec.types.ContributionAndProof;
import io.phalanx.spec.types.SyncAggregatorSelectionData;
import io.phalanx.spec.types.SyncCommitteeContribution;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The simulated chain's sync committee: who is in it, who aggregates, and the pool of sync
 * committee messages received, from which contributions are built.
 *
 * <p><b>Membership.</b> The committee has {@code k = min(V, SYNC_COMMITTEE_SUBNET_COUNT)} distinct
 * members, validators 0 to k - 1 (V validators), in every sync committee period: position {@code i}
 * (0 to SYNC_COMMITTEE_SIZE - 1) is validator {@code (i / SYNC_SUBCOMMITTEE_SIZE) mod k}, so each
 * subcommittee is one validator at all its positions. A short simnet run has sync committee duties
 * in every slot, yet at most four messages, selections and contributions per slot: the simulated
 * chain stays cheap to run beside the attestation duties of many validators.
 *
 * <p><b>Aggregators.</b> is_sync_committee_aggregator: modulo max(1, SYNC_COMMITTEE_SIZE /
 * SYNC_COMMITTEE_SUBNET_COUNT / TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE), with the target the
 * chain serves in its config. It is relaxed for the chain's subcommittees of one validator: the
 * chain serves 32 rather than the spec's 16 (modulo 4, not 8), so about one of a slot's four
 * members aggregates and a short run has contributions in most slots, without four of them
 * beside the slot's aggregates at 2/3 on the one machine. As for aggregators of large attestation
 * committees, a contribution duty is expected only once a valid contribution shows its aggregator
 * selected (no one can know before), and so cannot go missing. Validator clients that read the
 * target from the config agree on who aggregates.
 *
 * <p>Not thread-safe: the chain guards it.
 */
final class SyncCommittees {
  /** The spec's TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE. */
  static final int TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE = 16;

  /** What the chain serves as TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE: one aggregator in four members. */
  static final int RELAXED_TARGET_AGGREGATORS = 2 * TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE;

  private final ChainRules rules;
  /** By slot, then block root: each member's message signature. */
  private final TreeMap<Long, Map<Bytes, Map<Long, BlsSignature>>> messages = new TreeMap<>();

  SyncCommittees(ChainRules rules) {
    this.rules = rules;
  }

  /** The domain of {@code type} at {@code slot}'s epoch, under the fork the chain is on then. */
  private Bytes domain(DomainType type, long slot) {
    return rules.domain(type, rules.epochOf(slot));
  }

  // Membership.

  /** The validator at {@code position} of the sync committee. */
  long member(int position) {
    return (position / SYNC_SUBCOMMITTEE_SIZE) % memberCount();
  }

  /** How many distinct validators the committee has. */
  int memberCount() {
    return Math.min(rules.validatorCount(), SYNC_COMMITTEE_SUBNET_COUNT);
  }

  boolean isMember(long validatorIndex) {
    return validatorIndex >= 0 && validatorIndex < memberCount();
  }

  /** The validator's positions in the committee, ascending. */
  List<Long> positions(long validatorIndex) {
    List<Long> positions = new ArrayList<>();
    for (int i = 0; i < SYNC_COMMITTEE_SIZE && isMember(validatorIndex); i++) {
      if (member(i) == validatorIndex) {
        positions.add((long) i);
      }
    }
    return positions;
  }

  boolean inSubcommittee(long validatorIndex, long subcommittee) {
    return subcommitteeMembers(subcommittee).contains(validatorIndex);
  }

  /** The distinct validators of {@code subcommittee}, ascending. */
  TreeSet<Long> subcommitteeMembers(long subcommittee) {
    TreeSet<Long> members = new TreeSet<>();
    for (int j = 0; j < SYNC_SUBCOMMITTEE_SIZE; j++) {
      members.add(member(Math.toIntExact(subcommittee * SYNC_SUBCOMMITTEE_SIZE + j)));
    }
    return members;
  }

  SyncCommitteeDuty duty(long validatorIndex) {
    return new SyncCommitteeDuty(rules.publicKey(validatorIndex).toBytes(), validatorIndex, positions(validatorIndex));
  }

  /** TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE as the chain serves it, relaxed (see above). */
  int targetAggregators() {
    return RELAXED_TARGET_AGGREGATORS;
  }

  /** The spec's modulo with the chain's target: the same for every subcommittee. */
  long aggregatorModulo(long subcommittee) {
    return moduloForTarget(targetAggregators());
  }

  /** is_sync_committee_aggregator's modulo for a target, as validator clients compute it. */
  static long moduloForTarget(int targetAggregators) {
    return Math.max(1, SYNC_SUBCOMMITTEE_SIZE / targetAggregators);
  }

  /** Whether every member of the subcommittee aggregates, known before any selection proof. */
  boolean everyMemberAggregates(long subcommittee) {
    return aggregatorModulo(subcommittee) == 1;
  }

  /** is_sync_committee_aggregator: the first 8 bytes of sha256(proof), little-endian, modulo. */
  boolean isAggregator(long subcommittee, Bytes selectionProof) {
    long head = ByteBuffer.wrap(Sha256.hash(selectionProof.toArray()), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return Long.remainderUnsigned(head, aggregatorModulo(subcommittee)) == 0;
  }

  // Signing roots.

  Bytes messageSigningRoot(long slot, Bytes beaconBlockRoot) {
    return SigningRoots.syncCommitteeMessageSigningRoot(beaconBlockRoot, domain(DomainType.SYNC_COMMITTEE, slot));
  }

  Bytes selectionProofSigningRoot(long slot, long subcommittee) {
    return SigningRoots.syncSelectionProofSigningRoot(new SyncAggregatorSelectionData(slot, subcommittee),
        domain(DomainType.SYNC_COMMITTEE_SELECTION_PROOF, slot));
  }

  Bytes contributionAndProofSigningRoot(ContributionAndProof message) {
    return SigningRoots.computeSigningRoot(ContributionAndProof.SSZ, message,
        domain(DomainType.CONTRIBUTION_AND_PROOF, message.contribution().slot()));
  }

  /** The validators behind a contribution's set bits, one per bit (a validator may hold several). */
  List<Long> participants(SyncCommitteeContribution contribution) {
    long first = contribution.subcommitteeIndex() * SYNC_SUBCOMMITTEE_SIZE;
    return contribution.aggregationBits().setBits().mapToObj(j -> member(Math.toIntExact(first + j))).toList();
  }

  // The message pool.

  /**
   * Whether exactly this message is pooled already: every node of a cluster publishes the same
   * combined message through each of its beacon nodes, and a repeat needs no second verification.
   */
  boolean isPooled(long slot, Bytes beaconBlockRoot, long validatorIndex, Bytes signature) {
    BlsSignature pooled = messages.getOrDefault(slot, Map.of()).getOrDefault(beaconBlockRoot, Map.of())
        .get(validatorIndex);
    return pooled != null && pooled.toBytes().equals(signature);
  }

  /** Pools a validly signed message; false if the member's message for the slot and root was in already. */
  boolean add(long slot, Bytes beaconBlockRoot, long validatorIndex, BlsSignature signature) {
    messages.headMap(rules.currentSlot() - 2 * rules.slotsPerEpoch()).clear();
    return messages.computeIfAbsent(slot, s -> new HashMap<>())
        .computeIfAbsent(beaconBlockRoot, r -> new HashMap<>())
        .putIfAbsent(validatorIndex, signature) == null;
  }

  /**
   * The contribution of {@code subcommittee}'s members' pooled messages over {@code root}: a bit
   * for every position whose validator sent one, the signature the aggregate over the bits.
   */
  Optional<SyncCommitteeContribution> contribution(long slot, long subcommittee, Bytes root) {
    if (subcommittee < 0 || subcommittee >= SYNC_COMMITTEE_SUBNET_COUNT) {
      return Optional.empty();
    }
    Map<Long, BlsSignature> signed = messages.getOrDefault(slot, Map.of()).getOrDefault(root, Map.of());
    List<Integer> bits = new ArrayList<>();
    List<BlsSignature> signatures = new ArrayList<>();
    for (int j = 0; j < SYNC_SUBCOMMITTEE_SIZE; j++) {
      BlsSignature s = signed.get(member(Math.toIntExact(subcommittee * SYNC_SUBCOMMITTEE_SIZE + j)));
      if (s != null) {
        bits.add(j);
        signatures.add(s);
      }
    }
    if (bits.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new SyncCommitteeContribution(slot, root, subcommittee,
        Bitfield.of(SYNC_SUBCOMMITTEE_SIZE, bits.stream().mapToInt(Integer::intValue).toArray()),
        Bls.aggregate(signatures).toBytes()));
  }
}
