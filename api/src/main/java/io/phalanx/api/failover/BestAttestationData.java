package io.phalanx.api.failover;

import static io.phalanx.api.failover.Failures.isRequestError;
import static io.phalanx.api.failover.Failures.unwrap;

import io.phalanx.api.ApiException;
import io.phalanx.api.failover.FailoverBeaconNode.Config;
import io.phalanx.spec.types.AttestationData;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The best-data strategy for attestation data: asks every ready endpoint at once, waits up to the
 * soft timeout for all of them (at most the attempt timeout for a first answer), and takes the best
 * scored answer: higher source and target epochs first, then the fresher head, then preference
 * order. With fewer than two ready endpoints, or when all of them fail, it is an ordinary read.
 */
final class BestAttestationData {
  private final ReadinessMonitor monitor;
  private final FailoverReads reads;

  BestAttestationData(ReadinessMonitor monitor, FailoverReads reads) {
    this.monitor = monitor;
    this.reads = reads;
  }

  CompletableFuture<AttestationData> fetch(long slot, long committeeIndex, AnswerCheck<AttestationData> check) {
    List<Endpoint> ready = monitor.readOrder().stream().filter(Endpoint::ready).toList();
    if (ready.size() < 2) {
      return reads.read("attestation data of slot " + slot, b -> b.attestationData(slot, committeeIndex), check);
    }
    Config c = monitor.config();
    String what = "attestation data of slot " + slot;
    Map<Endpoint, AttestationData> answers = new ConcurrentHashMap<>();
    CompletableFuture<Void> firstAnswer = new CompletableFuture<>();
    AtomicInteger pending = new AtomicInteger(ready.size());
    CompletableFuture<Void> allDone = new CompletableFuture<>();
    for (Endpoint e : ready) {
      long start = System.nanoTime();
      e.requests.incrementAndGet();
      e.client.attestationData(slot, committeeIndex).orTimeout(c.attemptTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .whenComplete((data, error) -> {
            e.latencies.record((System.nanoTime() - start) / 1e6);
            Throwable cause = error == null ? null : unwrap(error);
            if (cause == null) {
              Optional<String> wrong = check.wrong(data);
              if (wrong.isPresent()) {
                cause = new ApiException(502, "wrong data: " + wrong.get());
              } else {
                answers.put(e, data);
                firstAnswer.complete(null);
              }
            }
            if (cause != null && !isRequestError(cause)) {
              monitor.failed(e, cause, what);
            }
            if (pending.decrementAndGet() == 0) {
              allDone.complete(null);
              firstAnswer.complete(null);
            }
          });
    }
    CompletableFuture<Void> soft = allDone.applyToEither(
        CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(c.bestSoftTimeout().toMillis(),
            TimeUnit.MILLISECONDS)), x -> null);
    return soft.thenCompose(x -> firstAnswer).thenCompose(x -> {
      Optional<Map.Entry<Endpoint, AttestationData>> best = answers.entrySet().stream()
          .max(Comparator.<Map.Entry<Endpoint, AttestationData>>comparingDouble(en -> score(en.getValue(), en.getKey()))
              .thenComparingInt(en -> -en.getKey().index));
      if (best.isPresent()) {
        return CompletableFuture.completedFuture(best.get().getValue());
      }
      // Every ready endpoint failed: the ordinary failover tries what is left.
      return reads.read(what, b -> b.attestationData(slot, committeeIndex), check);
    });
  }

  /** Vouch's idea: later checkpoints are better; a head closer to the slot breaks ties. */
  static double score(AttestationData data, Endpoint e) {
    double epochs = (double) data.source().epoch() + data.target().epoch();
    long lag = e.headSlot < 0 ? 64 : Math.max(0, data.slot() - e.headSlot);
    return epochs + 1.0 / (1 + lag);
  }
}
