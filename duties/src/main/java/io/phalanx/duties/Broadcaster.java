package io.phalanx.duties;

import io.phalanx.api.BeaconNode;
import io.phalanx.consensus.SlashingProtection;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SignedValidatorRegistrationV1;
import io.phalanx.spec.types.SignedVoluntaryExit;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes whole signed objects through the beacon node. Aggregates of one duty key arrive one
 * validator at a time; they are gathered for a few milliseconds and published in one request.
 * Selection proofs are not published: validator clients collect them from the validator API.
 */
public final class Broadcaster {
  private static final long GATHER_MILLIS = 20;

  private final BeaconNode beaconNode;
  private final DutyTracker tracker;
  private final ScheduledExecutorService scheduler;
  private final Map<DutyKey, List<PartialSignatureStore.Aggregated>> pending = new ConcurrentHashMap<>();
  private final SlashingProtection protection;
  private final SignedMessages messages;

  public Broadcaster(BeaconNode beaconNode, DutyTracker tracker, ScheduledExecutorService scheduler,
      SlashingProtection protection, SignedMessages messages) {
    this.protection = protection;
    this.messages = messages;
    this.beaconNode = beaconNode;
    this.tracker = tracker;
    this.scheduler = scheduler;
  }

  private volatile java.util.function.Function<PartialSignatureStore.Aggregated, CompletableFuture<Void>> blockPublisher;

  /** Publishes combined block signatures with {@code publisher}, which knows the decided blocks. */
  public void publishBlocksWith(
      java.util.function.Function<PartialSignatureStore.Aggregated, CompletableFuture<Void>> publisher) {
    this.blockPublisher = publisher;
  }

  public void onAggregated(PartialSignatureStore.Aggregated aggregated) {
    DutyType type = aggregated.key().type();
    if (type == DutyType.SELECTION_PROOF || type == DutyType.RANDAO || type == DutyType.SYNC_SELECTION_PROOF) {
      return; // handed back to validator clients, or into the block: never published on their own
    }
    if (aggregated.key().type() == DutyType.ATTESTER && !recorded(aggregated)) {
      // Defence in depth: the combined signature is over data this node's copy of the
      // slashing-protection history does not hold for the validator; publishing it could be slashable.
      tracker.failed(aggregated.key(), DutyTracker.Step.BROADCAST, aggregated.validator().groupPublicKey().toHex(),
          "not published: the attestation is not in this node's slashing-protection history");
      return;
    }
    boolean first;
    synchronized (pending) {
      List<PartialSignatureStore.Aggregated> list = pending.get(aggregated.key());
      first = list == null;
      if (first) {
        list = new ArrayList<>();
        pending.put(aggregated.key(), list);
      }
      list.add(aggregated);
    }
    if (first) {
      scheduler.schedule(() -> flush(aggregated.key()), GATHER_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private boolean recorded(PartialSignatureStore.Aggregated aggregated) {
    SingleAttestation a = SingleAttestation.SSZ.deserialize(aggregated.signedMessage());
    return protection.attestationRecorded(aggregated.validator().groupPublicKey().toBytes(),
        a.data().source().epoch(), a.data().target().epoch(), messages.attestationRoot(a));
  }

  private void flush(DutyKey key) {
    List<PartialSignatureStore.Aggregated> batch;
    synchronized (pending) {
      batch = pending.remove(key);
    }
    if (batch == null || batch.isEmpty()) {
      return;
    }
    CompletableFuture<Void> published = switch (key.type()) {
      case ATTESTER -> beaconNode.publishAttestations(batch.stream()
          .map(a -> SingleAttestation.SSZ.deserialize(a.signedMessage())).toList());
      case AGGREGATOR -> beaconNode.publishAggregateAndProofs(batch.stream()
          .map(a -> SignedAggregateAndProof.SSZ.deserialize(a.signedMessage())).toList());
      case SELECTION_PROOF, RANDAO, SYNC_SELECTION_PROOF -> CompletableFuture.completedFuture(null);
      case PROPOSER -> blockPublisher == null
          ? CompletableFuture.failedFuture(new UnsupportedOperationException("no block publisher is wired"))
          : CompletableFuture.allOf(batch.stream().map(blockPublisher).toArray(CompletableFuture[]::new));
      // The beacon API takes one exit per request.
      case VOLUNTARY_EXIT -> CompletableFuture.allOf(batch.stream()
          .map(a -> beaconNode.publishVoluntaryExit(SignedVoluntaryExit.SSZ.deserialize(a.signedMessage())))
          .toArray(CompletableFuture[]::new));
      case BUILDER_REGISTRATION -> beaconNode.registerValidators(batch.stream()
          .map(a -> SignedValidatorRegistrationV1.SSZ.deserialize(a.signedMessage())).toList());
      case SYNC_MESSAGE -> beaconNode.publishSyncCommitteeMessages(batch.stream()
          .map(a -> SyncCommitteeMessage.SSZ.deserialize(a.signedMessage())).toList());
      case SYNC_CONTRIBUTION -> beaconNode.publishContributionAndProofs(batch.stream()
          .map(a -> SignedContributionAndProof.SSZ.deserialize(a.signedMessage())).toList());
    };
    long start = System.nanoTime();
    List<Bytes> validators = batch.stream().map(a -> a.validator().groupPublicKey().toBytes()).toList();
    published.whenComplete((ok, error) -> tracker.broadcast(key, validators, Duration.ofNanos(System.nanoTime() - start),
        error == null ? null : DecidedDuties.rootMessage(error)));
  }
}
