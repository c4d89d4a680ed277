package io.phalanx.duties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.duties.testing.InMemoryCluster;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.types.AggregateAndProof;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Four nodes of threshold three in memory on a manual clock, each with a validator client that
 * signs with the node's shares: through two epochs every validator's attestation and aggregate
 * reaches the beacon node combined and verifies against the group key; with one node cut off from
 * agreement and exchange the other three still get every one out; with two cut off nothing is
 * published. No socket, no thread of its own, no wait on the wall clock.
 */
class InMemoryClusterTest {
  /** Two validators, attesting in the first two slots of each epoch: the other two have no duty. */
  static final int VALIDATORS = 2;

  InMemoryCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void everyAttestationAndAggregateOfTwoEpochsIsCombinedAndVerifies() {
    cluster = InMemoryCluster.builder().validators(VALIDATORS).seed(7).decisionDelay(Duration.ofMillis(100)).start();
    cluster.runValidatorClients();
    long slots = 2 * cluster.clock().slotsPerEpoch();

    // One slot more for the last aggregates, and one into the epoch after for its inclusion check.
    cluster.advanceToSlot(slots + 1);
    cluster.advanceTo(cluster.clock().slotFraction(slots + 1, 1, 6));

    assertEquals(List.of(), cluster.clientErrors(), "every validator client's request was served");
    assertEquals(List.of(), cluster.scheduler().uncaught());
    assertEquals(List.of(), cluster.beaconNode().invalid());
    assertPublishedAndVerified(slots, Set.of(0, 1, 2, 3));
    for (DutyWorkflow node : cluster.nodes()) {
      assertEquals(Map.of(), node.tracker().failures(), "no duty failed");
    }
    assertEquals(List.of("0 [0, 1]", "1 [0, 1]"), cluster.beaconNode().livenessQueries().stream()
        .distinct().toList(), "every node asked after each epoch which attestations made it on chain");
  }

  @Test
  void withOneNodeCutOffTheOtherThreeStillGetEveryAggregateOut() {
    cluster = InMemoryCluster.builder().validators(VALIDATORS).seed(8).start();
    cluster.cutOff(3);
    cluster.runValidatorClients();
    long slots = cluster.clock().slotsPerEpoch();

    cluster.advanceToSlot(slots + 1);

    assertEquals(List.of(), cluster.beaconNode().invalid());
    assertPublishedAndVerified(slots, Set.of(0, 1, 2));
    List<String> errors = cluster.clientErrors();
    assertFalse(errors.isEmpty(), "the cut-off node's client is refused");
    assertTrue(errors.stream().allMatch(e -> e.startsWith("node 3 ")), "only the cut-off node's: " + errors);
  }

  @Test
  void withTwoNodesCutOffNothingIsPublished() {
    cluster = InMemoryCluster.builder().validators(VALIDATORS).seed(9).start();
    cluster.cutOff(2);
    cluster.cutOff(3);
    cluster.runValidatorClients();

    cluster.advanceToSlot(cluster.clock().slotsPerEpoch() + 1);

    assertEquals(Map.of(), cluster.consensus().decided(), "no quorum, no decision");
    assertEquals(List.of(), cluster.beaconNode().attestations());
    assertEquals(List.of(), cluster.beaconNode().aggregates());
    assertEquals(List.of(), cluster.beaconNode().invalid());
    Set<String> refusedNodes = cluster.clientErrors().stream().map(e -> e.substring(0, "node n".length()))
        .collect(Collectors.toSet());
    assertEquals(Set.of("node 0", "node 1", "node 2", "node 3"), refusedNodes, "every client is refused");
    for (int connected = 0; connected < 2; connected++) {
      assertTrue(cluster.node(connected).tracker().failures().keySet().stream()
          .anyMatch(k -> k.startsWith("attester consensus: no quorum")),
          "the two connected nodes proposed and found no quorum: " + cluster.node(connected).tracker().failures());
    }
  }

  /**
   * In each of the first {@code slots} slots with an attester, its attestation and aggregate reached
   * the beacon node from each of {@code publishers}, all the same, with the whole key's signature;
   * of the slots without one, nothing.
   */
  private void assertPublishedAndVerified(long slots, Set<Integer> publishers) {
    List<SingleAttestation> attestations = cluster.beaconNode().attestations().stream()
        .filter(a -> a.data().slot() < slots).toList();
    List<SignedAggregateAndProof> aggregates = cluster.beaconNode().aggregates().stream()
        .filter(a -> a.message().aggregate().data().slot() < slots).toList();
    SignedMessages messages = cluster.messages();
    for (long slot : LongStream.range(0, slots).toArray()) {
      int validator = (int) (slot % cluster.clock().slotsPerEpoch());
      List<SingleAttestation> ofSlot = attestations.stream().filter(a -> a.data().slot() == slot).toList();
      List<SignedAggregateAndProof> aggregatesOfSlot = aggregates.stream()
          .filter(a -> a.message().aggregate().data().slot() == slot).toList();
      if (validator >= VALIDATORS) {
        assertEquals(List.of(), ofSlot, "slot " + slot + " has no attester");
        assertEquals(List.of(), aggregatesOfSlot, "slot " + slot + " has no aggregator");
        continue;
      }
      BlsPublicKey groupKey = cluster.keys().validators().get(validator).groupPublicKey();

      assertEquals(publishers.size(), ofSlot.size(), "slot " + slot + ": one attestation from each node");
      SingleAttestation attestation = ofSlot.getFirst();
      assertEquals(1, ofSlot.stream().distinct().count(), "slot " + slot + ": every node combined the same");
      assertEquals(validator, attestation.attesterIndex());
      assertEquals(slot / cluster.clock().slotsPerEpoch(), attestation.data().target().epoch());
      Bytes root = messages.attestationRoot(attestation);
      assertTrue(BlsSignature.fromBytes(attestation.signature()).verify(groupKey, root),
          "slot " + slot + ": the attestation verifies against the group key");
      assertEquals(cluster.keys().keys().get(validator).sign(root).toBytes(), attestation.signature(),
          "slot " + slot + ": the whole key's signature");

      assertEquals(publishers.size(), aggregatesOfSlot.size(), "slot " + slot + ": one aggregate from each node");
      assertEquals(1, aggregatesOfSlot.stream().distinct().count(), "slot " + slot + ": every node combined the same");
      SignedAggregateAndProof aggregate = aggregatesOfSlot.getFirst();
      AggregateAndProof message = aggregate.message();
      assertEquals(validator, message.aggregatorIndex());
      assertEquals(attestation.data(), message.aggregate().data(), "the aggregate is over the decided data");
      assertTrue(BlsSignature.fromBytes(aggregate.signature()).verify(groupKey, messages.aggregateAndProofRoot(message)),
          "slot " + slot + ": the aggregate and proof verifies against the group key");
      assertTrue(BlsSignature.fromBytes(message.selectionProof()).verify(groupKey, messages.selectionRoot(slot)),
          "slot " + slot + ": the selection proof verifies against the group key");
      assertTrue(BlsSignature.fromBytes(message.aggregate().signature()).verify(groupKey, root),
          "slot " + slot + ": the aggregated attestation verifies against the group key");
    }
  }
}
