package io.phalanx.node.metrics;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.BeaconNodeHealth;
import io.phalanx.api.ChainSpec;
import io.phalanx.api.SyncStatus;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One beacon node, measured: a decorator that times every request and counts the failed ones
 * (I/O errors, 5xx, time-outs; a 4xx is an answer, not a failure), and checks the node's
 * readiness ({@code /eth/v1/node/syncing}) once a slot on its own thread. It reports through
 * {@link BeaconNodeHealth}, as the failover client does for several beacon nodes; until that
 * client is wired, a node with one beacon node gets its health from here.
 */
public final class MonitoredBeaconNode implements BeaconNode, BeaconNodeHealth, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MonitoredBeaconNode.class);
  private static final int LATENCY_WINDOW = 1_024;

  private final BeaconNode delegate;
  private final String url;
  private final ScheduledExecutorService checker;
  private final long[] latenciesMicros = new long[LATENCY_WINDOW];
  private int nextLatency;
  private long latencyCount;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private volatile boolean ready;
  private volatile String state = "unknown";
  private volatile long headSlot = -1;

  private MonitoredBeaconNode(BeaconNode delegate, URI url) {
    this.delegate = delegate;
    this.url = withoutCredentials(url);
    this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "beacon-node-health");
      t.setDaemon(true);
      return t;
    });
  }

  /** Wraps {@code delegate} and checks its readiness now and every {@code interval}. */
  public static MonitoredBeaconNode start(BeaconNode delegate, URI url, Duration interval) {
    MonitoredBeaconNode node = new MonitoredBeaconNode(delegate, url);
    node.checker.scheduleWithFixedDelay(node::checkReadiness, 0, Math.max(100, interval.toMillis()),
        TimeUnit.MILLISECONDS);
    return node;
  }

  private void checkReadiness() {
    String before = state;
    try {
      SyncStatus s = syncing().get(10, TimeUnit.SECONDS);
      headSlot = s.headSlot();
      String now = s.isSyncing() ? "syncing" : s.isOptimistic() ? "optimistic" : s.elOffline() ? "el_offline" : "ready";
      state = now;
      ready = now.equals("ready");
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      ready = false;
      state = cause instanceof IOException ? "unreachable" : cause instanceof TimeoutException ? "slow" : "error";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      ready = false;
      state = "error";
    }
    if (!state.equals(before)) {
      if (ready) {
        LOG.info("beacon node {} is ready (head slot {})", url, headSlot);
      } else {
        LOG.warn("beacon node {} is not ready: {}", url, state);
      }
    }
  }

  @Override
  public List<EndpointStatus> endpoints() {
    double p50;
    double p99;
    synchronized (latenciesMicros) {
      int n = (int) Math.min(latencyCount, LATENCY_WINDOW);
      long[] sorted = java.util.Arrays.copyOf(latenciesMicros, n);
      java.util.Arrays.sort(sorted);
      p50 = n == 0 ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(0.50 * n) - 1)] / 1000.0;
      p99 = n == 0 ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(0.99 * n) - 1)] / 1000.0;
    }
    return List.of(new EndpointStatus(url, false, ready, state, true, headSlot, p50, p99, requests.get(),
        errors.get()));
  }

  @Override
  public long switches() {
    return 0;
  }

  private <T> CompletableFuture<T> measured(Supplier<CompletableFuture<T>> call) {
    long start = System.nanoTime();
    requests.incrementAndGet();
    CompletableFuture<T> f;
    try {
      f = call.get();
    } catch (RuntimeException e) {
      errors.incrementAndGet();
      throw e;
    }
    return f.whenComplete((ok, error) -> {
      long micros = (System.nanoTime() - start) / 1_000;
      synchronized (latenciesMicros) {
        latenciesMicros[nextLatency] = micros;
        nextLatency = (nextLatency + 1) % LATENCY_WINDOW;
        latencyCount++;
      }
      if (error != null && isFailure(error)) {
        errors.incrementAndGet();
      }
    });
  }

  /** An answer with a 4xx status is the beacon node working; anything else that failed is not. */
  static boolean isFailure(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return !(t instanceof ApiException api && api.status() >= 400 && api.status() < 500);
  }

  /** {@code url} without user info (some providers put an API key there), for metrics and logs. */
  public static String withoutCredentials(URI url) {
    if (url.getUserInfo() == null) {
      return url.toString();
    }
    return url.toString().replace(url.getRawUserInfo() + "@", "");
  }

  @Override
  public CompletableFuture<Genesis> genesis() {
    return measured(delegate::genesis);
  }

  @Override
  public CompletableFuture<ChainSpec> spec() {
    return measured(delegate::spec);
  }

  @Override
  public CompletableFuture<Fork> fork(String stateId) {
    return measured(() -> delegate.fork(stateId));
  }

  @Override
  public CompletableFuture<SyncStatus> syncing() {
    return measured(delegate::syncing);
  }

  @Override
  public CompletableFuture<List<ValidatorInfo>> validators(String stateId, List<String> ids) {
    return measured(() -> delegate.validators(stateId, ids));
  }

  @Override
  public CompletableFuture<List<AttesterDuty>> attesterDuties(long epoch, List<Long> validatorIndices) {
    return measured(() -> delegate.attesterDuties(epoch, validatorIndices));
  }

  @Override
  public CompletableFuture<AttestationData> attestationData(long slot, long committeeIndex) {
    return measured(() -> delegate.attestationData(slot, committeeIndex));
  }

  @Override
  public CompletableFuture<Attestation> aggregateAttestation(long slot, Bytes attestationDataRoot, long committeeIndex) {
    return measured(() -> delegate.aggregateAttestation(slot, attestationDataRoot, committeeIndex));
  }

  @Override
  public CompletableFuture<Void> publishAttestations(List<SingleAttestation> attestations) {
    return measured(() -> delegate.publishAttestations(attestations));
  }

  @Override
  public CompletableFuture<Void> publishAggregateAndProofs(List<SignedAggregateAndProof> aggregates) {
    return measured(() -> delegate.publishAggregateAndProofs(aggregates));
  }

  @Override
  public CompletableFuture<List<BeaconCommitteeSelection>> beaconCommitteeSelections(
      List<BeaconCommitteeSelection> selections) {
    return measured(() -> delegate.beaconCommitteeSelections(selections));
  }

  @Override
  public CompletableFuture<ProxyResponse> proxy(ProxyRequest request) {
    return measured(() -> delegate.proxy(request)).thenApply(answer -> {
      if (answer.status() >= 500) {
        errors.incrementAndGet();
      }
      return answer;
    });
  }

  /** Stops the readiness checks; the wrapped beacon node is its owner's to close. */
  @Override
  public void close() {
    checker.shutdownNow();
  }
}
