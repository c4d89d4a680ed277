package io.phalanx.duties;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.ForwardingBeaconNode;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.duties.testing.ClusterKeys;
import io.phalanx.duties.testing.InMemoryConsensus;
import io.phalanx.duties.testing.InMemoryExchange;
import io.phalanx.duties.testing.StubBeaconNode;
import io.phalanx.spec.api.SyncCommitteeDuty;
import io.phalanx.spec.api.SyncCommitteeSelection;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.ssz.Bitfield;
import io.phalanx.spec.testing.SeededRandom;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.ContributionAndProof;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SyncCommitteeContribution;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Sha256;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sync committee duties of four nodes (threshold 3) over the in-memory agreement and exchange
 * of {@code io.phalanx.duties.testing}: every node serves the same decided head root, each member's message
 * is combined from three partials and verifies against the group key, selection proofs come back
 * whole, contributions are decided once and every contribution-and-proof verifies; a message over
 * another root and a contribution the cluster did not decide are refused with a 400 naming why.
 */
class SyncCommitteeDutiesTest {
  static final int N = 4;
  static final int T = 3;
  static final long SLOTS_PER_EPOCH = 4;
  static final Fork FORK = ClusterKeys.FORK;
  static final Bytes GVR = ClusterKeys.GVR;

  final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
  final ExecutorService validatorClients = Executors.newCachedThreadPool();
  final List<DutyWorkflow> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(DutyWorkflow::close);
    executor.shutdownNow();
    validatorClients.shutdownNow();
  }

  @Test
  void messagesSelectionsAndContributionsAreCombinedAndVerify() throws Exception {
    ClusterKeys cluster = ClusterKeys.generate(2, SeededRandom.of(11));
    List<List<BlsSecretKey>> shares = cluster.shares();
    List<BlsSecretKey> keys = cluster.keys();
    List<DistributedValidator> validators = cluster.validators();
    ClusterLock lock = cluster.lock();
    SlotClock clock = new SlotClock(Instant.now().plusMillis(200), Duration.ofMillis(900), SLOTS_PER_EPOCH,
        Clock.systemUTC());
    SignedMessages messages = new SignedMessages(FORK, GVR, SLOTS_PER_EPOCH);
    SyncChain chain = new SyncChain(new StubBeaconNode(validators, messages), validators, messages, clock);
    InMemoryConsensus consensus = new InMemoryConsensus(N, messages);
    InMemoryExchange exchange = new InMemoryExchange(N);
    for (int i = 0; i < N; i++) {
      DutyWorkflow node = new DutyWorkflow(new ClusterView(lock, i), consensus.node(i), exchange.node(i), chain, clock,
          FORK, GVR, executor);
      nodes.add(node);
      node.start();
    }

    long slot = 1;
    await().atMost(Duration.ofSeconds(10)).until(() -> clock.currentSlot() >= slot);
    List<CompletableFuture<Void>> clients = new ArrayList<>();
    List<Bytes> servedRoots = new CopyOnWriteArrayList<>();
    for (int i = 0; i < N; i++) {
      int node = i;
      ClusterValidatorApi api = nodes.get(i).validatorApi();
      List<SyncCommitteeDuty> duties = api.syncCommitteeDuties(0, List.of(0L, 1L)).get();
      assertEquals(List.of(shares.get(0).get(i).publicKey().toBytes(), shares.get(1).get(i).publicKey().toBytes()),
          duties.stream().map(SyncCommitteeDuty::pubkey).toList(), "duties name the node's share keys");
      // Each node's "validator client" blocks; it gets a thread of its own, as a real one would.
      clients.add(CompletableFuture.runAsync(() -> {
        try {
          servedRoots.add(validatorClient(api, messages, shares, node, slot, duties));
        } catch (Exception e) {
          throw new AssertionError("node " + node, e);
        }
      }, validatorClients));
    }
    CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get();
    assertEquals(1, servedRoots.stream().distinct().count(), "every node served the same decided root");

    await().atMost(Duration.ofSeconds(10)).until(() -> chain.published.size() >= N * 2 && chain.contributions.size() >= N * 2);
    assertEquals(List.of(), chain.invalid);
    // Every node published the same whole message per validator: the whole key's signature.
    assertEquals(2, chain.published.stream().distinct().count());
    for (SyncCommitteeMessage m : chain.published) {
      assertEquals(servedRoots.getFirst(), m.beaconBlockRoot());
      assertEquals(keys.get((int) m.validatorIndex()).sign(messages.syncCommitteeMessageRoot(slot, m.beaconBlockRoot()))
          .toBytes(), m.signature(), "the combined signature is the whole key's");
    }
    assertEquals(2, chain.contributions.stream().distinct().count(), "one contribution-and-proof per aggregator");
    for (SignedContributionAndProof c : chain.contributions) {
      long v = c.message().aggregatorIndex();
      assertEquals(v, c.message().contribution().subcommitteeIndex());
      assertEquals(keys.get((int) v).sign(messages.syncSelectionRoot(slot, v)).toBytes(), c.message().selectionProof(),
          "the selection proof handed back is the whole key's");
    }
  }

  /** What a distributed-mode client does in the slot; returns the head root it was served. */
  static Bytes validatorClient(ClusterValidatorApi api, SignedMessages messages, List<List<BlsSecretKey>> shares,
      int node, long slot, List<SyncCommitteeDuty> duties) throws Exception {
    Bytes root = api.syncCommitteeHeadRoot().get().orElseThrow();
    List<SyncCommitteeMessage> partials = new ArrayList<>();
    for (SyncCommitteeDuty duty : duties) {
      BlsSecretKey share = shares.get((int) duty.validatorIndex()).get(node);
      partials.add(new SyncCommitteeMessage(slot, root, duty.validatorIndex(),
          share.sign(messages.syncCommitteeMessageRoot(slot, root)).toBytes()));
    }
    if (node == 0) {
      // A message over a root the cluster did not decide: refused, naming why.
      byte[] other = root.toArray();
      other[0] ^= 1;
      Bytes wrong = Bytes.of(other);
      SyncCommitteeMessage bad = new SyncCommitteeMessage(slot, wrong, 0,
          shares.get(0).get(0).sign(messages.syncCommitteeMessageRoot(slot, wrong)).toBytes());
      ApiException refused = refusal(api.submitSyncCommitteeMessages(List.of(bad)));
      assertEquals(400, refused.status());
      assertTrue(refused.getMessage().contains("not the head block root the cluster decided"), refused.getMessage());
    }
    api.submitSyncCommitteeMessages(partials).get();

    List<SyncCommitteeSelection> selections = new ArrayList<>();
    for (SyncCommitteeDuty duty : duties) {
      for (long sub : duty.subcommittees()) {
        selections.add(new SyncCommitteeSelection(duty.validatorIndex(), slot, sub, shares.get(
            (int) duty.validatorIndex()).get(node).sign(messages.syncSelectionRoot(slot, sub)).toBytes()));
      }
    }
    List<SyncCommitteeSelection> combined = api.syncCommitteeSelections(selections).get();
    assertEquals(selections.size(), combined.size());

    List<SignedContributionAndProof> signed = new ArrayList<>();
    for (SyncCommitteeSelection s : combined) {
      SyncCommitteeContribution c = api.syncCommitteeContribution(slot, s.subcommitteeIndex(), root).get();
      ContributionAndProof message = new ContributionAndProof(s.validatorIndex(), c, s.selectionProof());
      signed.add(new SignedContributionAndProof(message, shares.get((int) s.validatorIndex()).get(node)
          .sign(messages.contributionAndProofRoot(message)).toBytes()));
    }
    if (node == 0) {
      SignedContributionAndProof first = signed.getFirst();
      SyncCommitteeContribution c = first.message().contribution();
      SyncCommitteeContribution other = new SyncCommitteeContribution(c.slot(), c.beaconBlockRoot(),
          c.subcommitteeIndex(), Bitfield.of(128, 7), c.signature());
      ContributionAndProof message = new ContributionAndProof(first.message().aggregatorIndex(), other,
          first.message().selectionProof());
      ApiException refused = refusal(api.submitContributionAndProofs(List.of(new SignedContributionAndProof(message,
          first.signature()))));
      assertEquals(400, refused.status());
      assertTrue(refused.getMessage().contains("not over a contribution the cluster decided"), refused.getMessage());
    }
    api.submitContributionAndProofs(signed).get();
    return root;
  }

  static ApiException refusal(CompletableFuture<?> call) throws InterruptedException {
    try {
      call.get();
    } catch (ExecutionException e) {
      return assertInstanceOf(ApiException.class, e.getCause());
    }
    throw new AssertionError("expected a refusal");
  }

  /**
   * A beacon node for sync duties beside {@link StubBeaconNode}: validator j sits at
   * position 128 * j (subcommittee j); the head root is a hash of the slot; contributions are built
   * from the messages published here; everything published is checked against the group keys.
   */
  static final class SyncChain extends ForwardingBeaconNode {
    final BeaconNode attestations;
    final List<DistributedValidator> validators;
    final SignedMessages messages;
    final SlotClock clock;
    final List<SyncCommitteeMessage> published = new CopyOnWriteArrayList<>();
    final List<SignedContributionAndProof> contributions = new CopyOnWriteArrayList<>();
    final List<SyncCommitteeContribution> contributionFetches = new CopyOnWriteArrayList<>();
    final List<String> invalid = new CopyOnWriteArrayList<>();

    SyncChain(BeaconNode attestations, List<DistributedValidator> validators, SignedMessages messages, SlotClock clock) {
      super(attestations);
      this.attestations = attestations;
      this.validators = validators;
      this.messages = messages;
      this.clock = clock;
    }

    BlsPublicKey key(long index) {
      return validators.get((int) index).groupPublicKey();
    }

    @Override
    public CompletableFuture<List<SyncCommitteeDuty>> syncDuties(long epoch, List<Long> indices) {
      return CompletableFuture.completedFuture(indices.stream()
          .map(i -> new SyncCommitteeDuty(key(i).toBytes(), i, List.of(128 * i))).toList());
    }

    @Override
    public CompletableFuture<Bytes> blockRoot(String blockId) {
      return CompletableFuture.completedFuture(Bytes.of(Sha256.hash(("head " + clock.currentSlot()).getBytes())));
    }

    @Override
    public CompletableFuture<Void> publishSyncCommitteeMessages(List<SyncCommitteeMessage> list) {
      for (SyncCommitteeMessage m : list) {
        if (BlsSignature.fromBytes(m.signature()).verify(key(m.validatorIndex()),
            messages.syncCommitteeMessageRoot(m.slot(), m.beaconBlockRoot()))) {
          published.add(m);
        } else {
          invalid.add("sync committee message " + m);
        }
      }
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<SyncCommitteeContribution> syncCommitteeContribution(long slot, long sub, Bytes root) {
      List<SyncCommitteeMessage> signed = published.stream()
          .filter(m -> m.slot() == slot && m.validatorIndex() == sub && m.beaconBlockRoot().equals(root)).toList();
      if (signed.isEmpty()) {
        return CompletableFuture.failedFuture(ApiException.notFound("no messages"));
      }
      SyncCommitteeContribution c = new SyncCommitteeContribution(slot, root, sub, Bitfield.of(128, 0),
          signed.getFirst().signature());
      contributionFetches.add(c);
      return CompletableFuture.completedFuture(c);
    }

    @Override
    public CompletableFuture<Void> publishContributionAndProofs(List<SignedContributionAndProof> list) {
      for (SignedContributionAndProof s : list) {
        ContributionAndProof m = s.message();
        BlsPublicKey pk = key(m.aggregatorIndex());
        boolean ok = BlsSignature.fromBytes(s.signature()).verify(pk, messages.contributionAndProofRoot(m))
            && BlsSignature.fromBytes(m.selectionProof()).verify(pk,
                messages.syncSelectionRoot(m.contribution().slot(), m.contribution().subcommitteeIndex()))
            && BlsSignature.fromBytes(m.contribution().signature()).verify(key(m.contribution().subcommitteeIndex()),
                messages.syncCommitteeMessageRoot(m.contribution().slot(), m.contribution().beaconBlockRoot()));
        if (ok) {
          contributions.add(s);
        } else {
          invalid.add("contribution and proof " + s);
        }
      }
      return CompletableFuture.completedFuture(null);
    }

  }
}
