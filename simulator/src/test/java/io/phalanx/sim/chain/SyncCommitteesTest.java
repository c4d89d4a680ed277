package io.phalanx.sim.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.spec.api.SyncCommitteeDuty;
import io.phalanx.spec.signing.DomainType;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.types.ContributionAndProof;
import io.phalanx.spec.types.MainnetPreset;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SyncAggregatorSelectionData;
import io.phalanx.spec.types.SyncCommitteeContribution;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The simulated chain's sync committee: membership, duties, messages over the head, contributions
 * built from them and verified, with the clock moved by hand. Signing roots come from the spec
 * functions here, not from the chain's own rules.
 */
class SyncCommitteesTest {
  static final Duration SLOT = Duration.ofSeconds(1);

  static Bytes domain(DomainType type) {
    return TestChain.domain(type, TestChain.FORK_VERSION, TestChain.GENESIS_VALIDATORS_ROOT);
  }

  static SyncCommitteeMessage message(TestChain test, long validator, long slot, Bytes root) {
    return new SyncCommitteeMessage(slot, root, validator,
        test.sign(validator, SigningRoots.syncCommitteeMessageSigningRoot(root, domain(DomainType.SYNC_COMMITTEE)))
            .toBytes());
  }

  static SignedContributionAndProof contributionAndProof(TestChain test, long aggregator, SyncCommitteeContribution c) {
    Bytes proof = test.sign(aggregator, SigningRoots.syncSelectionProofSigningRoot(
        new SyncAggregatorSelectionData(c.slot(), c.subcommitteeIndex()),
        domain(DomainType.SYNC_COMMITTEE_SELECTION_PROOF))).toBytes();
    ContributionAndProof message = new ContributionAndProof(aggregator, c, proof);
    return new SignedContributionAndProof(message, test.sign(aggregator, SigningRoots.computeSigningRoot(
        ContributionAndProof.SSZ, message, domain(DomainType.CONTRIBUTION_AND_PROOF))).toBytes());
  }

  /** is_sync_committee_aggregator at the chain's target (modulo 4), written out from the spec. */
  static boolean selects(TestChain test, long validator, long slot) {
    Bytes proof = test.sign(validator, SigningRoots.syncSelectionProofSigningRoot(
        new SyncAggregatorSelectionData(slot, validator), domain(DomainType.SYNC_COMMITTEE_SELECTION_PROOF))).toBytes();
    long head = ByteBuffer.wrap(Sha256.hash(proof.toArray()), 0, 8)
        .order(ByteOrder.LITTLE_ENDIAN).getLong();
    return Long.remainderUnsigned(head, 4) == 0;
  }

  static List<String> reasons(List<Refusal> refusals) {
    return refusals.stream().map(r -> r.reason().text()).toList();
  }

  @Test
  void theFirstFourValidatorsAreMembersEachOfOneWholeSubcommittee() {
    TestChain test = new TestChain(6, 4, SLOT, 3);
    SimulatedChain chain = new SimulatedChain(test.config());
    List<SyncCommitteeDuty> duties = chain.syncDuties(0, List.of(0L, 1L, 2L, 3L, 4L, 5L));
    assertEquals(List.of(0L, 1L, 2L, 3L), duties.stream().map(SyncCommitteeDuty::validatorIndex).toList());
    for (SyncCommitteeDuty duty : duties) {
      long sub = duty.validatorIndex();
      assertEquals(LongStream.range(sub * 128, sub * 128 + 128).boxed().toList(), duty.validatorSyncCommitteeIndices());
      assertEquals(List.of(sub), duty.subcommittees());
      assertEquals(test.publicKey(duty.validatorIndex()).toBytes(), duty.pubkey());
    }
    assertEquals("32", chain.spec().values().get("TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE"),
        "relaxed from the spec's 16: about one member in four aggregates");
  }

  @Test
  void oneValidatorHoldsEveryPosition() {
    TestChain test = new TestChain(1, 4, SLOT, 3);
    SyncCommitteeDuty duty = new SimulatedChain(test.config()).syncDuties(0, List.of(0L)).getFirst();
    assertEquals(MainnetPreset.SYNC_COMMITTEE_SIZE, duty.validatorSyncCommitteeIndices().size());
    assertEquals(List.of(0L, 1L, 2L, 3L), duty.subcommittees());
  }

  @Test
  void messagesOverTheHeadCountAndBuildTheContributionsWhichVerify() {
    // Keys where, at slot 1, validator 1 aggregates subcommittee 1 and validator 0 does not aggregate 0.
    TestChain test = LongStream.range(3, 200).mapToObj(seed -> new TestChain(4, 4, SLOT, seed))
        .filter(t -> selects(t, 1, 1) && !selects(t, 0, 1)).findFirst().orElseThrow();
    SimulatedChain chain = new SimulatedChain(test.config());
    test.at(1, 1);
    Bytes head = chain.blockRoot("head");
    assertEquals(chain.blockRoot("1"), head);

    assertEquals(List.of(), chain.submitSyncCommitteeMessages(List.of(
        message(test, 0, 1, head), message(test, 1, 1, head), message(test, 2, 1, head))));
    assertEquals(List.of("wrong block root", "invalid signature", "unknown validator"),
        reasons(chain.submitSyncCommitteeMessages(List.of(
            message(test, 3, 1, chain.blockRoot("0")),
            new SyncCommitteeMessage(1, head, 3, message(test, 2, 1, head).signature()),
            new SyncCommitteeMessage(1, head, 9, message(test, 2, 1, head).signature())))));

    assertEquals(List.of(), chain.submitSyncCommitteeMessages(List.of(message(test, 0, 1, head))),
        "the same message again, as every node of a cluster publishes it: taken, counted once");
    SyncCommitteeContribution c = chain.syncCommitteeContribution(1, 1, head).orElseThrow();
    assertEquals(128, c.aggregationBits().cardinality(), "validator 1 holds every position of subcommittee 1");
    assertTrue(chain.syncCommitteeContribution(1, 3, head).isEmpty(), "validator 3 sent nothing valid");

    test.at(1, 2);
    assertEquals(List.of(), chain.submitContributionAndProofs(List.of(contributionAndProof(test, 1, c))));
    assertEquals(List.of(), chain.submitContributionAndProofs(List.of(contributionAndProof(test, 1, c))));
    assertEquals(List.of("not in committee"),
        reasons(chain.submitContributionAndProofs(List.of(contributionAndProof(test, 2, c)))));
    SyncCommitteeContribution c0 = chain.syncCommitteeContribution(1, 0, head).orElseThrow();
    assertEquals(List.of("not an aggregator"),
        reasons(chain.submitContributionAndProofs(List.of(contributionAndProof(test, 0, c0)))));
    SyncCommitteeContribution forged = new SyncCommitteeContribution(1, head, 1, c.aggregationBits(),
        chain.syncCommitteeContribution(1, 0, head).orElseThrow().signature());
    assertEquals(List.of("invalid aggregate signature"),
        reasons(chain.submitContributionAndProofs(List.of(contributionAndProof(test, 1, forged)))));

    // Slots 0 and 1 are past their deadline: 4 members each, 3 messages. Slots 2 and 3 have
    // started, their duties are still open. A contribution is expected once it shows its aggregator
    // selected: validator 1's, which succeeded.
    test.at(6, 0);
    Summary epoch = chain.summary(0);
    assertEquals(16, epoch.syncMessage().expected(), "4 started slots of 4 members");
    assertEquals(8, epoch.syncMessage().pending());
    assertEquals(3, epoch.syncMessage().succeeded());
    assertEquals(Map.of("invalid signature", 1L, "missing", 4L), epoch.syncMessage().failed(),
        "validator 3's duty failed with its latest refusal");
    assertEquals(Map.of("wrong block root", 1L, "invalid signature", 1L, "unknown validator", 1L),
        epoch.syncMessage().refused());
    assertEquals(1, epoch.syncContribution().succeeded());
    assertEquals(1, epoch.syncContribution().expected());
    assertEquals(Map.of(), epoch.syncContribution().failed());
    assertEquals(Map.of("not in committee", 1L, "not an aggregator", 1L, "invalid aggregate signature", 1L),
        epoch.syncContribution().refused());
  }

  @Test
  void aSyncCommitteeSelectionIsForMiddlewareNotForABeaconNode() {
    TestChain test = new TestChain(4, 4, SLOT, 3);
    SyncCommittees sync = new SyncCommittees(new ChainRules(test.config()));
    assertFalse(sync.everyMemberAggregates(0));
    assertEquals(4, sync.aggregatorModulo(0L), "relaxed from the spec's 8");
    assertFalse(sync.inSubcommittee(0, 1));
    assertEquals(8, SyncCommittees.moduloForTarget(16), "the spec's modulo at the mainnet target");
  }
}
