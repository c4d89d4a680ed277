package io.phalanx.sim.chain;

import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.util.Bytes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A simulated devnet: its validators, its clock and the forks its signatures commit to. Every fork
 * up to Electra is at epoch 0 with version {@code forkVersion}; Fulu is at {@code fuluForkEpoch}:
 * at 0 it shares that version (the chain is at Fulu from genesis), later it has a version of its
 * own ({@link #fuluForkVersion()}), so the chain starts at Electra and forks to Fulu on the way.
 *
 * @param validators the validators' group public keys; a validator's index is its position
 * @param genesisTime a whole second, since {@code genesis_time} is served in seconds
 * @param slotDuration whole milliseconds; may be shorter than a second for fast runs
 * @param genesisValidatorsRoot 32 bytes, mixed into every signing domain
 * @param forkVersion 4 bytes, the version of the genesis fork and every fork up to Electra
 * @param clock where the chain reads the time, so tests advance it without waiting
 * @param sink receives every signed message the chain accepts
 * @param fuluForkEpoch the first epoch of Fulu; 0 for a chain at Fulu from genesis
 */
public record SimulatedChainConfig(
    List<BlsPublicKey> validators,
    Instant genesisTime,
    Duration slotDuration,
    long slotsPerEpoch,
    Bytes genesisValidatorsRoot,
    Bytes forkVersion,
    Clock clock,
    RecordSink sink,
    long fuluForkEpoch) {
  /** A chain at Fulu from genesis. */
  public SimulatedChainConfig(List<BlsPublicKey> validators, Instant genesisTime, Duration slotDuration,
      long slotsPerEpoch, Bytes genesisValidatorsRoot, Bytes forkVersion, Clock clock, RecordSink sink) {
    this(validators, genesisTime, slotDuration, slotsPerEpoch, genesisValidatorsRoot, forkVersion, clock, sink, 0);
  }

  public SimulatedChainConfig {
    validators = List.copyOf(validators);
    if (validators.isEmpty()) {
      throw new IllegalArgumentException("a simulated chain needs at least one validator");
    }
    Objects.requireNonNull(genesisTime, "genesisTime");
    if (genesisTime.getNano() != 0) {
      throw new IllegalArgumentException(
          "genesis time must be a whole second (genesis_time is served in seconds), got " + genesisTime);
    }
    if (slotDuration.isNegative() || slotDuration.isZero() || slotDuration.toNanos() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "slot duration must be a positive whole number of milliseconds, got " + slotDuration);
    }
    if (slotsPerEpoch < 1) {
      throw new IllegalArgumentException("slots per epoch must be at least 1, got " + slotsPerEpoch);
    }
    if (genesisValidatorsRoot.size() != 32) {
      throw new IllegalArgumentException(
          "genesis validators root must be 32 bytes, got " + genesisValidatorsRoot.size());
    }
    if (forkVersion.size() != 4) {
      throw new IllegalArgumentException("fork version must be 4 bytes, got " + forkVersion.size());
    }
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sink, "sink");
    if (fuluForkEpoch < 0) {
      throw new IllegalArgumentException("the Fulu fork epoch must not be negative, got " + fuluForkEpoch);
    }
  }

  /** Fulu's version: {@code forkVersion} if Fulu is at genesis, else the same with its first byte + 1. */
  public Bytes fuluForkVersion() {
    if (fuluForkEpoch == 0) {
      return forkVersion;
    }
    byte[] v = forkVersion.toArray();
    v[0]++;
    return Bytes.of(v);
  }

  /** The same chain with Fulu from {@code epoch} on (Electra before it). */
  public SimulatedChainConfig withFuluForkEpoch(long epoch) {
    return new SimulatedChainConfig(validators, genesisTime, slotDuration, slotsPerEpoch,
        genesisValidatorsRoot, forkVersion, clock, sink, epoch);
  }

  /**
   * SECONDS_PER_SLOT as served: exact for whole seconds, otherwise rounded up (so never 0). Slots
   * shorter than a second, or not whole seconds, are only exact in {@link #slotDurationMillis()},
   * served as SLOT_DURATION_MS; clients that read SECONDS_PER_SLOT alone cannot follow such chains.
   */
  public long secondsPerSlot() {
    return Math.ceilDiv(slotDurationMillis(), 1000L);
  }

  public long slotDurationMillis() {
    return slotDuration.toMillis();
  }

  /** The same chain with its accepted messages handed to {@code otherSink}. */
  public SimulatedChainConfig withSink(RecordSink otherSink) {
    return new SimulatedChainConfig(validators, genesisTime, slotDuration, slotsPerEpoch,
        genesisValidatorsRoot, forkVersion, clock, otherSink, fuluForkEpoch);
  }
}
