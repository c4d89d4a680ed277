package io.phalanx.sim.chain;

import static io.phalanx.sim.chain.Signatures.check;
import static io.phalanx.sim.chain.Signatures.verify;

import io.phalanx.spec.bls.Bls;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.SignatureCheck;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.types.ContributionAndProof;
import io.phalanx.spec.types.MainnetPreset;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SyncCommitteeContribution;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.util.Bytes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The simulated chain's sync committee messages and contribution-and-proofs: their verification,
 * the pool of messages contributions are made from ({@link SyncCommittees}), and the duty
 * accounting of both. A message or contribution that comes again (every node of a cluster publishes
 * through each of its beacon nodes) was verified and counted when it first came. Signatures are
 * checked outside the chain's lock, in batches; state changes under it.
 */
final class SyncCommitteeIntake {
  private final ChainRules rules;
  private final DutyLedger ledger;
  private final Intake intake;
  private final Object lock;
  // Guarded by lock.
  private final SyncCommittees sync;
  private final Set<Bytes> acceptedContributions = new HashSet<>();

  SyncCommitteeIntake(ChainRules rules, SyncCommittees sync, DutyLedger ledger, Intake intake, Object lock) {
    this.rules = rules;
    this.sync = sync;
    this.ledger = ledger;
    this.intake = intake;
    this.lock = lock;
  }

  /**
   * Verifies and takes sync committee messages; each valid one over the slot's head block root
   * counts its member's duty of that slot once and is pooled for contributions.
   *
   * @return the refused ones, by position in the list
   */
  List<Refusal> submitSyncCommitteeMessages(List<SyncCommitteeMessage> messages) {
    Instant received = rules.config().clock().instant();
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
          refusals.add(intake.refuseInSlot(i, DutyType.SYNC_MESSAGE, m.validatorIndex(), m.slot(), 0, refusal.get(),
              sync.isMember(m.validatorIndex())));
        }
      }
    }
    intake.record(accepted);
    return refusals;
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
  Optional<SyncCommitteeContribution> syncCommitteeContribution(long slot, long subcommittee, Bytes root) {
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
  List<Refusal> submitContributionAndProofs(List<SignedContributionAndProof> contributions) {
    Instant received = rules.config().clock().instant();
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
          refusals.add(intake.refuseInSlot(i, DutyType.SYNC_CONTRIBUTION, aggregator, c.slot(), c.subcommitteeIndex(),
              refusal.get(), dutyKnown));
        }
      }
      if (acceptedContributions.size() > 100_000) {
        acceptedContributions.clear();
      }
    }
    intake.record(accepted);
    return refusals;
  }
}
