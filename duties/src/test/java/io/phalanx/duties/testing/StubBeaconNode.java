package io.phalanx.duties.testing;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.ChainSpec;
import io.phalanx.api.SyncStatus;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.ValidatorLiveness;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.duties.SignedMessages;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.api.ProposerDuty;
import io.phalanx.spec.api.SyncCommitteeDuty;
import io.phalanx.spec.bls.Bls;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.ssz.Bitfield;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.Checkpoint;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A beacon node with canned answers for the attester and aggregator duties: validator {@code i}
 * (its index is its place in the lock) attests at slot {@code i mod slotsPerEpoch} of every epoch
 * in committee 0, alone in it (so it is always an aggregator); the attestation data of a slot is
 * made from the seed and the slot. What is published is checked against the group public keys and
 * recorded: the verified attestations and aggregates, and what did not verify. The aggregate it
 * serves is made of the verified attestations of the slot; it says a validator was live in an
 * epoch if one of its attestations of the epoch was published here (and the chain does not lose
 * attestations). The proposers are validators outside the cluster, and none of the cluster's is
 * in the sync committee. Everything else a beacon node does is not served.
 */
public final class StubBeaconNode extends UnsupportedBeaconNode {
  /** The proposer of every slot: a validator outside the cluster. */
  private static final Bytes OUTSIDE_PROPOSER = Bytes.fromHex("0x" + "a0".repeat(48));
  private static final long OUTSIDE_PROPOSER_INDEX = 1_000_000;

  private final List<DistributedValidator> validators;
  private final SignedMessages messages;
  private final long seed;
  private final List<SingleAttestation> attestations = new CopyOnWriteArrayList<>();
  private final List<SignedAggregateAndProof> aggregates = new CopyOnWriteArrayList<>();
  private final List<String> invalid = new CopyOnWriteArrayList<>();
  private final List<String> livenessQueries = new CopyOnWriteArrayList<>();
  private volatile boolean losesAttestations;

  /**
   * @param validators the cluster's validators; index {@code i} is {@code validators.get(i)}
   * @param messages the chain's signing roots, to check what is published
   * @param seed makes the attestation data's block roots
   */
  public StubBeaconNode(List<DistributedValidator> validators, SignedMessages messages, long seed) {
    this.validators = List.copyOf(validators);
    this.messages = messages;
    this.seed = seed;
  }

  public StubBeaconNode(List<DistributedValidator> validators, SignedMessages messages) {
    this(validators, messages, 0);
  }

  /** A root per epoch, as a beacon node names the block its duties depend on. */
  public static Bytes dependentRoot(long epoch) {
    byte[] root = new byte[32];
    Arrays.fill(root, (byte) (0x40 + epoch));
    return Bytes.of(root);
  }

  /** The attestations published here that verified against their validator's group key. */
  public List<SingleAttestation> attestations() {
    return List.copyOf(attestations);
  }

  /** The aggregates published here whose signature and selection proof verified against the aggregator's group key. */
  public List<SignedAggregateAndProof> aggregates() {
    return List.copyOf(aggregates);
  }

  /** What was published here and did not verify. */
  public List<String> invalid() {
    return List.copyOf(invalid);
  }

  /** Each liveness question, as "epoch [indices]". */
  public List<String> livenessQueries() {
    return List.copyOf(livenessQueries);
  }

  /** From now on the chain takes attestations but none makes it on chain, as after a reorg or with a censoring proposer. */
  public void losesAttestations(boolean loses) {
    losesAttestations = loses;
  }

  /** The group public key of the validator with {@code index}. */
  public BlsPublicKey key(long index) {
    return validators.get((int) index).groupPublicKey();
  }

  private long slotsPerEpoch() {
    return messages.slotsPerEpoch();
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
      out.add(new AttesterDuty(key(i).toBytes(), i, 0, 1, 1, 0, epoch * slotsPerEpoch() + i % slotsPerEpoch()));
    }
    return CompletableFuture.completedFuture(new AttesterDuty.Epoch(dependentRoot(epoch), out));
  }

  @Override
  public CompletableFuture<AttestationData> attestationData(long slot, long committeeIndex) {
    Bytes root = Bytes.of(Sha256.hash(("block " + seed + " " + slot).getBytes(StandardCharsets.UTF_8)));
    return CompletableFuture.completedFuture(new AttestationData(slot, 0, root, new Checkpoint(0, Bytes.zero(32)),
        new Checkpoint(slot / slotsPerEpoch(), root)));
  }

  @Override
  public CompletableFuture<Attestation> aggregateAttestation(long slot, Bytes dataRoot, long committeeIndex) {
    // Every node publishes the same combined attestation; the chain holds it once.
    List<SingleAttestation> matching = attestations.stream().filter(a -> a.data().slot() == slot).distinct().toList();
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
      // Every node publishes the same combined attestation: one that verified here verifies again.
      if (attestations.contains(a)
          || BlsSignature.fromBytes(a.signature()).verify(key(a.attesterIndex()), messages.attestationRoot(a))) {
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
      boolean ok = aggregates.contains(s) || BlsSignature.fromBytes(s.signature()).verify(pk, messages.aggregateAndProofRoot(s.message()))
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
        && attestations.stream().anyMatch(a -> a.attesterIndex() == i && a.data().slot() / slotsPerEpoch() == epoch)))
        .toList());
  }

  /** Proposers from outside the cluster: its validators never propose here. */
  @Override
  public CompletableFuture<ProposerDuty.Epoch> proposerDuties(long epoch) {
    List<ProposerDuty> duties = new ArrayList<>();
    for (long slot = epoch * slotsPerEpoch(); slot < (epoch + 1) * slotsPerEpoch(); slot++) {
      duties.add(new ProposerDuty(OUTSIDE_PROPOSER, OUTSIDE_PROPOSER_INDEX, slot));
    }
    return CompletableFuture.completedFuture(new ProposerDuty.Epoch(dependentRoot(epoch), duties));
  }

  /** No validator of the cluster is in the sync committee. */
  @Override
  public CompletableFuture<List<SyncCommitteeDuty>> syncDuties(long epoch, List<Long> indices) {
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public CompletableFuture<List<BeaconCommitteeSelection>> beaconCommitteeSelections(List<BeaconCommitteeSelection> s) {
    return CompletableFuture.failedFuture(new ApiException(501, "not implemented"));
  }

  @Override
  public CompletableFuture<Fork> fork(String stateId) {
    return CompletableFuture.completedFuture(messages.forks().forkAt(0));
  }

}
