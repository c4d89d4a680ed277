package io.phalanx.duties;

import static io.phalanx.duties.testing.ClusterKeys.FORK;
import static io.phalanx.duties.testing.ClusterKeys.GVR;
import static io.phalanx.duties.testing.ClusterKeys.N;
import static io.phalanx.duties.testing.ClusterKeys.SLOTS_PER_EPOCH;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.duties.testing.ClusterKeys;
import io.phalanx.duties.testing.InMemoryConsensus;
import io.phalanx.duties.testing.InMemoryExchange;
import io.phalanx.duties.testing.StubBeaconNode;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.testing.SeededRandom;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.AggregateAndProof;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.ForkSchedule;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The attestation and aggregation duties of four nodes, wired by {@link DutyWorkflow} over the
 * in-memory stand-ins of {@code io.phalanx.duties.testing} on the wall clock: every validator's
 * attestation and aggregate is combined from three partials and verifies against the group key, a second validator client's identical partial
 * counts once, and one slot into the next epoch every node asks which attestations made it on chain.
 */
class AttestationDutyTest {
  static final int VALIDATORS = 4;

  final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
  final ExecutorService validatorClients = Executors.newCachedThreadPool();
  final List<DutyWorkflow> nodes = new ArrayList<>();
  final List<Throwable> failures = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(DutyWorkflow::close);
    executor.shutdownNow();
    validatorClients.shutdownNow();
  }

  @Test
  void everyAttestationAndAggregateIsCombinedAndVerifies() throws Exception {
    ClusterKeys cluster = ClusterKeys.generate(VALIDATORS, SeededRandom.of(5));
    List<BlsSecretKey> keys = cluster.keys();
    List<List<BlsSecretKey>> shares = cluster.shares();
    List<DistributedValidator> validators = cluster.validators();
    ClusterLock lock = cluster.lock();

    SlotClock clock = new SlotClock(Instant.now().plusMillis(200), Duration.ofMillis(600), SLOTS_PER_EPOCH,
        Clock.systemUTC());
    SignedMessages messages = new SignedMessages(FORK, GVR, SLOTS_PER_EPOCH);
    StubBeaconNode chain = new StubBeaconNode(validators, messages);
    chain.losesAttestations(true);
    InMemoryConsensus consensus = new InMemoryConsensus(N, messages);
    InMemoryExchange exchange = new InMemoryExchange(N);
    for (int i = 0; i < N; i++) {
      DutyWorkflow node = new DutyWorkflow(new ClusterView(lock, i), consensus.node(i), exchange.node(i), chain, clock,
          ForkSchedule.single(FORK, ConsensusVersion.FULU, clock.slotsPerEpoch()), GVR, executor, List.of());
      nodes.add(node);
      node.start();
    }

    // Each node's "validator client" signs slot 1's duties with that node's shares, as a VC would.
    long slot = 1;
    await().atMost(Duration.ofSeconds(10)).until(() -> clock.currentSlot() >= slot);
    for (int i = 0; i < N; i++) {
      ClusterValidatorApi api = nodes.get(i).validatorApi();
      AttesterDuty.Epoch epochDuties = api.attesterDuties(0, List.of(0L, 1L, 2L, 3L)).get();
      assertEquals(StubBeaconNode.dependentRoot(0), epochDuties.dependentRoot(), "the beacon node's dependent root");
      for (AttesterDuty duty : epochDuties.duties().stream().filter(d -> d.slot() == slot).toList()) {
        int v = (int) duty.validatorIndex();
        BlsSecretKey share = shares.get(v).get(i);
        assertEquals(share.publicKey().toBytes(), duty.pubkey(), "duties name the node's share key");
        AttestationData data = api.attestationData(slot, 0).get();
        SingleAttestation partial = new SingleAttestation(0, v, data, Bytes.zero(96));
        partial = partial.withSignature(share.sign(messages.attestationRoot(partial)).toBytes());
        api.submitAttestations(List.of(partial)).get();
        if (i == 0) {
          // A second validator client with the same shares on node 0 (active/active) gets the same
          // decided data and submits the same partial: it counts once.
          assertEquals(data, api.attestationData(slot, 0).get());
          api.submitAttestations(List.of(partial)).get();
        }

        BeaconCommitteeSelection selection = new BeaconCommitteeSelection(v, slot,
            share.sign(messages.selectionRoot(slot)).toBytes());
        int node = i;
        // The "validator clients" block; they get threads of their own, as real ones would.
        validatorClients.execute(() -> {
          try {
            aggregate(api, messages, selection, share, node, slot, v);
          } catch (AssertionError e) {
            failures.add(e);
          }
        });
      }
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> !failures.isEmpty()
        || chain.aggregates().size() == N);
    if (!failures.isEmpty()) {
      throw new AssertionError("published attestations " + chain.attestations().size() + ", tracker "
          + nodes.get(0).tracker().failures() + " aggregated " + nodes.get(0).tracker().count(
              DutyType.ATTESTER, DutyTracker.Step.AGGREGATION), failures.get(0));
    }
    assertTrue(chain.invalid().isEmpty(), chain.invalid().toString());
    assertTrue(nodes.get(0).partialSignatures().duplicatePartials() >= 1, "the second client's partials counted once");
    // Every node published the same whole attestation and aggregate, each verified by the chain.
    assertEquals(1, chain.attestations().stream().distinct().count());
    assertEquals(1, chain.aggregates().stream().distinct().count());
    assertEquals(Bytes.of(keys.get(1).sign(messages.attestationRoot(chain.attestations().get(0))).toBytes().toArray()),
        chain.attestations().get(0).signature(), "the combined signature is the whole key's");

    // One slot into epoch 1 every node asks which of epoch 0's published attestations made it on
    // chain: validator 1's did not.
    await().atMost(Duration.ofSeconds(10)).until(() -> chain.livenessQueries().size() == N
        && nodes.stream().allMatch(n -> n.tracker().failures().keySet().stream().anyMatch(k -> k.contains("not_included"))));
    assertEquals(Collections.nCopies(N, "0 [1]"), chain.livenessQueries());
    for (DutyWorkflow node : nodes) {
      assertEquals(Map.of("attester not_included: " + FailureReason.NOT_INCLUDED.description(), 1L),
          Map.copyOf(node.tracker().failures().entrySet().stream().filter(e -> e.getKey().contains("not_included"))
              .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
    }
  }

  private static void aggregate(ClusterValidatorApi api, SignedMessages messages, BeaconCommitteeSelection partial,
      BlsSecretKey share, int node, long slot, int v) {
    String step = "selection";
    try {
      BeaconCommitteeSelection whole = api.beaconCommitteeSelections(List.of(partial)).get().get(0);
      step = "attestation data";
      AttestationData data = api.attestationData(slot, 0).get();
      step = "aggregate attestation";
      Attestation aggregate = api.aggregateAttestation(slot, AttestationData.SSZ.hashTreeRoot(data), 0).get();
      AggregateAndProof message = new AggregateAndProof(v, aggregate, whole.selectionProof());
      step = "submit aggregate";
      api.submitAggregateAndProofs(List.of(new SignedAggregateAndProof(message,
          share.sign(messages.aggregateAndProofRoot(message)).toBytes()))).get();
    } catch (Exception e) {
      throw new AssertionError("node " + node + " could not aggregate: " + step, e);
    }
  }

}
