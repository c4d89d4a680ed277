package io.phalanx.duties;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.ChainSpec;
import io.phalanx.api.SyncStatus;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.ValidatorLiveness;
import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.cluster.lock.LockContent;
import io.phalanx.cluster.lock.Operator;
import io.phalanx.consensus.Consensus;
import io.phalanx.consensus.SlashingProtection;
import io.phalanx.consensus.slashing.SlashingHistory;
import io.phalanx.consensus.slashing.Verdict;
import io.phalanx.consensus.PartialSignature;
import io.phalanx.consensus.PartialSignatureExchange;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.bls.Bls;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.bls.ThresholdBls;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.network.Network;
import io.phalanx.spec.ssz.Bitfield;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.Checkpoint;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Sha256;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The cluster the duty tests run: four nodes, threshold three, four slots an epoch, and in-memory
 * stand-ins for agreement, exchange and beacon node (the real ones are tested in their modules and
 * together in the integration tests).
 */
final class TestCluster {
  static final int N = 4;
  static final int T = 3;
  static final long SLOTS_PER_EPOCH = 4;
  static final Fork FORK = new Fork(Bytes.fromHex("0x10000910"), Bytes.fromHex("0x10000910"), 0);
  static final Bytes GVR = Bytes.fromHex("0x" + "ab".repeat(32));

  private TestCluster() {}

  /** A lock of {@link #N} freshly made operators over {@code validators}, threshold {@link #T}. */
  static ClusterLock lock(List<DistributedValidator> validators, SecureRandom random) {
    List<NodeIdentity> identities = new ArrayList<>();
    List<Operator> operators = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      NodeIdentity id = NodeIdentity.generate("n" + i, random);
      identities.add(id);
      operators.add(new Operator(id.publicKey(), id.certificateFingerprint(), Optional.empty()));
    }
    return ClusterLock.sign(new LockContent(ClusterLock.VERSION, "t", Network.HOODI, T, operators, validators,
        "2026-01-01T00:00:00Z"), identities);
  }

  /** A validator whose key is split into {@link #N} shares, threshold {@link #T}; the shares go into {@code shares}. */
  static DistributedValidator validator(SecureRandom random, List<BlsSecretKey> shares) {
    BlsSecretKey key = BlsSecretKey.random(random);
    shares.addAll(ThresholdBls.split(key, N, T, random));
    return new DistributedValidator(key.publicKey(), shares.stream().map(BlsSecretKey::publicKey).toList(),
        Bytes.zero(20), Bytes.zero(20));
  }

  /**
   * First committed value wins, shared by all nodes, as the Raft state machine does, with one
   * slashing-protection history (the real rules) that records each decided attestation for its signers.
   */
  static final class FirstWins {
    final Map<DutyKey, Bytes> decided = new ConcurrentHashMap<>();
    final List<Consensus.DecidedListener> listeners = new CopyOnWriteArrayList<>();
    final SlashingHistory history = SlashingHistory.complete();
    final SignedMessages messages;

    FirstWins(SignedMessages messages) {
      this.messages = messages;
    }

    Consensus node() {
      SlashingProtection protection = new SlashingProtection() {
        @Override
        public boolean attestationRecorded(Bytes key, long source, long target, Bytes root) {
          synchronized (decided) {
            return history.hasAttestation(key, source, target, root);
          }
        }

        @Override
        public Verdict checkAttestation(Bytes key, long source, long target, Bytes root) {
          synchronized (decided) {
            return history.checkAttestation(key, source, target, root);
          }
        }

        @Override
        public boolean importPending(Bytes key) {
          return false;
        }
      };
      return new Consensus() {
        @Override
        public SlashingProtection slashingProtection() {
          return protection;
        }

        @Override
        public CompletableFuture<Bytes> propose(DutyKey key, Bytes value, Collection<Bytes> signers) {
          Bytes winner;
          boolean first;
          synchronized (decided) {
            first = !decided.containsKey(key);
            if (first && key.type() == DutyType.ATTESTER) {
              AttestationData data = AttestationData.SSZ.deserialize(value);
              if (history.signAttestations(signers, data.source().epoch(), data.target().epoch(),
                  messages.attestationDataRoot(data)).isPresent()) {
                return CompletableFuture.failedFuture(new IllegalStateException("slashable"));
              }
            }
            winner = decided.computeIfAbsent(key, k -> value);
          }
          if (first) {
            listeners.forEach(l -> l.onDecided(key, winner));
          }
          return CompletableFuture.completedFuture(winner);
        }

        @Override
        public void subscribe(DecidedListener listener) {
          listeners.add(listener);
        }

        @Override
        public Optional<Bytes> decided(DutyKey key) {
          return Optional.ofNullable(decided.get(key));
        }

        @Override
        public OptionalInt leaderIndex() {
          return OptionalInt.of(0);
        }

        @Override
        public void close() {}
      };
    }
  }

  /** Delivers each broadcast to every other node's listeners. */
  static final class LoopbackExchange implements PartialSignatureExchange {
    final int index;
    final List<LoopbackExchange> all;
    final List<Listener> listeners = new CopyOnWriteArrayList<>();

    LoopbackExchange(int index, List<LoopbackExchange> all) {
      this.index = index;
      this.all = all;
    }

    @Override
    public void broadcast(DutyKey key, List<PartialSignature> partials) {
      for (LoopbackExchange peer : all) {
        if (peer != this) {
          CompletableFuture.runAsync(() -> peer.listeners.forEach(l -> l.onPartials(index, key, partials)));
        }
      }
    }

    @Override
    public void subscribe(Listener listener) {
      listeners.add(listener);
    }

    @Override
    public void close() {}
  }

  /** A beacon node that assigns every validator to slot (index mod 4), committee 0, and checks what is published. */
  static final class FakeChain implements BeaconNode {
    /** A root per epoch, as a beacon node names the block its duties depend on. */
    static Bytes dependentRoot(long epoch) {
      byte[] root = new byte[32];
      Arrays.fill(root, (byte) (0x40 + epoch));
      return Bytes.of(root);
    }

    final List<DistributedValidator> validators;
    final SignedMessages messages;
    final List<SingleAttestation> attestations = new CopyOnWriteArrayList<>();
    final List<SignedAggregateAndProof> aggregates = new CopyOnWriteArrayList<>();
    final List<String> invalid = new CopyOnWriteArrayList<>();
    final List<String> livenessQueries = new CopyOnWriteArrayList<>();
    /** Takes attestations but none makes it on chain, as after a reorg or with a censoring proposer. */
    volatile boolean losesAttestations;

    FakeChain(List<DistributedValidator> validators, SignedMessages messages) {
      this.validators = validators;
      this.messages = messages;
    }

    BlsPublicKey key(long index) {
      return validators.get((int) index).groupPublicKey();
    }

    @Override
    public CompletableFuture<List<ValidatorInfo>> validators(String stateId, List<String> ids) {
      List<ValidatorInfo> out = new ArrayList<>();
      for (int i = 0; i < validators.size(); i++) {
        Bytes pk = validators.get(i).groupPublicKey().toBytes();
        if (ids.contains(pk.toHex()) || ids.contains(Integer.toString(i))) {
          out.add(new ValidatorInfo(i, 32_000_000_000L, "active_ongoing", pk, Bytes.zero(32), 32_000_000_000L, false,
              0, 0, -1, -1));
        }
      }
      return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletableFuture<AttesterDuty.Epoch> attesterDuties(long epoch, List<Long> indices) {
      List<AttesterDuty> out = new ArrayList<>();
      for (long i : indices) {
        out.add(new AttesterDuty(key(i).toBytes(), i, 0, 1, 1, 0, epoch * SLOTS_PER_EPOCH + i % SLOTS_PER_EPOCH));
      }
      return CompletableFuture.completedFuture(new AttesterDuty.Epoch(dependentRoot(epoch), out));
    }

    @Override
    public CompletableFuture<AttestationData> attestationData(long slot, long committeeIndex) {
      Bytes root = Bytes.of(Sha256.hash(Long.toString(slot).getBytes()));
      return CompletableFuture.completedFuture(new AttestationData(slot, 0, root, new Checkpoint(0, Bytes.zero(32)),
          new Checkpoint(slot / SLOTS_PER_EPOCH, root)));
    }

    @Override
    public CompletableFuture<Attestation> aggregateAttestation(long slot, Bytes dataRoot, long committeeIndex) {
      List<SingleAttestation> matching = attestations.stream().filter(a -> a.data().slot() == slot).toList();
      if (matching.isEmpty()) {
        return CompletableFuture.failedFuture(ApiException.notFound("none"));
      }
      BlsSignature sig = Bls.aggregate(matching.stream().map(a -> BlsSignature.fromBytes(a.signature())).toList());
      return CompletableFuture.completedFuture(new Attestation(Bitfield.of(1, 0), matching.get(0).data(), sig.toBytes(),
          Bitfield.of(64, 0)));
    }

    @Override
    public CompletableFuture<Void> publishAttestations(List<SingleAttestation> list) {
      for (SingleAttestation a : list) {
        if (BlsSignature.fromBytes(a.signature()).verify(key(a.attesterIndex()), messages.attestationRoot(a))) {
          attestations.add(a);
        } else {
          invalid.add("attestation " + a);
        }
      }
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> publishAggregateAndProofs(List<SignedAggregateAndProof> list) {
      for (SignedAggregateAndProof s : list) {
        BlsPublicKey pk = key(s.message().aggregatorIndex());
        boolean ok = BlsSignature.fromBytes(s.signature()).verify(pk, messages.aggregateAndProofRoot(s.message()))
            && BlsSignature.fromBytes(s.message().selectionProof()).verify(pk,
                messages.selectionRoot(s.message().aggregate().data().slot()));
        if (ok) {
          aggregates.add(s);
        } else {
          invalid.add("aggregate " + s);
        }
      }
      return CompletableFuture.completedFuture(null);
    }

    /**
     * Live: a verified attestation of the validator for a slot of {@code epoch} was published here
     * and the chain did not lose it.
     */
    @Override
    public CompletableFuture<List<ValidatorLiveness>> liveness(long epoch, List<Long> indices) {
      livenessQueries.add(epoch + " " + indices);
      return CompletableFuture.completedFuture(indices.stream().map(i -> new ValidatorLiveness(i, !losesAttestations
          && attestations.stream().anyMatch(a -> a.attesterIndex() == i && a.data().slot() / SLOTS_PER_EPOCH == epoch)))
          .toList());
    }

    @Override
    public CompletableFuture<List<BeaconCommitteeSelection>> beaconCommitteeSelections(List<BeaconCommitteeSelection> s) {
      return CompletableFuture.failedFuture(new ApiException(501, "not implemented"));
    }

    @Override
    public CompletableFuture<Genesis> genesis() {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<ChainSpec> spec() {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Fork> fork(String stateId) {
      return CompletableFuture.completedFuture(FORK);
    }

    @Override
    public CompletableFuture<SyncStatus> syncing() {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<ProxyResponse> proxy(ProxyRequest request) {
      throw new UnsupportedOperationException();
    }
  }
}
