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
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.testing.SeededRandom;
import io.phalanx.spec.time.SlotClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The aggregation duty's selection proofs, from a validator client that sends them ahead (Teku,
 * Nimbus) beside clients that send them slot by slot: the node takes partials for later slots, answers with what is combined without
 * waiting for them, and combines them when the peers' partials arrive.
 */
class AggregationDutyTest {
  static final Duration SLOT = Duration.ofMillis(1000);

  final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
  final List<DutyWorkflow> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(DutyWorkflow::close);
    executor.shutdownNow();
  }

  @Test
  void partialsForLaterSlotsCombineWhenThePeersPartialsArrive() throws Exception {
    ClusterKeys cluster = ClusterKeys.generate(1, SeededRandom.of(11));
    List<BlsSecretKey> shares = cluster.shares().getFirst();
    DistributedValidator validator = cluster.validators().getFirst();
    ClusterLock lock = cluster.lock();
    SlotClock clock = new SlotClock(Instant.now().plusMillis(200), SLOT, SLOTS_PER_EPOCH, Clock.systemUTC());
    SignedMessages messages = new SignedMessages(FORK, GVR, SLOTS_PER_EPOCH);
    StubBeaconNode chain = new StubBeaconNode(List.of(validator), messages);
    InMemoryConsensus consensus = new InMemoryConsensus(N, messages);
    InMemoryExchange exchange = new InMemoryExchange(N);
    for (int i = 0; i < N; i++) {
      DutyWorkflow node = new DutyWorkflow(new ClusterView(lock, i), consensus.node(i), exchange.node(i), chain, clock,
          FORK, GVR, executor);
      nodes.add(node);
      node.start();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> clock.currentSlot() >= 1);
    long now = clock.currentSlot();
    long later = now + 3; // more than one slot ahead: answered without waiting for it

    // Nodes 1 and 2's clients go slot by slot: this slot's partials, waiting for a third.
    List<CompletableFuture<List<BeaconCommitteeSelection>>> perSlot = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      perSlot.add(nodes.get(i).validatorApi().beaconCommitteeSelections(List.of(partial(shares.get(i), messages, now))));
    }
    // Node 0's client sends ahead: this slot's and a later slot's.
    long asked = System.nanoTime();
    List<BeaconCommitteeSelection> ahead = nodes.get(0).validatorApi().beaconCommitteeSelections(
        List.of(partial(shares.get(0), messages, now), partial(shares.get(0), messages, later)))
        .get(10, TimeUnit.SECONDS);
    Duration waited = Duration.ofNanos(System.nanoTime() - asked);

    assertEquals(List.of(now), ahead.stream().map(BeaconCommitteeSelection::slot).toList(),
        "the answer holds this slot's combined proof, not the later one");
    assertTrue(waited.compareTo(SLOT) < 0, "answered within half a slot or so, not the two-slot deadline: " + waited);
    assertCombined(ahead.get(0), validator, messages);
    for (CompletableFuture<List<BeaconCommitteeSelection>> answer : perSlot) {
      assertCombined(answer.get(5, TimeUnit.SECONDS).get(0), validator, messages);
    }

    // In the later slot, the slot-by-slot clients send theirs: node 0's partial is already there.
    await().atMost(Duration.ofSeconds(10)).until(() -> clock.currentSlot() >= later);
    List<CompletableFuture<List<BeaconCommitteeSelection>>> inTheirSlot = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      inTheirSlot.add(nodes.get(i).validatorApi()
          .beaconCommitteeSelections(List.of(partial(shares.get(i), messages, later))));
    }
    for (CompletableFuture<List<BeaconCommitteeSelection>> answer : inTheirSlot) {
      List<BeaconCommitteeSelection> combined = answer.get(5, TimeUnit.SECONDS);
      assertEquals(1, combined.size());
      assertEquals(later, combined.get(0).slot());
      assertCombined(combined.get(0), validator, messages);
    }
    // And node 0's client, asking again in that slot, gets it at once.
    List<BeaconCommitteeSelection> again = nodes.get(0).validatorApi()
        .beaconCommitteeSelections(List.of(partial(shares.get(0), messages, later))).get(5, TimeUnit.SECONDS);
    assertEquals(later, again.get(0).slot());
    assertCombined(again.get(0), validator, messages);
  }

  private static BeaconCommitteeSelection partial(BlsSecretKey share, SignedMessages messages, long slot) {
    return new BeaconCommitteeSelection(0, slot, share.sign(messages.selectionRoot(slot)).toBytes());
  }

  private static void assertCombined(BeaconCommitteeSelection selection, DistributedValidator validator,
      SignedMessages messages) {
    assertTrue(BlsSignature.fromBytes(selection.selectionProof())
        .verify(validator.groupPublicKey(), messages.selectionRoot(selection.slot())),
        "the combined proof of slot " + selection.slot() + " verifies against the group key");
  }
}
