package io.phalanx.sim.vc;

import io.phalanx.spec.api.AttesterDuty;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * Attester duties per epoch. A refresh keeps the duties it had until the new answer is in, so a
 * failed refresh at an epoch boundary does not cost the epoch's first slot; a slot that starts
 * while its epoch's first fetch is still under way waits for it.
 */
final class AttesterDutyStore {
  private final LongFunction<CompletableFuture<List<AttesterDuty>>> fetch;
  private final Map<Long, List<AttesterDuty>> known = new ConcurrentHashMap<>();
  private final Map<Long, CompletableFuture<List<AttesterDuty>>> inFlight = new ConcurrentHashMap<>();

  AttesterDutyStore(LongFunction<CompletableFuture<List<AttesterDuty>>> fetch) {
    this.fetch = fetch;
  }

  /**
   * Fetches the epoch's duties unless they are known and not to be asked again. A fetch asked for
   * again while one is under way follows it, since the first may have gone out with fewer
   * validators than the client now knows.
   */
  void refresh(long epoch, boolean evenIfKnown) {
    if (!evenIfKnown && known.containsKey(epoch)) {
      return;
    }
    CompletableFuture<List<AttesterDuty>> answer = new CompletableFuture<>();
    CompletableFuture<List<AttesterDuty>> underWay = inFlight.putIfAbsent(epoch, answer);
    if (underWay != null) {
      if (evenIfKnown) {
        underWay.whenComplete((duties, failure) -> refresh(epoch, true));
      }
      return;
    }
    fetch.apply(epoch).whenComplete((duties, failure) -> {
      if (failure == null) {
        known.put(epoch, duties);
      }
      inFlight.remove(epoch, answer);
      Futures.complete(answer, duties, failure);
    });
  }

  /** The duties at {@code slot}; none if its epoch's duties are unknown (the fetch reports why). */
  CompletableFuture<List<AttesterDuty>> at(long slot, long epoch) {
    return inEpoch(epoch).thenApply(all -> all.stream().filter(duty -> duty.slot() == slot).toList());
  }

  /** Every duty of {@code epoch}; none if they are unknown (the fetch reports why). */
  CompletableFuture<List<AttesterDuty>> inEpoch(long epoch) {
    List<AttesterDuty> duties = known.get(epoch);
    CompletableFuture<List<AttesterDuty>> pending = duties == null ? inFlight.get(epoch) : null;
    CompletableFuture<List<AttesterDuty>> epochDuties = pending != null
        ? pending.exceptionally(failure -> List.of())
        // Read again: a fetch that ended between the two reads has left its answer here.
        : CompletableFuture.completedFuture(duties != null ? duties : known.getOrDefault(epoch, List.of()));
    return epochDuties;
  }

  void forgetBefore(long epoch) {
    known.keySet().removeIf(e -> e < epoch);
  }
}
