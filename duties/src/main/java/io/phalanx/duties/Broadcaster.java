package io.phalanx.duties;

import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
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
 * Publishes whole signed objects through the duty type's {@link Publisher}. Aggregates of one duty
 * key arrive one validator at a time; they are gathered for a few milliseconds and published in
 * one request. A duty type without a publisher (selection proofs, RANDAO reveals) is not
 * published: validator clients collect those from the validator API, or they go into the block.
 */
public final class Broadcaster {
  private static final long GATHER_MILLIS = 20;

  private final DutyTracker tracker;
  private final ScheduledExecutorService scheduler;
  private final Map<DutyType, Publisher> publishers;
  private final Map<DutyKey, List<PartialSignatureStore.Aggregated>> pending = new ConcurrentHashMap<>();

  public Broadcaster(DutyTracker tracker, ScheduledExecutorService scheduler, Map<DutyType, Publisher> publishers) {
    this.tracker = tracker;
    this.scheduler = scheduler;
    this.publishers = Map.copyOf(publishers);
  }

  public void onAggregated(PartialSignatureStore.Aggregated aggregated) {
    Publisher publisher = publishers.get(aggregated.key().type());
    if (publisher == null || !publisher.admit(aggregated)) {
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

  private void flush(DutyKey key) {
    List<PartialSignatureStore.Aggregated> batch;
    synchronized (pending) {
      batch = pending.remove(key);
    }
    if (batch == null || batch.isEmpty()) {
      return;
    }
    CompletableFuture<Void> published = publishers.get(key.type()).publish(key, batch);
    long start = System.nanoTime();
    List<Bytes> validators = batch.stream().map(a -> a.validator().groupPublicKey().toBytes()).toList();
    published.whenComplete((ok, error) -> tracker.broadcast(key, validators, Duration.ofNanos(System.nanoTime() - start),
        error == null ? null : DecidedDuties.rootMessage(error)));
  }
}
