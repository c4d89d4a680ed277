package io.phalanx.consensus.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.consensus.raft.DecidedWindow.Outcome;
import io.phalanx.consensus.slashing.Rule;
import io.phalanx.consensus.slashing.Verdict;
import io.phalanx.spec.api.ProducedBlock;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.testing.TestBlocks;
import io.phalanx.spec.util.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The state machine's EIP-3076 block rules for proposer values, applied as every node applies them. */
class BlockSlashingTest {
  private final ClusterLock lock = RaftTestCluster.fixture(4).lock();
  private final SlashingGuard guard = new SlashingGuard(lock, SlashingConfig.genesisFork(lock));
  private final DecidedWindow window = new DecidedWindow(64);
  private final TestBlocks blocks = new TestBlocks(3);

  private Outcome apply(long slot, ProducedBlock block, List<Long> signers) {
    return DutyStateMachine.applyTo(window, guard,
        new DutyCommand(new DutyKey(slot, DutyType.PROPOSER), Bytes.of(ProducedBlock.SSZ.serialize(block)), signers));
  }

  @Test
  void aDecidedBlockIsRecordedAndAnotherAtTheSlotIsRefused() {
    ProducedBlock first = blocks.full(10, 5);
    assertInstanceOf(Outcome.NewlyDecided.class, apply(10, first, List.of(0L)));
    Bytes signer = lock.validators().getFirst().groupPublicKey().toBytes();
    assertEquals(Verdict.ALREADY_SIGNED, guard.checkBlock(signer, 10, guard.blockSigningRoot(10, first.blockRoot())));

    // The same validator proposing another block for the slot under another key (a replayed or
    // faulty log): refused by the block rules, nothing recorded.
    ProducedBlock second = blocks.blinded(10, 5);
    DecidedWindow other = new DecidedWindow(64);
    Outcome refused = DutyStateMachine.applyTo(other, guard, new DutyCommand(new DutyKey(10, DutyType.PROPOSER),
        Bytes.of(ProducedBlock.SSZ.serialize(second)), List.of(0L)));
    assertInstanceOf(Outcome.Refused.class, refused);
    assertTrue(((Outcome.Refused) refused).reason().contains(Rule.DOUBLE_BLOCK.reason()), refused.toString());
    assertEquals(1L, guard.refusals().byRule().get(Rule.DOUBLE_BLOCK));
    assertInstanceOf(Verdict.Refused.class, guard.checkBlock(signer, 10, guard.blockSigningRoot(10, second.blockRoot())));
  }

  @Test
  void aBlindedBlockHasTheSigningRootOfItsFullBlock() {
    ProducedBlock full = blocks.full(11, 2);
    ProducedBlock blinded = ProducedBlock.blinded(full.version(), full.blindedBlock(), full.executionPayloadValue(),
        full.consensusBlockValue());
    assertInstanceOf(Outcome.NewlyDecided.class, apply(11, blinded, List.of(0L)));
    Bytes signer = lock.validators().getFirst().groupPublicKey().toBytes();
    assertEquals(Verdict.ALREADY_SIGNED, guard.checkBlock(signer, 11, guard.blockSigningRoot(11, full.blockRoot())));
  }

  @Test
  void malformedProposerValuesAreRefused() {
    assertInstanceOf(Outcome.Refused.class, apply(12, blocks.full(13, 1), List.of(0L)), "another slot's block");
    assertInstanceOf(Outcome.Refused.class, apply(12, blocks.full(12, 1), List.of()), "no signer");
    assertInstanceOf(Outcome.Refused.class, apply(12, blocks.full(12, 1), List.of(0L, 1L)), "two signers");
    Outcome junk = DutyStateMachine.applyTo(window, guard, new DutyCommand(new DutyKey(12, DutyType.PROPOSER),
        Bytes.of(new byte[] {1, 2, 3}), List.of(0L)));
    assertInstanceOf(Outcome.Refused.class, junk);
    assertEquals(4, guard.refusals().malformed());
    assertInstanceOf(Outcome.NewlyDecided.class, apply(12, blocks.full(12, 1), List.of(0L)), "then a valid one wins");
  }
}
