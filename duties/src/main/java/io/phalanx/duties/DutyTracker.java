package io.phalanx.duties;

import io.phalanx.api.BeaconNodeUnavailableException;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every step of every duty on this node. Each validator's duty is expected when the
 * beacon node names it; once its slot is over ({@link #settle}) a duty that did not go out is
 * failed with the first step that did not happen ({@link FailureReason}) and logged in one line
 * with the duty, the validator and the reason. An attestation the beacon node took is checked once
 * more after its epoch ({@link #notIncluded}): one that did not make it on chain fails as
 * {@link FailureReason#NOT_INCLUDED}. Listeners ({@link DutyListener}) hear of every
 * expected, succeeded and failed duty and every latency; metrics subscribe there.
 */
public final class DutyTracker {
  private static final Logger LOG = LoggerFactory.getLogger(DutyTracker.class);

  /** The phase0 constant TARGET_AGGREGATORS_PER_COMMITTEE. */
  static final long TARGET_AGGREGATORS_PER_COMMITTEE = 16;

  /** The steps of a duty, in order. */
  public enum Step {
    FETCH,
    CONSENSUS,
    VC_SUBMITTED,
    PARTIALS,
    AGGREGATION,
    BROADCAST
  }

  /** A validator's duty that failed, as {@link #settle} found it. */
  public record FailedDuty(DutyKey key, String validator, FailureReason reason, String detail) {}

  private record Expectation(DutyKey key, Bytes groupKey) {}

  /** A validator's attestation that the beacon node took. */
  private record Published(DutyKey key, Bytes groupKey) {}

  /** How far one validator's duty got. */
  private static final class Progress {
    final long validatorIndex;
    final long committeeLength;
    volatile boolean vcSubmitted;
    /** Proposals only: this node's validator client sent its partial RANDAO reveal (asked for the block). */
    volatile boolean randaoSubmitted;
    volatile boolean aggregated;
    volatile boolean done;
    volatile String aggregationFailure;
    volatile String broadcastFailure;

    Progress(long validatorIndex, long committeeLength) {
      this.validatorIndex = validatorIndex;
      this.committeeLength = committeeLength;
    }
  }

  private final Map<DutyType, Map<Step, AtomicLong>> succeeded = new EnumMap<>(DutyType.class);
  private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
  private final Map<Expectation, Progress> expected = new ConcurrentHashMap<>();
  private final Map<DutyKey, Boolean> decided = new ConcurrentHashMap<>();
  private final Map<DutyKey, String> fetchFailures = new ConcurrentHashMap<>();
  private final Map<DutyKey, String> consensusFailures = new ConcurrentHashMap<>();
  /** By slot, the validators (by index) whose attestation of that slot the beacon node took. */
  private final ConcurrentSkipListMap<Long, Map<Long, Published>> publishedAttestations = new ConcurrentSkipListMap<>();
  private final List<DutyListener> listeners = new CopyOnWriteArrayList<>();
  private final LatencyRecorder decisionLatency = new LatencyRecorder(100_000);
  private final LatencyRecorder submitToAggregateLatency = new LatencyRecorder(100_000);

  public DutyTracker() {
    for (DutyType type : DutyType.values()) {
      Map<Step, AtomicLong> steps = new EnumMap<>(Step.class);
      for (Step step : Step.values()) {
        steps.put(step, new AtomicLong());
      }
      succeeded.put(type, steps);
    }
  }

  public void addListener(DutyListener listener) {
    listeners.add(listener);
  }

  public void succeeded(DutyKey key, Step step) {
    succeeded(key, step, 1);
  }

  public void succeeded(DutyKey key, Step step, int count) {
    succeeded.get(key.type()).get(step).addAndGet(count);
  }

  /**
   * Records a failed step; {@code validator} (hex group key) may be null when the step concerns
   * all validators of the key. Logged at debug here: the one line per failed duty comes from
   * {@link #settle}, with this reason as its detail.
   */
  public void failed(DutyKey key, Step step, String validator, String reason) {
    String label = step.name().toLowerCase() + ": " + category(reason);
    failures.computeIfAbsent(key.type().name().toLowerCase() + " " + label, k -> new AtomicLong()).incrementAndGet();
    switch (step) {
      case FETCH -> fetchFailures.putIfAbsent(key, reason);
      case CONSENSUS -> consensusFailures.putIfAbsent(key, reason);
      case AGGREGATION -> {
        Progress p = validator == null ? null : expected.get(new Expectation(key, Bytes.fromHex(validator)));
        if (p != null) {
          p.aggregationFailure = reason;
        }
      }
      default -> { }
    }
    LOG.debug("duty {} failed at {}{}: {}", key, step.name().toLowerCase(),
        validator == null ? "" : " for validator " + validator, reason);
  }

  /**
   * The beacon node named a validator's attester duty: its attestation and its selection proof
   * are expected; its aggregation is expected once the combined selection proof shows it aggregates.
   */
  public void expectAttester(long slot, Bytes groupKey, long validatorIndex, long committeeLength) {
    expect(new DutyKey(slot, DutyType.ATTESTER), groupKey, validatorIndex, committeeLength);
    expect(new DutyKey(slot, DutyType.SELECTION_PROOF), groupKey, validatorIndex, committeeLength);
  }

  /** The beacon node named a validator a sync committee member in {@code slot}: its sync message is expected. */
  public void expectSyncMessage(long slot, Bytes groupKey, long validatorIndex) {
    expect(new DutyKey(slot, DutyType.SYNC_MESSAGE), groupKey, validatorIndex, 0);
  }

  /**
   * The beacon node named a validator of the cluster the proposer of {@code slot}: its block is
   * expected, and missing it is a failure with its reason like any other duty's.
   */
  public void expectProposer(long slot, Bytes groupKey, long validatorIndex) {
    expect(new DutyKey(slot, DutyType.PROPOSER), groupKey, validatorIndex, 0);
  }

  private void expect(DutyKey key, Bytes groupKey, long validatorIndex, long committeeLength) {
    if (expected.putIfAbsent(new Expectation(key, groupKey), new Progress(validatorIndex, committeeLength)) == null) {
      listeners.forEach(l -> l.expected(key.type()));
    }
  }

  /** The cluster decided {@code key}'s value (whoever proposed it). */
  public void decided(DutyKey key) {
    decided.put(key, Boolean.TRUE);
  }

  /** The cluster decided {@code key} after this node proposed, {@code latency} later. */
  public void decisionLatency(DutyKey key, Duration latency) {
    decisionLatency.record(latency);
    listeners.forEach(l -> l.decided(key.type(), latency));
  }

  /** This node's validator client sent a partial signature that verified, for these validators. */
  public void vcSubmitted(DutyKey key, List<Bytes> groupKeys) {
    succeeded(key, Step.VC_SUBMITTED, groupKeys.size());
    if (key.type() == DutyType.RANDAO) {
      for (Bytes g : groupKeys) {
        Progress p = expected.get(new Expectation(new DutyKey(key.slot(), DutyType.PROPOSER), g));
        if (p != null) {
          p.randaoSubmitted = true;
        }
      }
      return;
    }
    for (Bytes g : groupKeys) {
      Progress p = expected.get(new Expectation(key, g));
      if (p != null) {
        p.vcSubmitted = true;
      }
    }
  }

  /** From this node's validator client's partial signature to the whole signature for {@code key}. */
  public void aggregationLatency(DutyKey key, Duration latency) {
    submitToAggregateLatency.record(latency);
    listeners.forEach(l -> l.aggregated(key.type(), latency));
  }

  /** The validator's whole signature for {@code key} is ready and verified. */
  public void aggregated(DutyKey key, Bytes groupKey, Bytes signedMessage) {
    succeeded(key, Step.AGGREGATION);
    Progress p = expected.get(new Expectation(key, groupKey));
    if (p == null) {
      return;
    }
    p.aggregated = true;
    if (key.type() == DutyType.SELECTION_PROOF) {
      done(p, key);
      Bytes proof = BeaconCommitteeSelection.SSZ.deserialize(signedMessage).selectionProof();
      if (isAggregator(p.committeeLength, proof)) {
        expect(new DutyKey(key.slot(), DutyType.AGGREGATOR), groupKey, p.validatorIndex, p.committeeLength);
      }
    }
  }

  /** One publication of {@code groupKeys}' signed objects for {@code key}; {@code failure} null on success. */
  public void broadcast(DutyKey key, List<Bytes> groupKeys, Duration latency, String failure) {
    listeners.forEach(l -> l.broadcast(key.type(), latency, failure == null));
    if (failure == null) {
      succeeded(key, Step.BROADCAST, groupKeys.size());
    } else {
      failed(key, Step.BROADCAST, null, groupKeys.size() + " signed objects not published: " + failure);
    }
    for (Bytes g : groupKeys) {
      Progress p = expected.get(new Expectation(key, g));
      if (p == null) {
        continue;
      }
      if (failure == null) {
        done(p, key);
        if (key.type() == DutyType.ATTESTER) {
          publishedAttestations.computeIfAbsent(key.slot(), k -> new ConcurrentHashMap<>())
              .put(p.validatorIndex, new Published(key, g));
        }
      } else {
        p.broadcastFailure = failure;
      }
    }
  }

  private void done(Progress p, DutyKey key) {
    if (!p.done) {
      p.done = true;
      listeners.forEach(l -> l.succeeded(key.type()));
    }
  }

  /**
   * Ends the duties of slots up to {@code slot}: every expected one that did not go out failed, at
   * the first step that did not happen. Logs one line per failure and returns them.
   */
  public List<FailedDuty> settle(long slot) {
    List<FailedDuty> failed = new ArrayList<>();
    List<Map.Entry<Expectation, Progress>> due = new ArrayList<>();
    for (Map.Entry<Expectation, Progress> e : expected.entrySet()) {
      if (e.getKey().key().slot() <= slot) {
        due.add(e);
      }
    }
    due.sort(Comparator.comparing((Map.Entry<Expectation, Progress> e) -> e.getKey().key())
        .thenComparingLong(e -> e.getValue().validatorIndex));
    for (Map.Entry<Expectation, Progress> e : due) {
      DutyKey key = e.getKey().key();
      if (expected.remove(e.getKey()) == null) {
        continue;
      }
      Progress p = e.getValue();
      if (p.done) {
        continue;
      }
      FailedDuty f = reasonFor(key, e.getKey().groupKey(), p);
      failed.add(f);
      listeners.forEach(l -> l.failed(key.type(), f.reason()));
      LOG.warn("duty {} failed for validator {} ({}): {}: {}", key, p.validatorIndex, f.validator(),
          f.reason().label(), f.detail());
    }
    decided.keySet().removeIf(k -> k.slot() <= slot);
    fetchFailures.keySet().removeIf(k -> k.slot() <= slot);
    consensusFailures.keySet().removeIf(k -> k.slot() <= slot);
    return failed;
  }

  private FailedDuty reasonFor(DutyKey key, Bytes groupKey, Progress p) {
    String validator = groupKey.toHex();
    if (p.aggregated) {
      return new FailedDuty(key, validator, FailureReason.BROADCAST,
          p.broadcastFailure == null ? FailureReason.BROADCAST.description() : p.broadcastFailure);
    }
    if (p.aggregationFailure != null) {
      return new FailedDuty(key, validator, FailureReason.AGGREGATION, p.aggregationFailure);
    }
    boolean agreed = key.type() == DutyType.SELECTION_PROOF || decided.containsKey(key);
    if (!agreed) {
      String fetch = fetchFailures.get(key);
      if (fetch != null) {
        return new FailedDuty(key, validator, FailureReason.FETCH, fetch);
      }
      String consensus = consensusFailures.get(key);
      if (consensus == null && key.type() == DutyType.PROPOSER && !p.randaoSubmitted) {
        // A block is fetched and agreed on only once the validator client asks for it.
        return new FailedDuty(key, validator, FailureReason.VC_DID_NOT_SIGN,
            "the validator client did not ask for the block (no partial RANDAO reveal)");
      }
      return new FailedDuty(key, validator, FailureReason.CONSENSUS,
          consensus == null ? FailureReason.CONSENSUS.description() : consensus);
    }
    if (!p.vcSubmitted) {
      return new FailedDuty(key, validator, FailureReason.VC_DID_NOT_SIGN, FailureReason.VC_DID_NOT_SIGN.description());
    }
    return new FailedDuty(key, validator, FailureReason.TOO_FEW_PARTIALS, FailureReason.TOO_FEW_PARTIALS.description());
  }

  /**
   * The validators (by index, ascending) whose attestation of a slot from {@code firstSlot} to
   * {@code lastSlot} the beacon node took: the ones to ask liveness for once the epoch is over.
   */
  public List<Long> publishedAttesters(long firstSlot, long lastSlot) {
    return publishedAttestations.subMap(firstSlot, true, lastSlot, true).values().stream()
        .flatMap(m -> m.keySet().stream()).distinct().sorted().toList();
  }

  /**
   * Ends the inclusion check of the attestations of slots from {@code firstSlot} to {@code
   * lastSlot}: each one published whose validator {@code notLive} names (the beacon node saw no
   * attestation of it on chain for the epoch) failed as {@link FailureReason#NOT_INCLUDED}. Logs one
   * line per failure and returns them; forgets every published attestation up to {@code lastSlot}.
   * An empty {@code notLive} (all included, or liveness not known) only forgets.
   */
  public List<FailedDuty> notIncluded(long firstSlot, long lastSlot, Set<Long> notLive) {
    NavigableMap<Long, Map<Long, Published>> due = publishedAttestations.headMap(lastSlot, true);
    List<FailedDuty> failed = new ArrayList<>();
    for (Map.Entry<Long, Map<Long, Published>> slot : due.entrySet()) {
      if (slot.getKey() < firstSlot) {
        continue;
      }
      new TreeMap<>(slot.getValue()).forEach((index, published) -> {
        if (!notLive.contains(index)) {
          return;
        }
        FailedDuty f = new FailedDuty(published.key(), published.groupKey().toHex(), FailureReason.NOT_INCLUDED,
            FailureReason.NOT_INCLUDED.description());
        failed.add(f);
        failures.computeIfAbsent(published.key().type().name().toLowerCase() + " " + FailureReason.NOT_INCLUDED.label()
            + ": " + f.detail(), k -> new AtomicLong()).incrementAndGet();
        listeners.forEach(l -> l.failed(published.key().type(), FailureReason.NOT_INCLUDED));
        LOG.warn("duty {} failed for validator {} ({}): {}: {}", published.key(), index, f.validator(),
            f.reason().label(), f.detail());
      });
    }
    due.clear();
    return failed;
  }

  /** Duties expected and not yet settled. */
  public int pending() {
    return expected.size();
  }

  /**
   * is_aggregator (phase0 validator.md): about 16 members of each committee aggregate, chosen by
   * the hash of their combined selection proof.
   */
  static boolean isAggregator(long committeeLength, Bytes selectionProof) {
    long modulo = Math.max(1, committeeLength / TARGET_AGGREGATORS_PER_COMMITTEE);
    long firstEightBytes = ByteBuffer.wrap(Sha256.hash(selectionProof.toArray()), 0, 8)
        .order(ByteOrder.LITTLE_ENDIAN)
        .getLong();
    return Long.remainderUnsigned(firstEightBytes, modulo) == 0;
  }

  /**
   * The part of a reason that names the kind of failure, for counting: up to the first colon,
   * parenthesis or semicolon, numbers left out, so "no leader for 1964 ms" and "... 2599 ms" count
   * as one.
   */
  static String category(String reason) {
    if (reason.contains(BeaconNodeUnavailableException.REASON)) {
      // Whatever was being fetched or published, no beacon node answered: one kind of failure.
      return BeaconNodeUnavailableException.REASON;
    }
    String head = reason.split("[:;(]", 2)[0].trim();
    return head.replaceAll("\\d+", "N");
  }

  public LatencyRecorder decisionLatency() {
    return decisionLatency;
  }

  /** From a validator client's partial signature to the whole signature, ready to publish. */
  public LatencyRecorder submitToAggregateLatency() {
    return submitToAggregateLatency;
  }

  public long count(DutyType type, Step step) {
    return succeeded.get(type).get(step).get();
  }

  /** Failures by "duty-type step: reason". */
  public Map<String, Long> failures() {
    Map<String, Long> out = new TreeMap<>();
    failures.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
