package io.phalanx.sim.chain;

import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.types.MainnetPreset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.LongStream;

/**
 * Which attester and aggregator duties were expected, done, or failed, per epoch. Duties are
 * counted from {@code firstEpoch}, the first epoch to start once the chain runs, so a node started
 * mid-chain does not count the duties no one could have done as missing.
 *
 * <p>A duty's outcome can change until its deadline ({@link ChainRules#isPastDeadline}): a valid
 * submission turns an earlier refusal into success. Once every slot of an epoch is past its
 * deadline the epoch is final: its tallies are kept and its outcomes dropped, so memory does not
 * grow with the length of a run. Not thread-safe: the chain guards it.
 */
final class DutyLedger {
  private record DutyId(DutyType type, long validatorIndex) {}

  /**
   * A duty a validator has in every slot (sync committee message), or per slot and subcommittee
   * ({@code part}: sync committee contribution; 0 where there is one per slot).
   */
  private record SlotDutyId(DutyType type, long validatorIndex, long slot, long part) {}

  /** Success, or the reason for failure. */
  private record Outcome(Optional<FailureReason> failure) {
    static final Outcome SUCCESS = new Outcome(Optional.empty());

    static Outcome failed(FailureReason reason) {
      return new Outcome(Optional.of(reason));
    }
  }

  private static final class Epoch {
    final Map<DutyId, Outcome> outcomes = new HashMap<>();
    final Map<SlotDutyId, Outcome> slotOutcomes = new HashMap<>();
    final Map<DutyType, Map<String, Long>> refused = new EnumMap<>(DutyType.class);
    /** The duty tallies, once final; refusals are added on top as they come. */
    Summary finalDuties;
  }

  private final ChainRules rules;
  private final long firstEpoch;
  private final TreeMap<Long, Epoch> epochs = new TreeMap<>();
  private long nextToFinalize;

  DutyLedger(ChainRules rules, long firstEpoch) {
    this.rules = rules;
    this.firstEpoch = firstEpoch;
    this.nextToFinalize = firstEpoch;
  }

  long firstEpoch() {
    return firstEpoch;
  }

  /**
   * A valid message for {@code validatorIndex}'s duty of {@code slot}; a late one fails the duty
   * as late unless it had succeeded already.
   */
  void succeeded(DutyType type, long validatorIndex, long slot, boolean late) {
    changeOutcome(type, validatorIndex, slot, late ? Outcome.failed(FailureReason.LATE) : Outcome.SUCCESS);
  }

  /**
   * A refused submission, counted in the epoch of {@code slot}. When {@code dutyFails} (the
   * message was the validator's duty of that slot) the duty fails with {@code reason} unless it had
   * succeeded already.
   */
  void refused(DutyType type, long validatorIndex, long slot, FailureReason reason, boolean dutyFails) {
    long epoch = rules.epochOf(slot);
    if (epoch < firstEpoch) {
      return;
    }
    epoch(epoch).refused.computeIfAbsent(type, t -> new TreeMap<>()).merge(reason.text(), 1L, Long::sum);
    if (dutyFails) {
      changeOutcome(type, validatorIndex, slot, Outcome.failed(reason));
    }
  }

  /** As {@link #succeeded}, for a duty of {@code slot} itself (and subcommittee {@code part}). */
  void succeededInSlot(DutyType type, long validatorIndex, long slot, long part, boolean late) {
    changeSlotOutcome(new SlotDutyId(type, validatorIndex, slot, part),
        late ? Outcome.failed(FailureReason.LATE) : Outcome.SUCCESS);
  }

  /** As {@link #refused}, for a duty of {@code slot} itself (and subcommittee {@code part}). */
  void refusedInSlot(DutyType type, long validatorIndex, long slot, long part, FailureReason reason,
      boolean dutyFails) {
    refused(type, validatorIndex, slot, reason, false);
    if (dutyFails) {
      changeSlotOutcome(new SlotDutyId(type, validatorIndex, slot, part), Outcome.failed(reason));
    }
  }

  private void changeSlotOutcome(SlotDutyId id, Outcome outcome) {
    long epoch = rules.epochOf(id.slot());
    if (epoch < firstEpoch || rules.isPastDeadline(id.slot(), rules.currentSlot())) {
      return;
    }
    epoch(epoch).slotOutcomes.merge(id, outcome, (before, after) -> before.equals(Outcome.SUCCESS) ? before : after);
  }

  private void changeOutcome(DutyType type, long validatorIndex, long slot, Outcome outcome) {
    long epoch = rules.epochOf(slot);
    if (epoch < firstEpoch || rules.isPastDeadline(slot, rules.currentSlot())) {
      return;
    }
    epoch(epoch).outcomes.merge(new DutyId(type, validatorIndex), outcome,
        (before, after) -> before.equals(Outcome.SUCCESS) ? before : after);
  }

  private Epoch epoch(long epoch) {
    finalizeDue();
    return epochs.computeIfAbsent(epoch, e -> new Epoch());
  }

  /** Freezes the epochs whose every duty is past its deadline. */
  private void finalizeDue() {
    long currentSlot = rules.currentSlot();
    while (rules.isPastDeadline(lastSlotOf(nextToFinalize), currentSlot)) {
      Epoch epoch = epochs.computeIfAbsent(nextToFinalize, e -> new Epoch());
      epoch.finalDuties = duties(nextToFinalize, epoch);
      epoch.outcomes.clear();
      epoch.slotOutcomes.clear();
      nextToFinalize++;
    }
  }

  private long lastSlotOf(long epoch) {
    return rules.clock().firstSlotOf(epoch + 1) - 1;
  }

  /** The epoch's duties (refusals aside) as they stand. */
  private Summary duties(long epochNumber, Epoch epoch) {
    return new Summary(tally(DutyType.ATTESTER, epochNumber, epoch), tally(DutyType.AGGREGATOR, epochNumber, epoch),
        proposerTally(epochNumber, epoch),
        slotTally(DutyType.SYNC_MESSAGE, epochNumber, epoch), slotTally(DutyType.SYNC_CONTRIBUTION, epochNumber, epoch), DutyTally.EMPTY,
        DutyTally.EMPTY);
  }

  /**
   * Sync committee messages are expected from every member in every started slot. Contributions
   * are expected from every member of each subcommittee where every member aggregates ({@link
   * SyncCommittees#everyMemberAggregates}); elsewhere only once a contribution shows it selected.
   */
  private DutyTally slotTally(DutyType type, long epochNumber, Epoch epoch) {
    long lastStarted = rules.lastStartedSlot();
    long currentSlot = rules.currentSlot();
    long firstSlot = rules.clock().firstSlotOf(epochNumber);
    Map<List<Long>, Long> outcomesIn = new HashMap<>();
    long succeeded = 0;
    Map<String, Long> failed = new TreeMap<>();
    for (Map.Entry<SlotDutyId, Outcome> entry : epoch.slotOutcomes.entrySet()) {
      SlotDutyId id = entry.getKey();
      if (id.type() != type) {
        continue;
      }
      outcomesIn.merge(List.of(id.slot(), id.part()), 1L, Long::sum);
      Optional<FailureReason> failure = entry.getValue().failure();
      if (failure.isEmpty()) {
        succeeded++;
      } else {
        failed.merge(failure.get().text(), 1L, Long::sum);
      }
    }
    long expected = 0;
    SyncCommittees sync = new SyncCommittees(rules);
    for (long slot = firstSlot; slot < firstSlot + rules.slotsPerEpoch(); slot++) {
      List<Long> parts = type == DutyType.SYNC_MESSAGE ? List.of(0L)
          : LongStream.range(0, MainnetPreset.SYNC_COMMITTEE_SUBNET_COUNT)
              .boxed().toList();
      for (long part : parts) {
        long seen = outcomesIn.getOrDefault(List.of(slot, part), 0L);
        long due = type == DutyType.SYNC_MESSAGE ? sync.memberCount()
            : sync.everyMemberAggregates(part) ? sync.subcommitteeMembers(part).size() : -1;
        if (due >= 0 && slot <= lastStarted) {
          expected += due;
          if (rules.isPastDeadline(slot, currentSlot) && due > seen) {
            failed.merge(FailureReason.MISSING.text(), due - seen, Long::sum);
          }
        } else {
          expected += seen;
        }
      }
    }
    return new DutyTally(expected, succeeded, failed, Map.of());
  }

  /**
   * Attester duties are expected from the start of their slot. Aggregator duties are expected then
   * too where every committee member aggregates ({@link ChainRules#everyMemberAggregates}); in
   * larger committees only an aggregator's own proof shows it was selected, so there a duty is
   * expected once a valid selection proof that selects it arrives, and cannot go missing.
   */
  private DutyTally tally(DutyType type, long epochNumber, Epoch epoch) {
    long lastStarted = rules.lastStartedSlot();
    long currentSlot = rules.currentSlot();
    long firstSlot = rules.clock().firstSlotOf(epochNumber);
    long[] outcomesInSlot = new long[Math.toIntExact(rules.slotsPerEpoch())];
    long succeeded = 0;
    Map<String, Long> failed = new TreeMap<>();
    for (Map.Entry<DutyId, Outcome> entry : epoch.outcomes.entrySet()) {
      if (entry.getKey().type() != type) {
        continue;
      }
      outcomesInSlot[Math.toIntExact(entry.getKey().validatorIndex() % rules.slotsPerEpoch())]++;
      Optional<FailureReason> failure = entry.getValue().failure();
      if (failure.isEmpty()) {
        succeeded++;
      } else {
        failed.merge(failure.get().text(), 1L, Long::sum);
      }
    }
    long expected = 0;
    for (int offset = 0; offset < outcomesInSlot.length; offset++) {
      long slot = firstSlot + offset;
      boolean knownInAdvance = type == DutyType.ATTESTER || rules.everyMemberAggregates(slot);
      if (knownInAdvance && slot <= lastStarted) {
        long committee = rules.committeeLength(slot);
        expected += committee;
        if (rules.isPastDeadline(slot, currentSlot) && committee > outcomesInSlot[offset]) {
          failed.merge(FailureReason.MISSING.text(), committee - outcomesInSlot[offset], Long::sum);
        }
      } else {
        expected += outcomesInSlot[offset];
      }
    }
    return new DutyTally(expected, succeeded, failed, Map.of());
  }

  /**
   * One proposal is expected per started slot (every slot has a proposer among the chain's
   * validators). Proposer outcomes are kept by slot: {@code validatorIndex} of a PROPOSER
   * {@link DutyId} is the slot.
   */
  private DutyTally proposerTally(long epochNumber, Epoch epoch) {
    long lastStarted = rules.lastStartedSlot();
    long currentSlot = rules.currentSlot();
    long firstSlot = rules.clock().firstSlotOf(epochNumber);
    long expected = 0;
    long succeeded = 0;
    Map<String, Long> failed = new TreeMap<>();
    for (long slot = firstSlot; slot < firstSlot + rules.slotsPerEpoch() && slot <= lastStarted; slot++) {
      expected++;
      Outcome outcome = epoch.outcomes.get(new DutyId(DutyType.PROPOSER, slot));
      if (outcome == null) {
        if (rules.isPastDeadline(slot, currentSlot)) {
          failed.merge(FailureReason.MISSING.text(), 1L, Long::sum);
        }
      } else if (outcome.failure().isEmpty()) {
        succeeded++;
      } else {
        failed.merge(outcome.failure().get().text(), 1L, Long::sum);
      }
    }
    return new DutyTally(expected, succeeded, failed, Map.of());
  }

  /** How {@code epoch} went so far; empty tallies for epochs before the first counted one. */
  Summary summary(long epochNumber) {
    if (epochNumber < firstEpoch) {
      return Summary.EMPTY;
    }
    finalizeDue();
    Epoch epoch = epochs.getOrDefault(epochNumber, new Epoch());
    Summary duties = epoch.finalDuties != null ? epoch.finalDuties : duties(epochNumber, epoch);
    return new Summary(
        withRefusals(duties.attester(), epoch.refused.getOrDefault(DutyType.ATTESTER, Map.of())),
        withRefusals(duties.aggregator(), epoch.refused.getOrDefault(DutyType.AGGREGATOR, Map.of())),
        withRefusals(duties.proposer(), epoch.refused.getOrDefault(DutyType.PROPOSER, Map.of())),
        withRefusals(duties.syncMessage(), epoch.refused.getOrDefault(DutyType.SYNC_MESSAGE, Map.of())),
        withRefusals(duties.syncContribution(), epoch.refused.getOrDefault(DutyType.SYNC_CONTRIBUTION, Map.of())),
        DutyTally.EMPTY, DutyTally.EMPTY);
  }

  private static DutyTally withRefusals(DutyTally duties, Map<String, Long> refused) {
    return new DutyTally(duties.expected(), duties.succeeded(), duties.failed(), refused);
  }

  /** Every counted epoch up to the current one. */
  SortedMap<Long, Summary> summaries() {
    SortedMap<Long, Summary> all = new TreeMap<>();
    for (long epoch = firstEpoch; epoch <= rules.clock().currentEpoch(); epoch++) {
      all.put(epoch, summary(epoch));
    }
    return all;
  }

  /** The whole run so far. */
  Summary summary() {
    return summaries().values().stream().reduce(Summary.EMPTY, Summary::plus);
  }
}
