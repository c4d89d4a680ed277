package io.phalanx.duties.testing;

import io.phalanx.consensus.Consensus;
import io.phalanx.consensus.SlashingProtection;
import io.phalanx.consensus.slashing.SlashingHistory;
import io.phalanx.consensus.slashing.Verdict;
import io.phalanx.duties.SignedMessages;
import io.phalanx.spec.api.ProducedBlock;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.util.Bytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The cluster's agreement in memory, as the Raft state machine behaves: one log for all nodes, the
 * first value proposed for a key is the decided one and every node applies it, in the order of the
 * log. The state machine's slashing rules are the real ones, on one history for the cluster: an
 * attester value is recorded for the validators that sign it and refused if slashable for any of
 * them, a proposer value likewise for the proposer's block. A node can be cut off: its proposals
 * fail, it applies nothing until it is reconnected (then it catches up with the log), and with
 * fewer than a majority of the nodes connected no proposal decides. Decisions reach the nodes at
 * once, or after a delay on a scheduler (a manual one in tests on manual time).
 */
public final class InMemoryConsensus {
  private final int nodeCount;
  private final SignedMessages messages;
  private final Optional<ScheduledExecutorService> scheduler;
  private final Duration delay;
  /** The log: every decided key with its value, in the order decided. */
  private final Map<DutyKey, Bytes> log = new LinkedHashMap<>();
  private final SlashingHistory history = SlashingHistory.complete();
  private final Set<Integer> cutOff = ConcurrentHashMap.newKeySet();
  private final List<Member> members;

  /** Agreement among {@code nodeCount} nodes whose decisions reach every node at once, within the proposal. */
  public InMemoryConsensus(int nodeCount, SignedMessages messages) {
    this(nodeCount, messages, Optional.empty(), Duration.ZERO);
  }

  /** Agreement among {@code nodeCount} nodes whose decisions reach every node {@code delay} later on {@code scheduler}. */
  public InMemoryConsensus(int nodeCount, SignedMessages messages, ScheduledExecutorService scheduler,
      Duration delay) {
    this(nodeCount, messages, Optional.of(scheduler), delay);
  }

  private InMemoryConsensus(int nodeCount, SignedMessages messages, Optional<ScheduledExecutorService> scheduler,
      Duration delay) {
    this.nodeCount = nodeCount;
    this.messages = messages;
    this.scheduler = scheduler;
    this.delay = delay;
    this.members = IntStream.range(0, nodeCount).mapToObj(Member::new).toList();
  }

  /** Node {@code index}'s side of the agreement. */
  public Consensus node(int index) {
    return members.get(index);
  }

  /** Node {@code index} neither proposes nor applies until {@link #reconnect}ed. */
  public void cutOff(int index) {
    cutOff.add(index);
  }

  /** Node {@code index} takes part again, first applying what was decided while it was cut off. */
  public void reconnect(int index) {
    if (cutOff.remove(index)) {
      List<Map.Entry<DutyKey, Bytes>> missed;
      synchronized (this) {
        missed = new ArrayList<>(log.entrySet());
      }
      missed.forEach(e -> members.get(index).apply(e.getKey(), e.getValue()));
    }
  }

  /** Every decided key with its value, in the order decided. */
  public synchronized Map<DutyKey, Bytes> decided() {
    return new LinkedHashMap<>(log);
  }

  private int quorum() {
    return nodeCount / 2 + 1;
  }

  private int connected() {
    return nodeCount - cutOff.size();
  }

  /** Decides {@code value} for {@code key} unless decided; empty if refused as slashable. */
  private synchronized Optional<Decision> decide(DutyKey key, Bytes value, Collection<Bytes> signers) {
    Bytes known = log.get(key);
    if (known != null) {
      return Optional.of(new Decision(known, false));
    }
    if (key.type() == DutyType.ATTESTER) {
      AttestationData data = AttestationData.SSZ.deserialize(value);
      if (history.signAttestations(signers, data.source().epoch(), data.target().epoch(),
          messages.attestationDataRoot(data)).isPresent()) {
        return Optional.empty();
      }
    } else if (key.type() == DutyType.PROPOSER && !signers.isEmpty()) {
      ProducedBlock block = ProducedBlock.SSZ.deserialize(value);
      if (!history.signBlock(signers.iterator().next(), key.slot(),
          messages.blockSigningRoot(key.slot(), block.blockRoot())).allowed()) {
        return Optional.empty();
      }
    }
    log.put(key, value);
    return Optional.of(new Decision(value, true));
  }

  private record Decision(Bytes value, boolean first) {}

  /** Hands a new decision to every connected node, at once or after the delay. */
  private void deliver(DutyKey key, Bytes value) {
    Runnable toAll = () -> members.stream().filter(m -> !cutOff.contains(m.index)).forEach(m -> m.apply(key, value));
    scheduler.ifPresentOrElse(s -> s.schedule(toAll, delay.toNanos(), TimeUnit.NANOSECONDS), toAll);
  }

  /** One node: what it applied, and its listeners. */
  private final class Member implements Consensus {
    private final int index;
    private final Map<DutyKey, Bytes> applied = new ConcurrentHashMap<>();
    private final Map<DutyKey, CompletableFuture<Bytes>> waiting = new ConcurrentHashMap<>();
    private final List<DecidedListener> listeners = new CopyOnWriteArrayList<>();
    private final SlashingProtection protection = new SlashingProtection() {
      @Override
      public boolean attestationRecorded(Bytes key, long source, long target, Bytes root) {
        synchronized (InMemoryConsensus.this) {
          return history.hasAttestation(key, source, target, root);
        }
      }

      @Override
      public Verdict checkAttestation(Bytes key, long source, long target, Bytes root) {
        synchronized (InMemoryConsensus.this) {
          return history.checkAttestation(key, source, target, root);
        }
      }

      @Override
      public boolean importPending(Bytes key) {
        return false;
      }

      @Override
      public Verdict checkBlock(Bytes key, long slot, Bytes root) {
        synchronized (InMemoryConsensus.this) {
          return history.checkBlock(key, slot, root);
        }
      }
    };

    Member(int index) {
      this.index = index;
    }

    void apply(DutyKey key, Bytes value) {
      if (applied.putIfAbsent(key, value) == null) {
        listeners.forEach(l -> l.onDecided(key, value));
        CompletableFuture<Bytes> waiter = waiting.remove(key);
        if (waiter != null) {
          waiter.complete(value);
        }
      }
    }

    /** Completes when this node applied the decision of {@code key}, as the Raft client's reply does. */
    private CompletableFuture<Bytes> appliedHere(DutyKey key) {
      CompletableFuture<Bytes> waiter = waiting.computeIfAbsent(key, k -> new CompletableFuture<>());
      Bytes known = applied.get(key);
      if (known != null) {
        waiting.remove(key, waiter);
        waiter.complete(known);
      }
      return waiter;
    }

    @Override
    public SlashingProtection slashingProtection() {
      return protection;
    }

    @Override
    public CompletableFuture<Bytes> propose(DutyKey key, Bytes value, Collection<Bytes> signers) {
      if (cutOff.contains(index)) {
        return CompletableFuture.failedFuture(new IllegalStateException("node " + index + " is cut off"));
      }
      if (connected() < quorum()) {
        return CompletableFuture.failedFuture(new IllegalStateException("no quorum: " + connected() + " of "
            + nodeCount + " nodes connected"));
      }
      Optional<Decision> decision = decide(key, value, signers);
      if (decision.isEmpty()) {
        return CompletableFuture.failedFuture(new IllegalStateException("slashable"));
      }
      CompletableFuture<Bytes> result = appliedHere(key);
      if (decision.get().first()) {
        deliver(key, decision.get().value());
      }
      return result;
    }

    @Override
    public void subscribe(DecidedListener listener) {
      listeners.add(listener);
    }

    @Override
    public Optional<Bytes> decided(DutyKey key) {
      return Optional.ofNullable(applied.get(key));
    }

    @Override
    public OptionalInt leaderIndex() {
      if (connected() < quorum()) {
        return OptionalInt.empty();
      }
      return IntStream.range(0, nodeCount).filter(i -> !cutOff.contains(i)).findFirst();
    }

    @Override
    public void close() {}
  }
}
