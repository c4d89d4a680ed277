package io.phalanx.duties;

import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.consensus.PartialSignature;
import io.phalanx.consensus.PartialSignatureExchange;
import io.phalanx.spec.bls.Bls;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.bls.SignatureCheck;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.util.Bytes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Where this node's validator client's partial signatures come in, for every duty: each duty
 * decides which partials it takes (over what the cluster decided), then hands them here to be
 * checked against this node's share, kept in the partial-signature store and sent to the peers.
 */
final class PartialSignatureIntake {
  /** A partial signature a validator client submitted, not yet checked. */
  record Submitted(DutyKey key, DistributedValidator validator, Bytes signedMessage, Bytes signingRoot,
      Bytes signature, String what) {}

  private final ClusterView view;
  private final PartialSignatureStore store;
  private final PartialSignatureExchange exchange;
  private final DutyTracker tracker;
  private final Executor verifier;
  private final Clock clock;

  PartialSignatureIntake(ClusterView view, PartialSignatureStore store, PartialSignatureExchange exchange,
      DutyTracker tracker, Executor verifier, Clock clock) {
    this.view = view;
    this.store = store;
    this.exchange = exchange;
    this.tracker = tracker;
    this.verifier = verifier;
    this.clock = clock;
  }

  /**
   * Checks the validator client's partial signatures against this node's shares, in one batch and
   * off the caller's (the HTTP server's) thread, then shares them. One that does not verify
   * refuses the whole request with a 400 naming it, and nothing is kept.
   */
  CompletableFuture<List<PartialSignature>> verifyAndAccept(List<Submitted> submitted) {
    return CompletableFuture.supplyAsync(() -> {
      List<PartialSignature> partials = new ArrayList<>();
      List<SignatureCheck> checks = new ArrayList<>();
      for (Submitted sub : submitted) {
        BlsSignature sig;
        try {
          sig = BlsSignature.fromBytes(sub.signature());
        } catch (IllegalArgumentException e) {
          throw ApiErrors.refused(partials.size(), sub.what() + ": malformed signature: " + e.getMessage());
        }
        partials.add(new PartialSignature(sub.validator().groupPublicKey().toBytes(), view.shareIndex(),
            sub.signedMessage(), sub.signingRoot(), sig));
        checks.add(new SignatureCheck(view.ownPublicShare(sub.validator()), sub.signingRoot(), sig));
      }
      if (!checks.isEmpty() && !Bls.batchVerify(checks)) {
        for (int i = 0; i < checks.size(); i++) {
          SignatureCheck c = checks.get(i);
          if (!c.signature().verify(c.publicKey(), c.message())) {
            throw ApiErrors.refused(i, submitted.get(i).what() + ": partial signature does not verify against"
                + " this node's share " + c.publicKey().toHex());
          }
        }
      }
      Map<DutyKey, List<PartialSignature>> byKey = new LinkedHashMap<>();
      for (int i = 0; i < partials.size(); i++) {
        byKey.computeIfAbsent(submitted.get(i).key(), k -> new ArrayList<>()).add(partials.get(i));
      }
      byKey.forEach(this::accept);
      return partials;
    }, verifier);
  }

  private void accept(DutyKey key, List<PartialSignature> partials) {
    tracker.vcSubmitted(key, partials.stream().map(PartialSignature::groupPublicKey).toList());
    Instant now = clock.instant();
    for (PartialSignature p : partials) {
      store.awaitAggregated(key, p.groupPublicKey()).thenAccept(a ->
          tracker.aggregationLatency(key, Duration.between(now, clock.instant())));
    }
    store.addOwn(key, partials);
    exchange.broadcast(key, partials);
  }

  /**
   * Keeps and shares a partial the duty verified against this node's share itself (block
   * proposals, which refuse a partial that does not verify in words of their own). It does not
   * count towards the partial-to-aggregate latency.
   */
  void acceptVerified(DutyKey key, PartialSignature partial) {
    tracker.vcSubmitted(key, List.of(partial.groupPublicKey()));
    store.addOwn(key, List.of(partial));
    exchange.broadcast(key, List.of(partial));
  }
}
