package io.phalanx.api.failover;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconEventSource;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.BeaconNodeHealth;
import io.phalanx.api.ChainSpec;
import io.phalanx.api.SyncStatus;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.ValidatorLiveness;
import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.api.ProducedBlock;
import io.phalanx.spec.api.ProposerDuty;
import io.phalanx.spec.api.ProposerPreparation;
import io.phalanx.spec.api.SyncCommitteeDuty;
import io.phalanx.spec.api.SyncCommitteeSelection;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.BlindedBeaconBlock;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SignedBlindedBeaconBlock;
import io.phalanx.spec.types.SignedBlockContents;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SignedValidatorRegistrationV1;
import io.phalanx.spec.types.SignedVoluntaryExit;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.types.SyncCommitteeContribution;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.util.Bytes;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
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
 *
 * <p>Each job has a class of its own beside this one: {@code ReadinessMonitor} (checks, back-off,
 * read order, switches), {@code FailoverReads} with {@code AnswerCheck}, {@code
 * BestAttestationData}, {@code FanOutPublisher} and {@code EventFollower}. What is left here is the
 * configuration and one short method per beacon API call, which is why it is a little over 400
 * lines.
 */
public final class FailoverBeaconNode implements BeaconNode, BeaconNodeHealth, BeaconEventSource, AutoCloseable {
  private final ReadinessMonitor monitor;
  private final FailoverReads reads;
  private final BestAttestationData bestAttestationData;
  private final FanOutPublisher publisher;

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
          throw new IllegalArgumentException("beacon node " + Endpoint.origin(u) + " is configured twice: give each once");
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
  public FailoverBeaconNode(Config config) {
    this.monitor = new ReadinessMonitor(config, Endpoint.all(config));
    this.reads = new FailoverReads(monitor);
    this.bestAttestationData = new BestAttestationData(monitor, reads);
    this.publisher = new FanOutPublisher(monitor);
  }

  /** Checks every endpoint once now, then every check interval. */
  public FailoverBeaconNode start() {
    monitor.start();
    return this;
  }

  /** Retunes the timings to the chain's slot length once it is known (keeps endpoints and strategy). */
  public void useSlotDuration(Duration slot) {
    monitor.useConfig(monitor.config().forSlot(slot));
  }

  public Config config() {
    return monitor.config();
  }

  /** Runs {@code listener} on every change of the endpoint serving reads. */
  public void onSwitch(Consumer<Switch> listener) {
    monitor.onSwitch(listener);
  }

  /** Signed messages that one endpoint refused or could not take (while another took them). */
  public long publishFailures() {
    return publisher.publishFailures();
  }

  /** Completed readiness rounds since start. */
  public int checkRounds() {
    return monitor.checkRounds();
  }

  // BeaconNodeHealth.

  @Override
  public List<EndpointStatus> endpoints() {
    return monitor.statuses();
  }

  @Override
  public long switches() {
    return monitor.switches();
  }

  // Reads.

  @Override
  public CompletableFuture<Genesis> genesis() {
    return reads.read("genesis", HttpBeaconNode::genesis, AnswerCheck.any());
  }

  @Override
  public CompletableFuture<ChainSpec> spec() {
    return reads.read("spec", HttpBeaconNode::spec, AnswerCheck.any());
  }

  @Override
  public CompletableFuture<Fork> fork(String stateId) {
    return reads.read("fork", b -> b.fork(stateId), AnswerCheck.any());
  }

  @Override
  public CompletableFuture<SyncStatus> syncing() {
    return reads.read("syncing", HttpBeaconNode::syncing, AnswerCheck.any());
  }

  @Override
  public CompletableFuture<List<ValidatorInfo>> validators(String stateId, List<String> ids) {
    return reads.read("validators", b -> b.validators(stateId, ids), AnswerCheck.any());
  }

  @Override
  public CompletableFuture<AttesterDuty.Epoch> attesterDuties(long epoch, List<Long> validatorIndices) {
    return reads.read("attester duties of epoch " + epoch, b -> b.attesterDuties(epoch, validatorIndices),
        AnswerCheck.attesterDuties(validatorIndices));
  }

  @Override
  public CompletableFuture<AttestationData> attestationData(long slot, long committeeIndex) {
    AnswerCheck<AttestationData> check = AnswerCheck.attestationData(slot);
    if (monitor.config().strategy() == AttestationDataStrategy.BEST) {
      return bestAttestationData.fetch(slot, committeeIndex, check);
    }
    return reads.read("attestation data of slot " + slot, b -> b.attestationData(slot, committeeIndex), check);
  }

  @Override
  public CompletableFuture<Attestation> aggregateAttestation(long slot, Bytes attestationDataRoot, long committeeIndex) {
    return reads.read("aggregate attestation of slot " + slot, b -> b.aggregateAttestation(slot, attestationDataRoot,
        committeeIndex), AnswerCheck.aggregate(slot, attestationDataRoot));
  }

  @Override
  public CompletableFuture<List<ValidatorLiveness>> liveness(long epoch, List<Long> validatorIndices) {
    return reads.read("liveness of epoch " + epoch, b -> b.liveness(epoch, validatorIndices),
        AnswerCheck.liveness(validatorIndices));
  }

  @Override
  public CompletableFuture<List<BeaconCommitteeSelection>> beaconCommitteeSelections(
      List<BeaconCommitteeSelection> selections) {
    return reads.read("beacon committee selections", b -> b.beaconCommitteeSelections(selections), AnswerCheck.any());
  }

  @Override
  public CompletableFuture<ProposerDuty.Epoch> proposerDuties(long epoch) {
    return reads.read("proposer duties of epoch " + epoch, b -> b.proposerDuties(epoch), AnswerCheck.any());
  }

  /**
   * Reads a block from the best beacon node; a blinded one is remembered with the node that built
   * it, which is the one to publish it through.
   */
  @Override
  public CompletableFuture<ProducedBlock> produceBlock(long slot, Bytes randaoReveal, Bytes graffiti,
      OptionalLong builderBoostFactor) {
    return reads.read("block of slot " + slot, b -> b.produceBlock(slot, randaoReveal, graffiti, builderBoostFactor)
        .thenApply(block -> {
          publisher.builtBy(b, block);
          return block;
        }), AnswerCheck.block(slot));
  }

  @Override
  public CompletableFuture<List<SyncCommitteeDuty>> syncDuties(long epoch, List<Long> validatorIndices) {
    return reads.read("sync duties of epoch " + epoch, b -> b.syncDuties(epoch, validatorIndices),
        AnswerCheck.syncDuties(validatorIndices));
  }

  @Override
  public CompletableFuture<Bytes> blockRoot(String blockId) {
    return reads.read("block root of " + blockId, b -> b.blockRoot(blockId), AnswerCheck.any());
  }

  @Override
  public CompletableFuture<SyncCommitteeContribution> syncCommitteeContribution(
      long slot, long subcommitteeIndex, Bytes beaconBlockRoot) {
    return reads.read("sync committee contribution of slot " + slot + ", subcommittee " + subcommitteeIndex,
        b -> b.syncCommitteeContribution(slot, subcommitteeIndex, beaconBlockRoot),
        AnswerCheck.contribution(slot, subcommitteeIndex, beaconBlockRoot));
  }

  @Override
  public CompletableFuture<List<SyncCommitteeSelection>> syncCommitteeSelections(
      List<SyncCommitteeSelection> selections) {
    return reads.read("sync committee selections", b -> b.syncCommitteeSelections(selections), AnswerCheck.any());
  }

  @Override
  public CompletableFuture<ProxyResponse> proxy(ProxyRequest request) {
    String what = request.method() + " " + pathOnly(request.pathAndQuery());
    return reads.read(what, b -> b.proxy(request).thenApply(r -> {
      if (r.status() >= 500) {
        throw new ApiException(r.status(), what + " answered " + r.status());
      }
      return r;
    }), AnswerCheck.any());
  }

  // Writes.

  @Override
  public CompletableFuture<Void> publishAttestations(List<SingleAttestation> attestations) {
    if (attestations.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return publisher.publish(attestations.size() + " attestations", b -> b.publishAttestations(attestations));
  }

  @Override
  public CompletableFuture<Void> publishAggregateAndProofs(List<SignedAggregateAndProof> aggregates) {
    if (aggregates.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return publisher.publish(aggregates.size() + " aggregate-and-proofs", b -> b.publishAggregateAndProofs(aggregates));
  }

  @Override
  public CompletableFuture<Void> publishVoluntaryExit(SignedVoluntaryExit exit) {
    return publisher.publish("voluntary exit of validator " + exit.message().validatorIndex(),
        b -> b.publishVoluntaryExit(exit));
  }

  @Override
  public CompletableFuture<Void> registerValidators(List<SignedValidatorRegistrationV1> registrations) {
    if (registrations.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return publisher.publish(registrations.size() + " builder registrations", b -> b.registerValidators(registrations));
  }

  /** Every beacon node that may build a block for the cluster must know its fee recipients. */
  @Override
  public CompletableFuture<Void> prepareBeaconProposer(List<ProposerPreparation> preparations) {
    if (preparations.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return publisher.publish(preparations.size() + " proposer preparations",
        b -> b.prepareBeaconProposer(preparations));
  }

  @Override
  public CompletableFuture<Void> publishBlock(ConsensusVersion version, SignedBlockContents block) {
    return publisher.publish("the block of slot " + block.signedBlock().message().slot(),
        b -> b.publishBlock(version, block));
  }

  /** Goes first, alone, to the beacon node that built the block (see {@link FanOutPublisher}). */
  @Override
  public CompletableFuture<Void> publishBlindedBlock(ConsensusVersion version, SignedBlindedBeaconBlock block) {
    Bytes root = BlindedBeaconBlock.SSZ.hashTreeRoot(block.message());
    return publisher.publishBlinded(root, "the blinded block of slot " + block.message().slot(),
        b -> b.publishBlindedBlock(version, block));
  }

  @Override
  public CompletableFuture<Void> publishSyncCommitteeMessages(List<SyncCommitteeMessage> messages) {
    if (messages.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return publisher.publish(messages.size() + " sync committee messages",
        b -> b.publishSyncCommitteeMessages(messages));
  }

  @Override
  public CompletableFuture<Void> publishContributionAndProofs(List<SignedContributionAndProof> contributions) {
    if (contributions.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return publisher.publish(contributions.size() + " contribution-and-proofs",
        b -> b.publishContributionAndProofs(contributions));
  }

  // Events.

  /** Follows the endpoint serving reads: reconnects when it changes or when its stream ends. */
  @Override
  public Subscription subscribe(String topicsQuery, Consumer<byte[]> onEvent) {
    return EventFollower.follow(monitor, topicsQuery, onEvent);
  }

  @Override
  public void close() {
    monitor.close();
    monitor.endpoints().forEach(e -> e.client.close());
  }

  @Override
  public String toString() {
    return "FailoverBeaconNode" + monitor.endpoints().stream().map(e -> e.name).toList();
  }

  private static String pathOnly(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
  }

  static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
