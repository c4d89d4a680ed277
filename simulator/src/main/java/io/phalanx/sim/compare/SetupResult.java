package io.phalanx.sim.compare;

import io.phalanx.sim.chain.DutyTally;
import io.phalanx.sim.chain.SimulatedChain;
import io.phalanx.sim.chain.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How one setup (the DV cluster or the solo validator) did, per epoch, per slot and in total.
 *
 * @param epochs from the first counted epoch on
 * @param slots every slot of those epochs: attester duties due, included on time (delay 1), included at all
 */
public record SetupResult(String name, List<EpochResult> epochs, List<SlotPoint> slots, EpochResult total) {
  /** One epoch's duties, or the whole run's ({@code epoch} -1). */
  public record EpochResult(long epoch, DutyTally attester, DutyTally aggregator, Effectiveness effectiveness) {
    /** Duties of both kinds that did not succeed (failed, or still without an outcome). */
    public long missed() {
      return attester.expected() - attester.succeeded() + aggregator.expected() - aggregator.succeeded();
    }

    /** Attester duties succeeded (on time) over expected; 1 when none were due. */
    public double attesterSuccess() {
      return attester.expected() == 0 ? 1 : (double) attester.succeeded() / attester.expected();
    }

    public double aggregatorSuccess() {
      return aggregator.expected() == 0 ? 1 : (double) aggregator.succeeded() / aggregator.expected();
    }
  }

  public record SlotPoint(long slot, long expected, long onTime, long included) {}

  /**
   * Reads a finished run of {@code epochCount} epochs from {@code firstEpoch} off its chain and
   * its inclusion tracker.
   */
  static SetupResult of(String name, SimulatedChain chain, InclusionTracker tracker, int validators,
      long slotsPerEpoch, long firstEpoch, long epochCount) {
    List<EpochResult> epochs = new ArrayList<>();
    List<SlotPoint> slots = new ArrayList<>();
    DutyTally attester = DutyTally.EMPTY;
    DutyTally aggregator = DutyTally.EMPTY;
    List<Long> allDelays = new ArrayList<>();
    long allExpected = 0;
    for (long epoch = firstEpoch; epoch < firstEpoch + epochCount; epoch++) {
      Summary summary = chain.summary(epoch);
      List<Long> delays = new ArrayList<>();
      for (long slot = epoch * slotsPerEpoch; slot < (epoch + 1) * slotsPerEpoch; slot++) {
        Map<Long, Long> included = tracker.delaysIn(slot);
        long onTime = included.values().stream().filter(d -> d == 1).count();
        slots.add(new SlotPoint(slot, committee(validators, slotsPerEpoch, slot), onTime, included.size()));
        delays.addAll(included.values());
      }
      long expected = summary.attester().expected();
      epochs.add(new EpochResult(epoch, summary.attester(), summary.aggregator(),
          Effectiveness.of(expected, delays, slotsPerEpoch)));
      attester = attester.plus(summary.attester());
      aggregator = aggregator.plus(summary.aggregator());
      allDelays.addAll(delays);
      allExpected += expected;
    }
    EpochResult total = new EpochResult(-1, attester, aggregator, Effectiveness.of(allExpected, allDelays, slotsPerEpoch));
    return new SetupResult(name, List.copyOf(epochs), List.copyOf(slots), total);
  }

  /** Validators attesting in {@code slot}: those whose index is the slot's residue modulo the epoch length. */
  static long committee(int validators, long slotsPerEpoch, long slot) {
    long residue = slot % slotsPerEpoch;
    return validators / slotsPerEpoch + (residue < validators % slotsPerEpoch ? 1 : 0);
  }
}
