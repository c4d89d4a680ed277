package io.phalanx.sim.vc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.api.ForwardingBeaconNode;
import io.phalanx.spec.api.SyncCommitteeDuty;
import io.phalanx.spec.api.SyncCommitteeSelection;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.signing.DomainType;
import io.phalanx.spec.ssz.Bitfield;
import io.phalanx.spec.testing.ManualClock;
import io.phalanx.spec.types.ContributionAndProof;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SyncAggregatorSelectionData;
import io.phalanx.spec.types.SyncCommitteeContribution;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.util.Bytes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulated validator client's sync committee duties under every call pattern: selections per
 * slot or the whole epoch at its start, messages at 1/3 over the head root its node serves,
 * contributions at 2/3 in one request or one per validator, every signature by the right share.
 * Validator 0 is a member in subcommittee 0, validator 1 in subcommittees 1 and 2.
 */
class SyncCommitteeDutyTest {
  static final long SLOTS_PER_EPOCH = SimulatedValidatorClientTest.SLOTS_PER_EPOCH;

  final ManualClock clock = new ManualClock(Instant.ofEpochSecond(SimulatedValidatorClientTest.GENESIS_TIME)
      .minusSeconds(3));
  final ManualScheduler scheduler = new ManualScheduler(clock);
  final SyncNode node = new SyncNode(SimulatedValidatorClientTest.nodeWith(
      Map.of("TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE", "128")), clock);
  SimulatedValidatorClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.stop();
    }
  }

  static Stream<CallPattern> patterns() {
    return Stream.of(CallPattern.all());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patterns")
  void selectionsMessagesAndContributionsFollowTheCallPattern(CallPattern pattern) {
    client = new SimulatedValidatorClient(SimulatedValidatorClient.Config.of("vc-test",
        SimulatedValidatorClientTest.ourShares(), node, scheduler, clock).withCallPattern(pattern));
    client.start();
    scheduler.runDue();
    scheduler.advanceTo(slotStart(SLOTS_PER_EPOCH + 1).minusMillis(1));

    // Selections: 3 (validator, subcommittee) pairs per slot, over 5 slots.
    List<Integer> requestSizes = node.selectionRequests.stream().map(List::size).toList();
    if (pattern.selectionsAhead()) {
      assertEquals(List.of(3 * 4, 3 * 4), requestSizes, "the rest of each epoch at its start");
    } else {
      assertEquals(Collections.nCopies(5, 3), requestSizes, "each slot's at its start");
    }
    for (List<SyncCommitteeSelection> request : node.selectionRequests) {
      for (SyncCommitteeSelection s : request) {
        assertTrue(verifies(s.selectionProof(), share(s.validatorIndex()), signingRoot(
            SyncAggregatorSelectionData.SSZ.hashTreeRoot(new SyncAggregatorSelectionData(s.slot(), s.subcommitteeIndex())),
            DomainType.SYNC_COMMITTEE_SELECTION_PROOF)), "a partial proof by the share");
      }
    }

    // Messages: one request per slot at 1/3, over the served root, each signed by its share.
    assertEquals(Collections.nCopies(5, 2), node.messageRequests.stream().map(List::size).toList());
    for (List<SyncCommitteeMessage> request : node.messageRequests) {
      for (SyncCommitteeMessage m : request) {
        assertEquals(SyncNode.head(m.slot()), m.beaconBlockRoot());
        assertTrue(verifies(m.signature(), share(m.validatorIndex()),
            signingRoot(m.beaconBlockRoot(), DomainType.SYNC_COMMITTEE)));
      }
    }

    // Contributions: every member aggregates (target 128): 3 per slot, batched or one by one.
    List<Integer> published = node.contributionRequests.stream().map(List::size).toList();
    assertEquals(pattern.batchedAggregation() ? Collections.nCopies(5, 3) : Collections.nCopies(15, 1), published);
    for (List<SignedContributionAndProof> request : node.contributionRequests) {
      for (SignedContributionAndProof s : request) {
        ContributionAndProof m = s.message();
        assertEquals(node.wholeProof(m.aggregatorIndex(), m.contribution().slot(), m.contribution().subcommitteeIndex()),
            m.selectionProof(), "the combined proof the node handed back");
        assertTrue(verifies(s.signature(), share(m.aggregatorIndex()),
            signingRoot(ContributionAndProof.SSZ.hashTreeRoot(m), DomainType.CONTRIBUTION_AND_PROOF)));
      }
    }
    assertEquals(15, client.counters().total(DutyType.SYNC_CONTRIBUTION).submitted(), client.counters().toString());
    assertEquals(10, client.counters().total(DutyType.SYNC_MESSAGE).submitted());
  }

  Instant slotStart(long slot) {
    return Instant.ofEpochSecond(SimulatedValidatorClientTest.GENESIS_TIME)
        .plus(SimulatedValidatorClientTest.SLOT.multipliedBy(slot));
  }

  static BlsPublicKey share(long validator) {
    return SimulatedValidatorClientTest.VALIDATORS.get((int) validator).share().publicKey();
  }

  static Bytes signingRoot(Bytes objectRoot, DomainType type) {
    return SimulatedValidatorClientTest.signingRoot(objectRoot, type);
  }

  static boolean verifies(Bytes signature, BlsPublicKey key, Bytes message) {
    return SimulatedValidatorClientTest.verifies(signature, key, message);
  }

  /** The attestation side of {@link FakeBeaconNode}, with sync committee duties for validators 0 and 1. */
  static final class SyncNode extends ForwardingBeaconNode {
    final FakeBeaconNode node;
    final List<List<SyncCommitteeSelection>> selectionRequests = Collections.synchronizedList(new ArrayList<>());
    final List<List<SyncCommitteeMessage>> messageRequests = Collections.synchronizedList(new ArrayList<>());
    final List<List<SignedContributionAndProof>> contributionRequests = Collections.synchronizedList(new ArrayList<>());
    final ManualClock clock;

    SyncNode(FakeBeaconNode node, ManualClock clock) {
      super(node);
      this.node = node;
      this.clock = clock;
    }

    static Bytes head(long slot) {
      return FakeBeaconNode.root("head " + slot);
    }

    Bytes wholeProof(long validator, long slot, long subcommittee) {
      return node.validator(validator).whole().sign(signingRoot(SyncAggregatorSelectionData.SSZ.hashTreeRoot(
          new SyncAggregatorSelectionData(slot, subcommittee)), DomainType.SYNC_COMMITTEE_SELECTION_PROOF)).toBytes();
    }

    @Override
    public CompletableFuture<List<SyncCommitteeDuty>> syncDuties(long epoch, List<Long> indices) {
      List<SyncCommitteeDuty> duties = new ArrayList<>();
      if (indices.contains(0L)) {
        duties.add(new SyncCommitteeDuty(share(0).toBytes(), 0, List.of(5L)));
      }
      if (indices.contains(1L)) {
        duties.add(new SyncCommitteeDuty(share(1).toBytes(), 1, List.of(130L, 131L, 300L)));
      }
      return CompletableFuture.completedFuture(duties);
    }

    @Override
    public CompletableFuture<Bytes> blockRoot(String blockId) {
      long sinceGenesis = clock.instant().getEpochSecond() - SimulatedValidatorClientTest.GENESIS_TIME;
      return CompletableFuture.completedFuture(head(sinceGenesis / SimulatedValidatorClientTest.SLOT.toSeconds()));
    }

    @Override
    public CompletableFuture<List<SyncCommitteeSelection>> syncCommitteeSelections(List<SyncCommitteeSelection> s) {
      selectionRequests.add(List.copyOf(s));
      return CompletableFuture.completedFuture(s.stream().map(p -> p.withSelectionProof(
          wholeProof(p.validatorIndex(), p.slot(), p.subcommitteeIndex()))).toList());
    }

    @Override
    public CompletableFuture<Void> publishSyncCommitteeMessages(List<SyncCommitteeMessage> messages) {
      messageRequests.add(List.copyOf(messages));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<SyncCommitteeContribution> syncCommitteeContribution(long slot, long sub, Bytes root) {
      return CompletableFuture.completedFuture(new SyncCommitteeContribution(slot, root, sub, Bitfield.of(128, 1),
          node.validator(0).whole().sign(root).toBytes()));
    }

    @Override
    public CompletableFuture<Void> publishContributionAndProofs(List<SignedContributionAndProof> contributions) {
      contributionRequests.add(List.copyOf(contributions));
      return CompletableFuture.completedFuture(null);
    }

  }
}
