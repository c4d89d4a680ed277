package io.phalanx.duties;

import io.phalanx.spec.bls.Bls;
import io.phalanx.spec.bls.SignatureCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Verifies signatures that arrive one at a time in batches: checks gathered for a few
 * milliseconds are verified with one multi-pairing (random scalars), which for a slot's combined
 * signatures over one signing root costs about a tenth of verifying each. A failed batch is
 * verified check by check, so one bad signature does not fail the others.
 */
public final class BatchVerifier {
  private static final long GATHER_MILLIS = 5;

  private record Pending(SignatureCheck check, CompletableFuture<Boolean> result) {}

  private final ScheduledExecutorService scheduler;
  private final Executor worker;
  private List<Pending> pending = new ArrayList<>();

  public BatchVerifier(ScheduledExecutorService scheduler, Executor worker) {
    this.scheduler = scheduler;
    this.worker = worker;
  }

  /** Completes with whether the signature is valid. */
  public CompletableFuture<Boolean> verify(SignatureCheck check) {
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    boolean first;
    synchronized (this) {
      first = pending.isEmpty();
      pending.add(new Pending(check, result));
    }
    if (first) {
      scheduler.schedule(() -> worker.execute(this::flush), GATHER_MILLIS, TimeUnit.MILLISECONDS);
    }
    return result;
  }

  private void flush() {
    List<Pending> batch;
    synchronized (this) {
      batch = pending;
      pending = new ArrayList<>();
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      if (Bls.batchVerify(batch.stream().map(Pending::check).toList())) {
        batch.forEach(p -> p.result().complete(true));
        return;
      }
      for (Pending p : batch) {
        SignatureCheck c = p.check();
        p.result().complete(c.signature().verify(c.publicKey(), c.message()));
      }
    } catch (RuntimeException e) {
      batch.forEach(p -> p.result().completeExceptionally(e));
    }
  }
}
