package io.phalanx.api.failover;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconEventSource;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.BeaconNodeHealth;
import io.phalanx.api.BeaconNodeUnavailableException;
import io.phalanx.api.ChainSpec;
import io.phalanx.api.SyncStatus;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.ValidatorLiveness;
import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Several beacon nodes behind one {@link BeaconNode}: a decorator over one {@link HttpBeaconNode}
 * per endpoint that checks each endpoint's readiness on an executor of its own (every check
 * interval, and right after a request to it fails), sends reads to the best ready endpoint and
 * fails over to the next within the same request, and sends signed messages to every ready
 * endpoint at once, the first success answering.
 *
 * <p>Order of preference for reads: ready primaries in configured order, then ready fallbacks; only
 * when none is ready, endpoints that are slow or whose state is unknown or failed (those backed
 * off last). A syncing, optimistic or execution-offline endpoint never serves reads. An endpoint
 * whose request fails for its own reason (I/O, timeout, 5xx, a malformed answer, data for another
 * slot than asked) is marked failed, backed off for a while that doubles with each failure in a
 * row, and re-checked at once; a 4xx answer is the request's fault and is passed on.
 *
 * <p>Signed messages go to every ready endpoint in parallel, the first success answering; if all of
 * them fail, to the other endpoints. A refusal (4xx) is the message's fault and is not retried.
 *
 * <p>Every change of the endpoint serving reads is logged with its reason and counted.
 */
public final class FailoverBeaconNode implements BeaconNode, BeaconNodeHealth, BeaconEventSource, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(FailoverBeaconNode.class.getName());

  /** How attestation data is fetched. */
  public enum AttestationDataStrategy {
    /** From the best ready endpoint, failing over one by one. */
    FIRST,
    /** From every ready endpoint in parallel; the best scored answer within a soft timeout wins. */
    BEST
  }

  /**
   * @param primaries beacon nodes in order of preference
   * @param fallbacks beacon nodes used only when no primary is ready
   * @param checkInterval how often readiness is checked (a slot)
   * @param attemptTimeout how long one request to one endpoint may take before the next is tried
   * @param requestDeadline how long one request may take over all the endpoints it tries
   * @param slowThreshold two readiness checks in a row slower than this demote the endpoint (state slow)
   * @param maxHeadLag slots an endpoint's head may lag the best head seen before it counts as stale
   * @param strategy how attestation data is fetched
   * @param bestSoftTimeout with {@link AttestationDataStrategy#BEST}: how long to wait for more answers
   */
  public record Config(
      List<URI> primaries,
      List<URI> fallbacks,
      Duration checkInterval,
      Duration attemptTimeout,
      Duration requestDeadline,
      Duration slowThreshold,
      long maxHeadLag,
      AttestationDataStrategy strategy,
      Duration bestSoftTimeout,
      LongFunction<ConsensusVersion> consensusVersionAtSlot) {
    public Config {
      primaries = List.copyOf(primaries);
      fallbacks = List.copyOf(fallbacks);
      Objects.requireNonNull(strategy, "strategy");
      Objects.requireNonNull(consensusVersionAtSlot, "consensusVersionAtSlot");
      if (primaries.isEmpty()) {
        throw new IllegalArgumentException("at least one primary beacon node is needed (--beacon-node-endpoints)");
      }
      Set<URI> seen = new HashSet<>();
      for (URI u : concat(primaries, fallbacks)) {
        if (!seen.add(u)) {
          throw new IllegalArgumentException("beacon node " + origin(u) + " is configured twice: give each once");
        }
      }
      for (Duration d : List.of(checkInterval, attemptTimeout, requestDeadline, slowThreshold, bestSoftTimeout)) {
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("failover durations must be positive, got " + d);
        }
      }
    }

    /** Tuned for a 12-second slot; {@link #forSlot} for other lengths. */
    public static Config of(List<URI> primaries, List<URI> fallbacks) {
      return new Config(primaries, fallbacks, Duration.ofSeconds(12), Duration.ofSeconds(6),
          Duration.ofSeconds(12), Duration.ofSeconds(3), 2, AttestationDataStrategy.FIRST, Duration.ofMillis(1500),
          slot -> ConsensusVersion.FULU);
    }

    /**
     * Timings from the slot length: checks every slot, half a slot per attempt, a slot per request
     * over all endpoints, a quarter slot as the slow threshold, an eighth as the soft timeout. A
     * loaded beacon node is not a failed one: only what cannot help the slot's duties is cut off.
     */
    public Config forSlot(Duration slot) {
      return new Config(primaries, fallbacks, slot, slot.dividedBy(2), slot, slot.dividedBy(4),
          maxHeadLag, strategy, slot.dividedBy(8), consensusVersionAtSlot);
    }

    public Config withStrategy(AttestationDataStrategy s) {
      return new Config(primaries, fallbacks, checkInterval, attemptTimeout, requestDeadline, slowThreshold,
          maxHeadLag, s, bestSoftTimeout, consensusVersionAtSlot);
    }

    public Config withConsensusVersionAtSlot(LongFunction<ConsensusVersion> v) {
      return new Config(primaries, fallbacks, checkInterval, attemptTimeout, requestDeadline, slowThreshold,
          maxHeadLag, strategy, bestSoftTimeout, v);
    }
  }

  /** A change of the endpoint serving reads. {@code from} is empty at the first choice. */
  public record Switch(Instant at, Optional<String> from, Optional<String> to, String reason) {}

  private volatile Config config;
  private final List<Endpoint> endpoints;
  private final ScheduledExecutorService checker;
  private final List<Consumer<Switch>> switchListeners = new CopyOnWriteArrayList<>();
  private final AtomicLong switches = new AtomicLong();
  /** Blinded blocks recently produced, by block root, with the beacon node that built each. */
  private final Map<Bytes, Endpoint> builtBlinded = new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicLong publishFailures = new AtomicLong();
  private final AtomicInteger checkRounds = new AtomicInteger();
  private volatile Endpoint serving;
  private volatile boolean closed;

  public FailoverBeaconNode(Config config) {
    this.config = config;
    List<Endpoint> all = new ArrayList<>();
    for (URI u : concat(config.primaries(), config.fallbacks())) {
      boolean fallback = all.size() >= config.primaries().size();
      all.add(new Endpoint(all.size(), display(u), fallback, new HttpBeaconNode(clientConfig(u, config))));
    }
    this.endpoints = List.copyOf(all);
    this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "beacon-node-readiness");
      t.setDaemon(true);
      return t;
    });
  }

  private static HttpBeaconNode.Config clientConfig(URI url, Config config) {
    // The failover decides how long an attempt may take; the client's own timeout is only a backstop.
    return HttpBeaconNode.Config.of(url).withTimeouts(HttpBeaconNode.Config.DEFAULT_CONNECT_TIMEOUT,
        HttpBeaconNode.Config.DEFAULT_REQUEST_TIMEOUT).withConsensusVersionAtSlot(config.consensusVersionAtSlot());
  }

  /** Checks every endpoint once now, then every check interval. */
  public FailoverBeaconNode start() {
    checker.execute(this::checkRound);
    return this;
  }

  /** Retunes the timings to the chain's slot length once it is known (keeps endpoints and strategy). */
  public void useSlotDuration(Duration slot) {
    this.config = config.forSlot(slot);
  }

  public Config config() {
    return config;
  }

  /** Runs {@code listener} on every change of the endpoint serving reads. */
  public void onSwitch(Consumer<Switch> listener) {
    switchListeners.add(listener);
  }

  /** Signed messages that one endpoint refused or could not take (while another took them). */
  public long publishFailures() {
    return publishFailures.get();
  }

  /** Completed readiness rounds since start. */
  public int checkRounds() {
    return checkRounds.get();
  }

  // BeaconNodeHealth.

  @Override
  public List<EndpointStatus> endpoints() {
    Endpoint s = serving;
    return endpoints.stream().map(e -> e.status(e == s)).toList();
  }

  @Override
  public long switches() {
    return switches.get();
  }

  // Readiness.

  private void checkRound() {
    if (closed) {
      return;
    }
    List<CompletableFuture<Void>> checks = endpoints.stream().map(this::check).toList();
    CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
      markStaleHeads();
      checkRounds.incrementAndGet();
      updateServing("readiness check");
      if (!closed) {
        try {
          checker.schedule(this::checkRound, config.checkInterval().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
          // closed meanwhile
        }
      }
    });
  }

  /** One readiness check of one endpoint: sync status, peer count and how long the answer took. */
  private CompletableFuture<Void> check(Endpoint e) {
    Config c = config;
    long start = System.nanoTime();
    CompletableFuture<Long> peers = e.client.peerCount()
        .orTimeout(c.attemptTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(t -> -1L);
    return e.client.syncing().orTimeout(c.attemptTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle((status, error) -> {
          double millis = (System.nanoTime() - start) / 1e6;
          e.checkMillis = millis;
          if (error != null) {
            Throwable cause = unwrap(error);
            setReadiness(e, failureReadiness(cause), message(cause));
            e.consecutiveFailures++;
            e.backoffUntilNanos = System.nanoTime() + backoff(e.consecutiveFailures).toNanos();
            return null;
          }
          if (millis <= c.slowThreshold().toMillis()) {
            e.slowChecks = 0;
          }
          e.headSlot = status.headSlot();
          e.syncDistance = status.syncDistance();
          if (status.isSyncing()) {
            setReadiness(e, Readiness.SYNCING, "syncing, " + status.syncDistance() + " slots behind");
          } else if (status.isOptimistic()) {
            setReadiness(e, Readiness.OPTIMISTIC, "head is optimistic (not verified by an execution client)");
          } else if (status.elOffline()) {
            setReadiness(e, Readiness.EL_OFFLINE, "execution client offline");
          } else if (millis > c.slowThreshold().toMillis() && ++e.slowChecks >= 2) {
            // Two slow checks in a row: one can be a pause of this machine rather than of the beacon node.
            setReadiness(e, Readiness.SLOW, String.format(java.util.Locale.ROOT,
                "answered its readiness checks in %.0f ms, more than %d ms", millis, c.slowThreshold().toMillis()));
          } else if (e.backedOff(System.nanoTime())) {
            // Answers checks again, but failed a request a moment ago: not ready until the back-off passes.
            return null;
          } else {
            // Failures in a row are forgiven by a successful request, not by a check: an endpoint
            // that answers checks but fails requests (wrong data) is backed off longer each time.
            setReadiness(e, Readiness.READY, "");
          }
          return null;
        })
        .thenCombine(peers, (ignored, count) -> {
          e.peers = count;
          return null;
        });
  }

  /** An endpoint whose head lags the best head of this round by more than maxHeadLag is stale. */
  private void markStaleHeads() {
    long best = endpoints.stream().filter(e -> e.readiness == Readiness.READY || e.readiness == Readiness.STALE_HEAD)
        .mapToLong(e -> e.headSlot).max().orElse(-1);
    for (Endpoint e : endpoints) {
      if (e.readiness == Readiness.READY && best - e.headSlot > config.maxHeadLag()) {
        setReadiness(e, Readiness.STALE_HEAD, "head slot " + e.headSlot + " lags the best head " + best);
      }
    }
  }

  private void setReadiness(Endpoint e, Readiness r, String detail) {
    Readiness before = e.readiness;
    e.readiness = r;
    e.detail = detail;
    if (before != r) {
      LOG.log(r == Readiness.READY ? Level.INFO : Level.WARNING,
          () -> e + ": " + r.word() + (detail.isEmpty() ? "" : " (" + detail + ")"));
    }
  }

  private Duration backoff(int failures) {
    Duration base = config.checkInterval().dividedBy(2);
    Duration d = base.multipliedBy(1L << Math.min(4, Math.max(0, failures - 1)));
    Duration cap = config.checkInterval().multipliedBy(2);
    return d.compareTo(cap) > 0 ? cap : d;
  }

  /** A request to {@code e} failed for the endpoint's own reason: mark it, back it off, re-check it now. */
  private void failed(Endpoint e, Throwable cause, String what) {
    e.errors.incrementAndGet();
    e.consecutiveFailures++;
    e.backoffUntilNanos = System.nanoTime() + backoff(e.consecutiveFailures).toNanos();
    Readiness r = failureReadiness(cause);
    setReadiness(e, r, what + ": " + message(cause));
    updateServing(e.name + " failed " + what + ": " + message(cause));
    if (!closed) {
      try {
        checker.execute(() -> check(e).whenComplete((ok, error) -> updateServing("re-check after a failure")));
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        // closed meanwhile
      }
    }
  }

  private static Readiness failureReadiness(Throwable cause) {
    if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
      return Readiness.SLOW;
    }
    if (cause instanceof ConnectException || cause instanceof IOException && cause.getCause() instanceof ConnectException) {
      return Readiness.UNREACHABLE;
    }
    if (cause instanceof IOException) {
      return Readiness.UNREACHABLE;
    }
    return Readiness.ERROR;
  }

  /** Recomputes which endpoint serves reads first and logs and counts a change. */
  private synchronized void updateServing(String reason) {
    List<Endpoint> order = readOrder();
    Endpoint next = order.isEmpty() ? null : order.getFirst();
    Endpoint before = serving;
    if (next == before) {
      return;
    }
    serving = next;
    String why = before == null ? reason
        : before.ready() ? reason : before.name + " is " + before.readiness.word()
            + (before.detail.isEmpty() ? "" : " (" + before.detail + ")");
    if (next != null && before != null && next.index < before.index && next.ready()) {
      why = next.name + " is ready again and preferred";
    }
    if (before != null || next != null) {
      switches.incrementAndGet();
    }
    Switch s = new Switch(Instant.now(), Optional.ofNullable(before).map(x -> x.name),
        Optional.ofNullable(next).map(x -> x.name), why);
    String text = "reads now go to " + (next == null ? "no beacon node" : next) + (before == null ? "" : ", were "
        + before.name) + ": " + why;
    LOG.log(before == null ? Level.INFO : Level.WARNING, text);
    for (Consumer<Switch> l : switchListeners) {
      try {
        l.accept(s);
      } catch (RuntimeException ex) {
        LOG.log(Level.WARNING, "switch listener failed", ex);
      }
    }
  }

  /**
   * Where reads go, best first: ready primaries, ready fallbacks; then, as a last resort, slow or
   * failed endpoints not backed off, then backed-off ones. Syncing, optimistic or execution-offline
   * endpoints never.
   */
  List<Endpoint> readOrder() {
    long now = System.nanoTime();
    Comparator<Endpoint> byWeight = Comparator.comparingInt((Endpoint e) -> -weight(e, now))
        .thenComparingInt(e -> e.index);
    return endpoints.stream().filter(e -> e.readiness.readable()).sorted(byWeight).toList();
  }

  /** Higher is better: readiness first, then primaries before fallbacks, then no recent failure. */
  static int weight(Endpoint e, long now) {
    int w;
    if (e.ready()) {
      w = e.fallback ? 300 : 400;
    } else if (e.readiness == Readiness.STALE_HEAD || e.readiness == Readiness.SLOW) {
      w = 200;
    } else {
      w = 100;
    }
    if (!e.ready() && e.backedOff(now)) {
      w -= 50;
    }
    return w;
  }

  // Reads.

  /** What a read must check of an answer beyond it parsing: empty if fine, else what is wrong. */
  @FunctionalInterface
  private interface Check<T> {
    Optional<String> wrong(T answer);
  }

  private <T> CompletableFuture<T> read(String what, Function<HttpBeaconNode, CompletableFuture<T>> call,
      Check<T> check) {
    List<Endpoint> order = readOrder();
    if (order.isEmpty()) {
      return CompletableFuture.failedFuture(new BeaconNodeUnavailableException(what + ": " + noneUsable()));
    }
    long deadline = System.nanoTime() + config.requestDeadline().toNanos();
    CompletableFuture<T> result = new CompletableFuture<>();
    attempt(what, call, check, order, 0, deadline, new LinkedHashMap<>(), null, result);
    return result;
  }

  private <T> void attempt(String what, Function<HttpBeaconNode, CompletableFuture<T>> call, Check<T> check,
      List<Endpoint> order, int i, long deadline, Map<String, String> failures, ApiException requestError,
      CompletableFuture<T> result) {
    long remaining = deadline - System.nanoTime();
    if (i >= order.size() || remaining <= 0) {
      if (requestError != null) {
        result.completeExceptionally(requestError);
      } else {
        String tried = failures.isEmpty() ? "no time left to ask one" : failures.entrySet().stream()
            .map(f -> f.getKey() + ": " + f.getValue()).reduce((a, b) -> a + "; " + b).orElse("");
        result.completeExceptionally(new BeaconNodeUnavailableException(what + " (" + tried + ")"));
      }
      return;
    }
    Endpoint e = order.get(i);
    // The last endpoint to try may take what is left of the deadline: there is no other to wait for.
    long timeout = i == order.size() - 1 ? remaining : Math.min(config.attemptTimeout().toNanos(), remaining);
    long start = System.nanoTime();
    e.requests.incrementAndGet();
    CompletableFuture<T> answer;
    try {
      answer = call.apply(e.client);
    } catch (RuntimeException ex) {
      answer = CompletableFuture.failedFuture(ex);
    }
    answer.orTimeout(timeout, TimeUnit.NANOSECONDS).whenComplete((value, error) -> {
      e.latencies.record((System.nanoTime() - start) / 1e6);
      Throwable cause = error == null ? null : unwrap(error);
      if (cause == null) {
        Optional<String> wrong = check.wrong(value);
        if (wrong.isEmpty()) {
          e.consecutiveFailures = 0;
          result.complete(value);
          return;
        }
        cause = new ApiException(502, "wrong data: " + wrong.get());
      }
      ApiException nextRequestError = requestError;
      if (isRequestError(cause)) {
        // The beacon node answered: the request itself was refused. Another may know more (a 404).
        if (requestError == null) {
          nextRequestError = (ApiException) cause;
        }
      } else {
        failed(e, cause, what);
        failures.put(e.name, message(cause));
      }
      attempt(what, call, check, order, i + 1, deadline, failures, nextRequestError, result);
    });
  }

  /**
   * A 4xx, or a 501 (an endpoint the beacon node does not implement, e.g. liveness): the beacon
   * node is fine, the request was refused.
   */
  private static boolean isRequestError(Throwable cause) {
    return cause instanceof ApiException a && (a.status() >= 400 && a.status() < 500 || a.status() == 501);
  }

  private String noneUsable() {
    return endpoints.stream().map(e -> e.name + " " + e.readiness.word()).reduce((a, b) -> a + ", " + b).orElse("");
  }

  private static <T> Check<T> any() {
    return answer -> Optional.empty();
  }

  @Override
  public CompletableFuture<Genesis> genesis() {
    return read("genesis", HttpBeaconNode::genesis, any());
  }

  @Override
  public CompletableFuture<ChainSpec> spec() {
    return read("spec", HttpBeaconNode::spec, any());
  }

  @Override
  public CompletableFuture<Fork> fork(String stateId) {
    return read("fork", b -> b.fork(stateId), any());
  }

  @Override
  public CompletableFuture<SyncStatus> syncing() {
    return read("syncing", HttpBeaconNode::syncing, any());
  }

  @Override
  public CompletableFuture<List<ValidatorInfo>> validators(String stateId, List<String> ids) {
    return read("validators", b -> b.validators(stateId, ids), any());
  }

  @Override
  public CompletableFuture<AttesterDuty.Epoch> attesterDuties(long epoch, List<Long> validatorIndices) {
    Set<Long> asked = Set.copyOf(validatorIndices);
    return read("attester duties of epoch " + epoch, b -> b.attesterDuties(epoch, validatorIndices),
        duties -> duties.duties().stream().filter(d -> !asked.contains(d.validatorIndex())).findFirst()
            .map(d -> "a duty of validator " + d.validatorIndex() + ", which was not asked for"));
  }

  @Override
  public CompletableFuture<AttestationData> attestationData(long slot, long committeeIndex) {
    Check<AttestationData> check = data -> data.slot() == slot ? Optional.empty()
        : Optional.of("attestation data for slot " + data.slot() + ", asked for slot " + slot);
    if (config.strategy() == AttestationDataStrategy.BEST) {
      return bestAttestationData(slot, committeeIndex, check);
    }
    return read("attestation data of slot " + slot, b -> b.attestationData(slot, committeeIndex), check);
  }

  @Override
  public CompletableFuture<Attestation> aggregateAttestation(long slot, Bytes attestationDataRoot, long committeeIndex) {
    return read("aggregate attestation of slot " + slot, b -> b.aggregateAttestation(slot, attestationDataRoot,
        committeeIndex), aggregate -> {
          if (aggregate.data().slot() != slot) {
            return Optional.of("aggregate for slot " + aggregate.data().slot() + ", asked for slot " + slot);
          }
          Bytes root = AttestationData.SSZ.hashTreeRoot(aggregate.data());
          return root.equals(attestationDataRoot) ? Optional.empty()
              : Optional.of("aggregate of data root " + root + ", asked for " + attestationDataRoot);
        });
  }

  @Override
  public CompletableFuture<List<ValidatorLiveness>> liveness(long epoch, List<Long> validatorIndices) {
    Set<Long> asked = Set.copyOf(validatorIndices);
    return read("liveness of epoch " + epoch, b -> b.liveness(epoch, validatorIndices),
        answer -> answer.stream().filter(l -> !asked.contains(l.index())).findFirst()
            .map(l -> "liveness of validator " + l.index() + ", which was not asked for"));
  }

  @Override
  public CompletableFuture<List<BeaconCommitteeSelection>> beaconCommitteeSelections(
      List<BeaconCommitteeSelection> selections) {
    return read("beacon committee selections", b -> b.beaconCommitteeSelections(selections), any());
  }

  @Override
  public CompletableFuture<io.phalanx.spec.api.ProposerDuty.Epoch> proposerDuties(long epoch) {
    return read("proposer duties of epoch " + epoch, b -> b.proposerDuties(epoch), any());
  }

  /**
   * Reads a block from the best beacon node; a blinded one is remembered with the node that built
   * it, which is the one to publish it through.
   */
  @Override
  public CompletableFuture<io.phalanx.spec.api.ProducedBlock> produceBlock(long slot, Bytes randaoReveal,
      Bytes graffiti, java.util.OptionalLong builderBoostFactor) {
    return read("block of slot " + slot, b -> b.produceBlock(slot, randaoReveal, graffiti, builderBoostFactor)
        .thenApply(block -> {
          if (block.blinded()) {
            endpoints.stream().filter(e -> e.client == b).findFirst().ifPresent(e -> {
              builtBlinded.put(block.blockRoot(), e);
              if (builtBlinded.size() > 64) {
                builtBlinded.keySet().stream().findFirst().ifPresent(builtBlinded::remove);
              }
            });
          }
          return block;
        }), block -> block.slot() == slot ? Optional.empty()
            : Optional.of("a block for slot " + block.slot() + ", not " + slot));
  }

  @Override
  public CompletableFuture<List<io.phalanx.spec.api.SyncCommitteeDuty>> syncDuties(
      long epoch, List<Long> validatorIndices) {
    Set<Long> asked = Set.copyOf(validatorIndices);
    return read("sync duties of epoch " + epoch, b -> b.syncDuties(epoch, validatorIndices),
        duties -> duties.stream().filter(d -> !asked.contains(d.validatorIndex())).findFirst()
            .map(d -> "a sync duty of validator " + d.validatorIndex() + ", which was not asked for"));
  }

  @Override
  public CompletableFuture<Bytes> blockRoot(String blockId) {
    return read("block root of " + blockId, b -> b.blockRoot(blockId), any());
  }

  @Override
  public CompletableFuture<io.phalanx.spec.types.SyncCommitteeContribution> syncCommitteeContribution(
      long slot, long subcommitteeIndex, Bytes beaconBlockRoot) {
    return read("sync committee contribution of slot " + slot + ", subcommittee " + subcommitteeIndex,
        b -> b.syncCommitteeContribution(slot, subcommitteeIndex, beaconBlockRoot), c -> {
          if (c.slot() != slot || c.subcommitteeIndex() != subcommitteeIndex) {
            return Optional.of("contribution for slot " + c.slot() + ", subcommittee " + c.subcommitteeIndex()
                + ", asked for slot " + slot + ", subcommittee " + subcommitteeIndex);
          }
          return c.beaconBlockRoot().equals(beaconBlockRoot) ? Optional.empty()
              : Optional.of("contribution over block root " + c.beaconBlockRoot() + ", asked for " + beaconBlockRoot);
        });
  }

  @Override
  public CompletableFuture<List<io.phalanx.spec.api.SyncCommitteeSelection>> syncCommitteeSelections(
      List<io.phalanx.spec.api.SyncCommitteeSelection> selections) {
    return read("sync committee selections", b -> b.syncCommitteeSelections(selections), any());
  }

  @Override
  public CompletableFuture<ProxyResponse> proxy(ProxyRequest request) {
    String what = request.method() + " " + pathOnly(request.pathAndQuery());
    return read(what, b -> b.proxy(request).thenApply(r -> {
      if (r.status() >= 500) {
        throw new ApiException(r.status(), what + " answered " + r.status());
      }
      return r;
    }), any());
  }

  /**
   * Asks every ready endpoint at once, waits up to the soft timeout for all of them (at most the
   * attempt timeout for a first answer), and takes the best scored answer: higher source and target
   * epochs first, then the fresher head, then preference order.
   */
  private CompletableFuture<AttestationData> bestAttestationData(long slot, long committeeIndex,
      Check<AttestationData> check) {
    List<Endpoint> ready = readOrder().stream().filter(Endpoint::ready).toList();
    if (ready.size() < 2) {
      return read("attestation data of slot " + slot, b -> b.attestationData(slot, committeeIndex), check);
    }
    Config c = config;
    String what = "attestation data of slot " + slot;
    Map<Endpoint, AttestationData> answers = new java.util.concurrent.ConcurrentHashMap<>();
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
              failed(e, cause, what);
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
      return read(what, b -> b.attestationData(slot, committeeIndex), check);
    });
  }

  /** Vouch's idea: later checkpoints are better; a head closer to the slot breaks ties. */
  static double score(AttestationData data, Endpoint e) {
    double epochs = (double) data.source().epoch() + data.target().epoch();
    long lag = e.headSlot < 0 ? 64 : Math.max(0, data.slot() - e.headSlot);
    return epochs + 1.0 / (1 + lag);
  }

  // Writes.

  @Override
  public CompletableFuture<Void> publishAttestations(List<SingleAttestation> attestations) {
    if (attestations.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return publish(attestations.size() + " attestations", b -> b.publishAttestations(attestations));
  }

  @Override
  public CompletableFuture<Void> publishAggregateAndProofs(List<SignedAggregateAndProof> aggregates) {
    if (aggregates.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return publish(aggregates.size() + " aggregate-and-proofs", b -> b.publishAggregateAndProofs(aggregates));
  }

  @Override
  public CompletableFuture<Void> publishVoluntaryExit(io.phalanx.spec.types.SignedVoluntaryExit exit) {
    return publish("voluntary exit of validator " + exit.message().validatorIndex(), b -> b.publishVoluntaryExit(exit));
  }

  @Override
  public CompletableFuture<Void> registerValidators(
      List<io.phalanx.spec.types.SignedValidatorRegistrationV1> registrations) {
    if (registrations.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return publish(registrations.size() + " builder registrations", b -> b.registerValidators(registrations));
  }

  /** Every beacon node that may build a block for the cluster must know its fee recipients. */
  @Override
  public CompletableFuture<Void> prepareBeaconProposer(List<io.phalanx.spec.api.ProposerPreparation> preparations) {
    if (preparations.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return publish(preparations.size() + " proposer preparations", b -> b.prepareBeaconProposer(preparations));
  }

  @Override
  public CompletableFuture<Void> publishBlock(ConsensusVersion version,
      io.phalanx.spec.types.SignedBlockContents block) {
    return publish("the block of slot " + block.signedBlock().message().slot(), b -> b.publishBlock(version, block));
  }

  /**
   * Only the beacon node that built a blinded block can unblind it (its builder holds the payload):
   * it gets the block first, alone; if it fails or is not known, every other one is tried.
   */
  @Override
  public CompletableFuture<Void> publishBlindedBlock(ConsensusVersion version,
      io.phalanx.spec.types.SignedBlindedBeaconBlock block) {
    Bytes root = io.phalanx.spec.types.BlindedBeaconBlock.SSZ.hashTreeRoot(block.message());
    String what = "the blinded block of slot " + block.message().slot();
    Endpoint builder = builtBlinded.get(root);
    if (builder == null) {
      return publish(what, b -> b.publishBlindedBlock(version, block));
    }
    List<Endpoint> others = endpoints.stream().filter(e -> e != builder).toList();
    return publishTo(List.of(builder), what, b -> b.publishBlindedBlock(version, block))
        .exceptionallyCompose(error -> others.isEmpty()
            ? CompletableFuture.failedFuture(unwrap(error))
            : publishTo(others, what, b -> b.publishBlindedBlock(version, block)));
  }

  @Override
  public CompletableFuture<Void> publishSyncCommitteeMessages(List<io.phalanx.spec.types.SyncCommitteeMessage> messages) {
    if (messages.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return publish(messages.size() + " sync committee messages", b -> b.publishSyncCommitteeMessages(messages));
  }

  @Override
  public CompletableFuture<Void> publishContributionAndProofs(
      List<io.phalanx.spec.types.SignedContributionAndProof> contributions) {
    if (contributions.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return publish(contributions.size() + " contribution-and-proofs", b -> b.publishContributionAndProofs(contributions));
  }

  /**
   * Sends to every ready endpoint (every readable one if none is ready) in parallel; the first
   * success answers, the other endpoints' failures are logged and counted.
   */
  private CompletableFuture<Void> publish(String what, Function<HttpBeaconNode, CompletableFuture<Void>> call) {
    List<Endpoint> ready = readOrder().stream().filter(Endpoint::ready).toList();
    List<Endpoint> others = endpoints.stream().filter(e -> !ready.contains(e)).toList();
    if (ready.isEmpty()) {
      return publishTo(others, what, call);
    }
    // Readiness is a few moments old: if every ready endpoint fails, the others get their chance.
    return publishTo(ready, what, call).exceptionallyCompose(error -> others.isEmpty() || isRequestError(unwrap(error))
        ? CompletableFuture.failedFuture(unwrap(error)) : publishTo(others, what, call));
  }

  private CompletableFuture<Void> publishTo(List<Endpoint> targets, String what,
      Function<HttpBeaconNode, CompletableFuture<Void>> call) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    AtomicInteger pending = new AtomicInteger(targets.size());
    Map<String, String> failures = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicReference<ApiException> refusal = new java.util.concurrent.atomic.AtomicReference<>();
    long timeout = config.requestDeadline().toMillis();
    for (Endpoint e : targets) {
      long start = System.nanoTime();
      e.requests.incrementAndGet();
      CompletableFuture<Void> sent;
      try {
        sent = call.apply(e.client);
      } catch (RuntimeException ex) {
        sent = CompletableFuture.failedFuture(ex);
      }
      sent.orTimeout(timeout, TimeUnit.MILLISECONDS).whenComplete((ok, error) -> {
        e.latencies.record((System.nanoTime() - start) / 1e6);
        if (error == null) {
          result.complete(null);
        } else {
          Throwable cause = unwrap(error);
          publishFailures.incrementAndGet();
          failures.put(e.name, message(cause));
          LOG.log(Level.WARNING, () -> "publishing " + what + " to " + e.name + " failed: " + message(cause));
          if (isRequestError(cause)) {
            refusal.compareAndSet(null, (ApiException) cause);
          } else {
            failed(e, cause, "publishing " + what);
          }
        }
        if (pending.decrementAndGet() == 0 && !result.isDone()) {
          ApiException refused = refusal.get();
          result.completeExceptionally(refused != null ? refused
              : new BeaconNodeUnavailableException("publishing " + what + " (" + failures + ")"));
        }
      });
    }
    return result;
  }

  // Events.

  @Override
  public Subscription subscribe(String topicsQuery, Consumer<byte[]> onEvent) {
    EventFollower follower = new EventFollower(topicsQuery, onEvent);
    onSwitch(follower.listener);
    follower.connect();
    return follower;
  }

  /** Follows the endpoint serving reads: reconnects when it changes or when its stream ends. */
  private final class EventFollower implements Subscription {
    private final String topicsQuery;
    private final Consumer<byte[]> onEvent;
    final Consumer<Switch> listener = this::onSwitch;
    private volatile boolean stopped;
    private Endpoint current;
    private HttpBeaconNode.EventStream stream;
    private long generation;

    EventFollower(String topicsQuery, Consumer<byte[]> onEvent) {
      this.topicsQuery = topicsQuery;
      this.onEvent = onEvent;
    }

    synchronized void connect() {
      if (stopped || closed) {
        return;
      }
      long gen = ++generation;
      if (stream != null) {
        stream.close();
        stream = null;
      }
      List<Endpoint> order = readOrder();
      if (order.isEmpty()) {
        current = null;
        retryLater(gen);
        return;
      }
      Endpoint e = order.getFirst();
      current = e;
      e.client.events(topicsQuery, event -> {
        if (isCurrent(gen)) {
          onEvent.accept(event);
        }
      }, reason -> {
        if (reason != null && isCurrent(gen)) {
          LOG.log(Level.WARNING, () -> "event stream from " + e.name + " ended: " + message(reason));
          failed(e, reason, "the event stream");
          retryLater(gen);
        }
      }).whenComplete((s, error) -> {
        synchronized (this) {
          if (error != null) {
            if (gen == generation) {
              Throwable cause = unwrap(error);
              if (!isRequestError(cause)) {
                failed(e, cause, "opening the event stream");
              }
              retryLater(gen);
            }
          } else if (gen != generation || stopped) {
            s.close();
          } else {
            stream = s;
            LOG.log(Level.DEBUG, () -> "events (" + topicsQuery + ") from " + e.name);
          }
        }
      });
    }

    private synchronized boolean isCurrent(long gen) {
      return gen == generation && !stopped;
    }

    private void retryLater(long gen) {
      if (stopped || closed) {
        return;
      }
      try {
        checker.schedule(() -> {
          if (isCurrent(gen)) {
            connect();
          }
        }, Math.max(50, config.checkInterval().toMillis() / 10), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        // closed meanwhile
      }
    }

    void onSwitch(Switch s) {
      Endpoint now = serving;
      boolean move;
      synchronized (this) {
        move = !stopped && now != null && now != current;
      }
      if (move) {
        connect();
      }
    }

    @Override
    public synchronized void close() {
      stopped = true;
      generation++;
      switchListeners.remove(listener);
      if (stream != null) {
        stream.close();
        stream = null;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    checker.shutdownNow();
    endpoints.forEach(e -> e.client.close());
  }

  @Override
  public String toString() {
    return "FailoverBeaconNode" + endpoints.stream().map(e -> e.name).toList();
  }

  // Helpers.

  static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  static String message(Throwable t) {
    if (t instanceof TimeoutException) {
      return "no answer in time";
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static String pathOnly(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Scheme, host, port and path: never user information. */
  static String display(URI u) {
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    return origin(u) + (path.equals("/") ? "" : path);
  }

  private static String origin(URI u) {
    return u.getScheme() + "://" + u.getRawAuthority().replaceFirst("^.*@", "");
  }
}
