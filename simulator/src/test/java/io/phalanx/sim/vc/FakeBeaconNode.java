package io.phalanx.sim.vc;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.ChainSpec;
import io.phalanx.api.SyncStatus;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.ValidatorLiveness;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.signing.DomainType;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.ssz.Bitfield;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.Checkpoint;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.MainnetPreset;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * A Phalanx node as its validator client sees it, in memory: it maps share keys to validators,
 * hands out fixed duties, records what the client sends and answers selections with proofs
 * "combined" by signing with the validator's whole key, which the client never holds.
 *
 * <p>Faults are set per endpoint for a key: the slot for slot-bound requests
 * (attestation_data, beacon_committee_selections, aggregate_attestation and both publishes), the
 * epoch for attester_duties, and the call's ordinal (from 1) for genesis, spec, fork and
 * validators.
 */
final class FakeBeaconNode implements BeaconNode {
  static final int COMMITTEES_PER_SLOT = 2;

  /** A validator of the cluster: its index, the share this node's client holds and its whole key. */
  record Validator(long index, BlsSecretKey share, BlsSecretKey whole) {}

  record DutyQuery(long epoch, List<Long> indices) {}

  record DataQuery(long slot, long committeeIndex) {}

  record AggregateQuery(long slot, Bytes dataRoot, long committeeIndex) {}

  private record Fault(LongPredicate when, Supplier<Throwable> error) {}

  private final Genesis genesis;
  private final ChainSpec spec;
  private final Fork fork;
  private final Map<Long, Validator> validators = new ConcurrentHashMap<>();
  private final long committeeLength;
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

  final List<List<String>> validatorQueries = Collections.synchronizedList(new ArrayList<>());
  final List<DutyQuery> dutyQueries = Collections.synchronizedList(new ArrayList<>());
  final List<DataQuery> dataQueries = Collections.synchronizedList(new ArrayList<>());
  final List<SingleAttestation> attestations = Collections.synchronizedList(new ArrayList<>());
  final List<BeaconCommitteeSelection> partialSelections = Collections.synchronizedList(new ArrayList<>());
  final List<BeaconCommitteeSelection> combinedSelections = Collections.synchronizedList(new ArrayList<>());
  final List<AggregateQuery> aggregateQueries = Collections.synchronizedList(new ArrayList<>());
  final List<SignedAggregateAndProof> aggregates = Collections.synchronizedList(new ArrayList<>());
  /** As a node whose peers' clients go slot by slot: only the earliest slot's proofs of a request combine. */
  volatile boolean combinesEarliestSlotOnly;

  FakeBeaconNode(Genesis genesis, ChainSpec spec, Fork fork, List<Validator> validators, long committeeLength) {
    this.genesis = genesis;
    this.spec = spec;
    this.fork = fork;
    validators.forEach(v -> this.validators.put(v.index(), v));
    this.committeeLength = committeeLength;
  }

  /** Answers {@code endpoint} with {@code error} where {@code when} holds for the key. */
  void fail(String endpoint, LongPredicate when, Supplier<Throwable> error) {
    faults.put(endpoint, new Fault(when, error));
  }

  /** Never answers {@code endpoint} where {@code when} holds for the key. */
  void hang(String endpoint, LongPredicate when) {
    faults.put(endpoint, new Fault(when, () -> null));
  }

  long calls(String endpoint) {
    AtomicLong n = calls.get(endpoint);
    return n == null ? 0 : n.get();
  }

  long totalCalls() {
    return calls.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** The duties of a validator in an epoch: two committees, each validator once per epoch. */
  AttesterDuty dutyOf(Validator v, long epoch) {
    long slotsPerEpoch = spec.slotsPerEpoch();
    long slot = epoch * slotsPerEpoch + (v.index() / COMMITTEES_PER_SLOT) % slotsPerEpoch;
    return new AttesterDuty(v.share().publicKey().toBytes(), v.index(), v.index() % COMMITTEES_PER_SLOT,
        committeeLength, COMMITTEES_PER_SLOT, v.index() / COMMITTEES_PER_SLOT / slotsPerEpoch, slot);
  }

  /** What every node of the cluster decided to attest to at {@code slot}. */
  AttestationData dataAt(long slot) {
    long epoch = slot / spec.slotsPerEpoch();
    Checkpoint source = new Checkpoint(Math.max(0, epoch - 1), root("checkpoint " + Math.max(0, epoch - 1)));
    return new AttestationData(slot, 0, root("block " + slot), source, new Checkpoint(epoch, root("checkpoint " + epoch)));
  }

  /** The aggregate the node hands an aggregator of {@code committeeIndex} at {@code slot}. */
  Attestation aggregateAt(long slot, long committeeIndex) {
    AttestationData data = dataAt(slot);
    BlsSecretKey anyKey = validators.values().iterator().next().whole();
    Bytes signature = anyKey.sign(AttestationData.SSZ.hashTreeRoot(data)).toBytes();
    return new Attestation(Bitfield.of((int) committeeLength, 0, 1), data, signature,
        Bitfield.of(MainnetPreset.MAX_COMMITTEES_PER_SLOT, (int) committeeIndex));
  }

  Validator validator(long index) {
    return validators.get(index);
  }

  @Override
  public CompletableFuture<Genesis> genesis() {
    return answer("genesis", ordinal("genesis"), () -> genesis);
  }

  @Override
  public CompletableFuture<ChainSpec> spec() {
    return answer("spec", ordinal("spec"), () -> spec);
  }

  @Override
  public CompletableFuture<Fork> fork(String stateId) {
    return answer("fork", ordinal("fork"), () -> fork);
  }

  @Override
  public CompletableFuture<SyncStatus> syncing() {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("a validator client does not ask"));
  }

  @Override
  public CompletableFuture<List<ValidatorInfo>> validators(String stateId, List<String> ids) {
    validatorQueries.add(List.copyOf(ids));
    return answer("validators", ordinal("validators"), () -> validators.values().stream()
        .filter(v -> ids.contains(v.share().publicKey().toHex()))
        .map(v -> new ValidatorInfo(v.index(), 32_000_000_000L, "active_ongoing", v.share().publicKey().toBytes(),
            Bytes.zero(32), 32_000_000_000L, false, 0, 0, ValidatorInfo.FAR_FUTURE_EPOCH,
            ValidatorInfo.FAR_FUTURE_EPOCH))
        .toList());
  }

  @Override
  public CompletableFuture<AttesterDuty.Epoch> attesterDuties(long epoch, List<Long> validatorIndices) {
    dutyQueries.add(new DutyQuery(epoch, List.copyOf(validatorIndices)));
    return answer("attester_duties", epoch, () -> new AttesterDuty.Epoch(Bytes.zero(32), validatorIndices.stream()
        .map(validators::get)
        .filter(v -> v != null)
        .map(v -> dutyOf(v, epoch))
        .toList()));
  }

  @Override
  public CompletableFuture<AttestationData> attestationData(long slot, long committeeIndex) {
    dataQueries.add(new DataQuery(slot, committeeIndex));
    return answer("attestation_data", slot, () -> dataAt(slot));
  }

  @Override
  public CompletableFuture<Attestation> aggregateAttestation(long slot, Bytes attestationDataRoot, long committeeIndex) {
    aggregateQueries.add(new AggregateQuery(slot, attestationDataRoot, committeeIndex));
    return answer("aggregate_attestation", slot, () -> {
      if (!AttestationData.SSZ.hashTreeRoot(dataAt(slot)).equals(attestationDataRoot)) {
        throw ApiException.notFound("no aggregate for that data root");
      }
      return aggregateAt(slot, committeeIndex);
    });
  }

  @Override
  public CompletableFuture<Void> publishAttestations(List<SingleAttestation> sent) {
    return answer("publish_attestations", sent.get(0).data().slot(), () -> {
      attestations.addAll(sent);
      return null;
    });
  }

  @Override
  public CompletableFuture<Void> publishAggregateAndProofs(List<SignedAggregateAndProof> sent) {
    return answer("publish_aggregate_and_proofs", sent.get(0).message().aggregate().data().slot(), () -> {
      aggregates.addAll(sent);
      return null;
    });
  }

  /** Live: an attestation of the validator for a slot of {@code epoch} was published here. */
  @Override
  public CompletableFuture<List<ValidatorLiveness>> liveness(long epoch, List<Long> indices) {
    return answer("liveness", epoch, () -> {
      List<SingleAttestation> published;
      synchronized (attestations) {
        published = List.copyOf(attestations);
      }
      return indices.stream().map(i -> new ValidatorLiveness(i, published.stream()
          .anyMatch(a -> a.attesterIndex() == i && a.data().slot() / spec.slotsPerEpoch() == epoch))).toList();
    });
  }

  @Override
  public CompletableFuture<List<BeaconCommitteeSelection>> beaconCommitteeSelections(
      List<BeaconCommitteeSelection> partials) {
    return answer("beacon_committee_selections", partials.get(0).slot(), () -> {
      partialSelections.addAll(partials);
      long earliest = partials.stream().mapToLong(BeaconCommitteeSelection::slot).min().orElse(0);
      List<BeaconCommitteeSelection> combined = partials.stream()
          .filter(p -> !combinesEarliestSlotOnly || p.slot() == earliest)
          .map(p -> new BeaconCommitteeSelection(p.validatorIndex(), p.slot(), wholeProof(p.validatorIndex(), p.slot())))
          .toList();
      combinedSelections.addAll(combined);
      return combined;
    });
  }

  @Override
  public CompletableFuture<ProxyResponse> proxy(ProxyRequest request) {
    if (request.method().equals("GET") && request.pathAndQuery().equals("/eth/v1/node/version")) {
      return answer("node_version", 0, () -> new ProxyResponse(200, Map.of(),
          "{\"data\":{\"version\":\"fake\"}}".getBytes(StandardCharsets.UTF_8)));
    }
    return CompletableFuture.failedFuture(new UnsupportedOperationException("a validator client does not proxy"));
  }

  /** What a threshold of partial proofs combines to: the slot signed with the whole key. */
  private Bytes wholeProof(long validatorIndex, long slot) {
    Bytes domain = SigningRoots.computeDomain(
        DomainType.SELECTION_PROOF, fork.currentVersion(), genesis.genesisValidatorsRoot());
    Bytes root = SigningRoots.computeSigningRoot(Ssz.UINT64.hashTreeRoot(slot), domain);
    return validators.get(validatorIndex).whole().sign(root).toBytes();
  }

  private long ordinal(String endpoint) {
    return calls.getOrDefault(endpoint, new AtomicLong()).get() + 1;
  }

  private <T> CompletableFuture<T> answer(String endpoint, long key, Supplier<T> value) {
    calls.computeIfAbsent(endpoint, e -> new AtomicLong()).incrementAndGet();
    Fault fault = faults.get(endpoint);
    if (fault != null && fault.when().test(key)) {
      Throwable error = fault.error().get();
      return error == null ? new CompletableFuture<>() : CompletableFuture.failedFuture(error);
    }
    try {
      return CompletableFuture.completedFuture(value.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  static Bytes root(String label) {
    return Bytes.of(Sha256.hash(label.getBytes(StandardCharsets.UTF_8)));
  }
}
