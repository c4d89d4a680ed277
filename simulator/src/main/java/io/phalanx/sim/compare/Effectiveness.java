package io.phalanx.sim.compare;

import java.util.Collection;
import java.util.OptionalDouble;

/**
 * Attester effectiveness in Rated's sense, over a set of attester duties:
 *
 * <pre>
 * effectiveness = participation × correctness / inclusion delay
 * participation = attestations included / attester duties expected
 * correctness   = (timely head votes + timely target votes) / (2 × attestations included)
 * inclusion delay = mean over included attestations of (inclusion slot − attestation slot), ≥ 1
 * </pre>
 *
 * A vote counts as correct as the consensus specs' participation flags do: the simulated chain
 * refuses any attestation whose data is not the chain's, so every included vote names the right
 * head and target, and then the head vote counts when included with delay 1 and the target vote
 * when included within SLOTS_PER_EPOCH slots. Where nothing was included, correctness is 0, the
 * delay absent and effectiveness 0. 1.0 is perfect: every duty included in the next slot.
 *
 * @param expected attester duties that were due
 * @param included attestations the chain accepted for them, on time or late
 */
public record Effectiveness(long expected, long included, double participation, double correctness,
    OptionalDouble inclusionDelay, double value) {
  public static final String DEFINITION = "effectiveness = participation x correctness / inclusion delay, where "
      + "participation = attestations included / attester duties expected; correctness = (timely head votes + timely "
      + "target votes) / (2 x attestations included), a head vote timely when included with delay 1 and a target vote "
      + "when within SLOTS_PER_EPOCH slots (the chain refuses wrong votes); inclusion delay = mean of (inclusion slot - "
      + "attestation slot) over included attestations, inclusion slot = the slot after the chain received it. "
      + "Nothing included: 0.";

  /** @param delays the inclusion delays of the included attestations */
  public static Effectiveness of(long expected, Collection<Long> delays, long slotsPerEpoch) {
    long included = delays.size();
    if (expected == 0 || included == 0) {
      return new Effectiveness(expected, included, 0, 0, OptionalDouble.empty(), 0);
    }
    double participation = Math.min(1.0, (double) included / expected);
    long timelyVotes = 0;
    long sum = 0;
    for (long d : delays) {
      sum += d;
      timelyVotes += (d == 1 ? 1 : 0) + (d <= slotsPerEpoch ? 1 : 0);
    }
    double correctness = timelyVotes / (2.0 * included);
    double delay = (double) sum / included;
    return new Effectiveness(expected, included, participation, correctness, OptionalDouble.of(delay),
        participation * correctness / delay);
  }
}
