package io.phalanx.duties;

import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.consensus.PartialSignature;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.bls.SignatureCheck;
import io.phalanx.spec.bls.ThresholdBls;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.types.SignedValidatorRegistrationV1;
import io.phalanx.spec.types.SignedVoluntaryExit;
import io.phalanx.spec.types.ValidatorRegistrationV1;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partial signatures of this node and its peers, per duty and validator; at T partials over the
 * same signing root it combines them, checks the result against the validator's group key and
 * hands the whole signed object on. Peers' partials pass the cheap checks (their own share, a
 * known validator, a signing root that matches the message) at once, but their BLS signatures are
 * checked only through the combination: T partials are combined and the result verified against
 * the group key, which a valid result proves enough of. Only when that fails are the combination's
 * unchecked partials verified one by one; an invalid one is dropped, logged and counted against
 * its peer, and the rest combine again once T are there. Verifying every peer's partial up front
 * cost a node three pairings per validator and duty (profiled: an eighth of a simnet's CPU), for
 * a result the group-key check gives anyway. The same share twice counts once, so two validator
 * clients on one node are safe. Whole signed objects go to its subscribers (the broadcaster) and
 * to whoever awaits them.
 */
public final class PartialSignatureStore implements SlotState {
  private static final Logger LOG = LoggerFactory.getLogger(PartialSignatureStore.class);
  /** Prune rounds (epochs) an exit's or registration's partials are kept after the first arrived. */
  static final long UNDATED_KEEP_ROUNDS = 2;

  /** A validator's whole signed object for one duty. */
  public record Aggregated(DutyKey key, DistributedValidator validator, Bytes signedMessage) {}

  /**
   * One validator's signed object of one duty. {@code root} tells apart the objects of duty types
   * where a validator signs several per slot (one per sync subcommittee); null for the others.
   */
  private record Slot(DutyKey key, Bytes groupKey, Bytes root) {
    Slot(DutyKey key, Bytes groupKey) {
      this(key, groupKey, null);
    }

    static Slot of(DutyKey key, Bytes groupKey, Bytes signingRoot) {
      boolean several = key.type() == DutyType.SYNC_SELECTION_PROOF || key.type() == DutyType.SYNC_CONTRIBUTION;
      return new Slot(key, groupKey, several ? signingRoot : null);
    }
  }

  /** A counted partial; {@code checked} once its own signature has been verified (this node's always are). */
  private record Held(PartialSignature partial, boolean checked) {}

  private final ClusterView view;
  private final SignedMessages messages;
  private final DutyTracker tracker;
  private final List<Consumer<Aggregated>> subscribers = new CopyOnWriteArrayList<>();
  /** Per (duty, validator): signing root to shares. */
  private final Map<Slot, Map<Bytes, Map<Integer, Held>>> partials = new ConcurrentHashMap<>();
  private final Map<Slot, CompletableFuture<Aggregated>> aggregated = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicLong> invalidByPeer = new ConcurrentHashMap<>();
  private final Map<Slot, Boolean> combining = new ConcurrentHashMap<>();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong ownDuplicates = new AtomicLong();
  /** Registrations (per epoch and validator) whose shares signed differing messages, warned once each. */
  private final Map<Slot, Boolean> registrationsSplit = new ConcurrentHashMap<>();
  private final BatchVerifier verifier;
  /**
   * Exits and registrations are keyed by the epoch they name, not by when they are signed: an exit
   * may name an epoch long past. They are kept for {@link #UNDATED_KEEP_ROUNDS} prune rounds (epochs)
   * after their first partial arrived instead of by their key's slot, so the peers' partials still
   * meet them. The round counts prunes, so no node needs a clock to agree on it.
   */
  private final Map<Slot, Long> undatedSince = new ConcurrentHashMap<>();
  private final AtomicLong pruneRound = new AtomicLong();

  public PartialSignatureStore(ClusterView view, SignedMessages messages, DutyTracker tracker,
      BatchVerifier verifier) {
    this.verifier = verifier;
    this.view = view;
    this.messages = messages;
    this.tracker = tracker;
  }

  /** Hands every whole signed object, once combined and verified, to {@code subscriber}. */
  public void subscribe(Consumer<Aggregated> subscriber) {
    subscribers.add(subscriber);
  }

  /** This node's partials, already verified by the validator API against its own share. */
  public void addOwn(DutyKey key, List<PartialSignature> own) {
    for (PartialSignature p : own) {
      if (!add(key, p, true)) {
        ownDuplicates.incrementAndGet();
      }
    }
  }

  /**
   * A peer's partials: checked for share, validator, signing root and payout, then counted; their
   * signatures are verified through the combination (see the class comment).
   */
  public void addFromPeer(int fromNode, DutyKey key, List<PartialSignature> received) {
    for (PartialSignature p : received) {
      String problem = problemWith(fromNode, key, p);
      if (problem != null) {
        rejected(fromNode, key, problem);
        continue;
      }
      add(key, p, false);
    }
  }

  private String problemWith(int fromNode, DutyKey key, PartialSignature p) {
    if (p.shareIndex() != fromNode + 1) {
      return "node " + fromNode + " sent a partial of share " + p.shareIndex() + ", not its own";
    }
    if (view.byGroupKey(p.groupPublicKey()).isEmpty()) {
      return "partial for unknown validator " + p.groupPublicKey();
    }
    try {
      if (!messages.signingRoot(key.type(), p.signedMessage()).equals(p.signingRoot())) {
        return "signing root does not match the signed message";
      }
      return problemWithPayout(key, p);
    } catch (IllegalArgumentException e) {
      return "malformed signed message: " + e.getMessage();
    }
  }

  /**
   * A peer's exit must be of the validator it names, and its registration over the validator's
   * group key and the lock's fee recipient: what this node's own validator API insists on too.
   */
  private String problemWithPayout(DutyKey key, PartialSignature p) {
    DistributedValidator v = view.byGroupKey(p.groupPublicKey()).orElseThrow();
    if (key.type() == DutyType.VOLUNTARY_EXIT) {
      long index = SignedVoluntaryExit.SSZ.deserialize(p.signedMessage()).message().validatorIndex();
      if (view.indexOf(v).map(known -> known != index).orElse(false)) {
        return "exit of validator index " + index + " under the key of validator " + view.indexOf(v).orElseThrow();
      }
    } else if (key.type() == DutyType.BUILDER_REGISTRATION) {
      ValidatorRegistrationV1 r = SignedValidatorRegistrationV1.SSZ.deserialize(p.signedMessage()).message();
      if (!r.pubkey().equals(p.groupPublicKey()) || !r.feeRecipient().equals(v.feeRecipient())) {
        return "registration not over the validator's group key and the cluster lock's fee recipient";
      }
    }
    return null;
  }

  private void rejected(int fromNode, DutyKey key, String problem) {
    invalidByPeer.computeIfAbsent(fromNode, k -> new AtomicLong()).incrementAndGet();
    LOG.warn("dropped a partial signature from node {} for {}: {}", fromNode, key, problem);
  }

  /**
   * How many partial signatures arrived again for a share that already had one over the same
   * signing root (two validator clients on one node, or a peer resending): each counted once.
   */
  public long duplicatePartials() {
    return duplicates.get();
  }

  /**
   * Of {@link #duplicatePartials()}, those this node's own validator clients sent (two clients with
   * the same shares, as operators run them for redundancy): the peers' resent ones are not counted.
   */
  public long duplicateOwnPartials() {
    return ownDuplicates.get();
  }

  /** How many invalid partials each peer sent. */
  public Map<Integer, Long> invalidByPeer() {
    Map<Integer, Long> out = new TreeMap<>();
    invalidByPeer.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  private static boolean undated(DutyKey key) {
    return key.type() == DutyType.VOLUNTARY_EXIT || key.type() == DutyType.BUILDER_REGISTRATION;
  }

  /** Counts {@code p} in; false when its share already had a partial over the same root. */
  private boolean add(DutyKey key, PartialSignature p, boolean checked) {
    Slot slot = Slot.of(key, p.groupPublicKey(), p.signingRoot());
    if (undated(key)) {
      undatedSince.putIfAbsent(slot, pruneRound.get());
    }
    Map<Integer, Held> shares = partials
        .computeIfAbsent(slot, s -> new ConcurrentHashMap<>())
        .computeIfAbsent(p.signingRoot(), r -> new ConcurrentHashMap<>());
    boolean fresh = shares.putIfAbsent(p.shareIndex(), new Held(p, checked)) == null;
    if (!fresh) {
      duplicates.incrementAndGet();
    }
    if (key.type() == DutyType.BUILDER_REGISTRATION) {
      warnIfSplit(slot);
    }
    if (shares.size() >= view.threshold()) {
      aggregate(slot, shares);
    }
    return fresh;
  }

  /**
   * Registrations combine only when T shares signed the same message. Validator clients that stamp
   * their own time (or set other gas limits) split the shares over several messages, and nothing
   * may ever combine: say so once per validator and epoch, with what differs and how to fix it.
   */
  private void warnIfSplit(Slot slot) {
    Map<Bytes, Map<Integer, Held>> byRoot = partials.get(slot);
    if (byRoot == null || byRoot.size() < 2 || registrationsSplit.putIfAbsent(slot, Boolean.TRUE) != null) {
      return;
    }
    List<String> versions = new ArrayList<>();
    byRoot.forEach((root, shares) -> {
      Held any = shares.values().stream().findFirst().orElse(null);
      if (any == null) {
        return; // its first share is being added
      }
      ValidatorRegistrationV1 m = SignedValidatorRegistrationV1.SSZ.deserialize(any.partial().signedMessage())
          .message();
      versions.add("shares " + new TreeSet<>(shares.keySet()) + " signed timestamp "
          + Long.toUnsignedString(m.timestamp()) + ", gas limit " + Long.toUnsignedString(m.gasLimit()));
    });
    LOG.warn("builder registration of validator {}: the validator clients signed differing registrations ({}); they"
        + " combine only when {} clients sign the same one. Give every validator client of the cluster the same gas"
        + " limit and a fixed registration timestamp (Lighthouse: --builder-registration-timestamp-override, Teku:"
        + " --Xvalidators-builder-registration-timestamp-override), e.g. the chain's genesis time",
        slot.groupKey(), String.join("; ", versions), view.threshold());
  }

  /** How many (epoch, validator) registrations had shares sign differing messages. */
  public long splitRegistrations() {
    return registrationsSplit.size();
  }

  private void aggregate(Slot slot, Map<Integer, Held> shares) {
    CompletableFuture<Aggregated> future = aggregated.computeIfAbsent(slot, s -> new CompletableFuture<>());
    if (future.isDone() || combining.putIfAbsent(slot, Boolean.TRUE) != null) {
      return;
    }
    DistributedValidator v = view.byGroupKey(slot.groupKey()).orElseThrow();
    List<Held> chosen = new TreeMap<>(shares).values().stream().limit(view.threshold()).toList();
    if (chosen.size() < view.threshold()) {
      combining.remove(slot); // a share was dropped meanwhile; the next partial tries again
      return;
    }
    Map<Integer, BlsSignature> signatures = new TreeMap<>();
    chosen.forEach(h -> signatures.put(h.partial().shareIndex(), h.partial().signature()));
    PartialSignature sample = chosen.getLast().partial();
    BlsSignature whole = ThresholdBls.combineSignatures(signatures);
    // Verified against the group key in a batch with the slot's other validators: a valid whole
    // signature is all that is needed of the partials, so they are verified only when it fails.
    verifier.verify(new SignatureCheck(v.groupPublicKey(), sample.signingRoot(), whole)).whenComplete((ok, error) -> {
      if (error == null && ok) {
        Aggregated result = new Aggregated(slot.key(), v,
            SignedMessages.withSignature(slot.key().type(), sample.signedMessage(), whole.toBytes()));
        tracker.aggregated(slot.key(), slot.groupKey(), result.signedMessage());
        future.complete(result);
        subscribers.forEach(s -> s.accept(result));
        return;
      }
      boolean dropped = error == null && dropInvalid(slot, v, shares, chosen);
      combining.remove(slot);
      if (!dropped) {
        tracker.failed(slot.key(), DutyTracker.Step.AGGREGATION, v.groupPublicKey().toHex(),
            "combined signature does not verify against the group key");
      } else if (shares.size() >= view.threshold()) {
        aggregate(slot, shares);
      }
    });
  }

  /**
   * After a combination failed: verifies its unchecked (peers') partials one by one, drops and
   * counts the invalid ones, marks the rest checked. True when at least one was dropped.
   */
  private boolean dropInvalid(Slot slot, DistributedValidator v, Map<Integer, Held> shares, List<Held> chosen) {
    boolean dropped = false;
    for (Held h : chosen) {
      if (h.checked()) {
        continue;
      }
      PartialSignature p = h.partial();
      if (p.signature().verify(view.publicShare(v, p.shareIndex()), p.signingRoot())) {
        shares.replace(p.shareIndex(), h, new Held(p, true));
      } else {
        shares.remove(p.shareIndex(), h);
        rejected(p.shareIndex() - 1, slot.key(), "partial signature of share " + p.shareIndex()
            + " does not verify for validator " + p.groupPublicKey());
        dropped = true;
      }
    }
    return dropped;
  }

  /** Completes when the validator's whole signed object for {@code key} is ready. */
  public CompletableFuture<Aggregated> awaitAggregated(DutyKey key, Bytes groupKey) {
    Slot slot = new Slot(key, groupKey);
    if (undated(key)) {
      undatedSince.putIfAbsent(slot, pruneRound.get());
    }
    return aggregated.computeIfAbsent(slot, s -> new CompletableFuture<>());
  }

  /**
   * Completes when the validator's whole signed object over {@code signingRoot} for {@code key} is
   * ready: for duty types where a validator signs several objects per slot (sync subcommittees).
   */
  public CompletableFuture<Aggregated> awaitAggregated(DutyKey key, Bytes groupKey, Bytes signingRoot) {
    return aggregated.computeIfAbsent(Slot.of(key, groupKey, signingRoot), s -> new CompletableFuture<>());
  }

  /**
   * Forgets duties below {@code slot}; exits and registrations once they have been kept for
   * {@link #UNDATED_KEEP_ROUNDS} calls (the scheduler calls once per epoch).
   */
  @Override
  public void pruneBelow(long slot) {
    long round = pruneRound.incrementAndGet();
    Predicate<Slot> old = s -> undated(s.key())
        ? undatedSince.getOrDefault(s, round) <= round - UNDATED_KEEP_ROUNDS - 1
        : s.key().slot() < slot;
    partials.keySet().removeIf(old);
    aggregated.keySet().removeIf(old);
    combining.keySet().removeIf(old);
    registrationsSplit.keySet().removeIf(old);
    undatedSince.keySet().removeIf(old);
  }
}
