package io.phalanx.sim.compare;

import io.phalanx.sim.chain.RecordSink;
import io.phalanx.sim.chain.RecordedMessage;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.util.Bytes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches what one simulated chain accepts and works out when each attestation would have been
 * included: the chain takes attestations without making blocks, so the block that includes one is
 * taken to be the next slot's after the chain received it. An attestation for slot s received
 * during slot t (t ≥ s) has inclusion delay t + 1 − s; one received before or during its own slot,
 * delay 1, the least the protocol allows. Only the first acceptance of each validator's vote in a
 * slot counts. Thread-safe.
 */
public final class InclusionTracker implements RecordSink {
  private final Map<Bytes, Long> indexByKey = new HashMap<>();
  private final SlotClock clock;
  private final Map<Long, Map<Long, Long>> delaysBySlot = new ConcurrentHashMap<>();

  /** @param validators the chain's validators, index = position */
  public InclusionTracker(List<BlsPublicKey> validators, SlotClock clock) {
    for (int i = 0; i < validators.size(); i++) {
      indexByKey.put(validators.get(i).toBytes(), (long) i);
    }
    this.clock = clock;
  }

  @Override
  public void record(RecordedMessage message) {
    if (!RecordedMessage.ATTESTATION.equals(message.type())) {
      return;
    }
    Long validator = indexByKey.get(message.validatorPubkey());
    if (validator == null) {
      return;
    }
    long receivedIn = clock.currentSlot();
    long delay = Math.max(1, receivedIn + 1 - message.slot());
    delaysBySlot.computeIfAbsent(message.slot(), s -> new ConcurrentHashMap<>()).putIfAbsent(validator, delay);
  }

  /** The inclusion delays of the votes of {@code slot} included so far, by validator. */
  public Map<Long, Long> delaysIn(long slot) {
    return Map.copyOf(delaysBySlot.getOrDefault(slot, Map.of()));
  }
}
