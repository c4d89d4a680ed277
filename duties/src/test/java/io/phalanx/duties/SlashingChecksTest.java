package io.phalanx.duties;

import static io.phalanx.duties.testing.ClusterKeys.FORK;
import static io.phalanx.duties.testing.ClusterKeys.GVR;
import static io.phalanx.duties.testing.ClusterKeys.SLOTS_PER_EPOCH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.api.ApiException;
import io.phalanx.consensus.SlashingProtection;
import io.phalanx.consensus.slashing.Rule;
import io.phalanx.consensus.slashing.Verdict;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.Checkpoint;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The duty-side slashing checks against this node's copy of the history: data is served only if
 * the history holds it for one of the slot's validators and conflicts with none, a partial or
 * whole attestation counts only if recorded for its validator, a block only if recorded, and a
 * validator whose imported history is on its way signs nothing.
 */
class SlashingChecksTest {
  static final Bytes A = Bytes.fromHex("0x" + "aa".repeat(48));
  static final Bytes B = Bytes.fromHex("0x" + "bb".repeat(48));
  static final Bytes C = Bytes.fromHex("0x" + "cc".repeat(48));
  static final AttestationData DATA = new AttestationData(9, 0, Bytes.zero(32), new Checkpoint(1, Bytes.zero(32)),
      new Checkpoint(2, Bytes.zero(32)));

  /** A history that answers each validator's attestation with a set verdict, and holds the recorded. */
  static final class History implements SlashingProtection {
    final Map<Bytes, Verdict> attestations = new HashMap<>();
    final Set<Bytes> recorded = new HashSet<>();
    final Set<Bytes> pending = new HashSet<>();
    Verdict block = new Verdict.Safe();

    @Override
    public boolean attestationRecorded(Bytes key, long source, long target, Bytes root) {
      return recorded.contains(key);
    }

    @Override
    public Verdict checkAttestation(Bytes key, long source, long target, Bytes root) {
      return attestations.getOrDefault(key, new Verdict.Safe());
    }

    @Override
    public boolean importPending(Bytes key) {
      return pending.contains(key);
    }

    @Override
    public Verdict checkBlock(Bytes key, long slot, Bytes root) {
      return block;
    }
  }

  final History history = new History();
  final SlashingChecks checks = new SlashingChecks(history, new SignedMessages(FORK, GVR, SLOTS_PER_EPOCH));

  @Test
  void validatorsWhoseImportedHistoryIsPendingDoNotSign() {
    history.pending.add(B);
    assertEquals(List.of(A, C), checks.readyToSign(Set.of(C, B, A)));
    assertEquals("its imported history is not in the cluster yet", checks.whyNotRecorded(B));
    assertEquals("it was not among the decided signers", checks.whyNotRecorded(A));
  }

  @Test
  void attestationDataIsServedOnlyIfHeldForOneValidatorAndInConflictWithNone() {
    history.attestations.put(A, new Verdict.AlreadySigned());
    assertEquals(DATA, checks.servableAttestation(9, DATA, List.of(A, B)));

    ApiException none = assertThrows(ApiException.class, () -> checks.servableAttestation(9, DATA, List.of(B, C)));
    assertEquals(503, none.status());
    assertTrue(none.getMessage().contains("is not in this node's slashing-protection history for any of the slot's"
        + " validators"), none.getMessage());

    history.attestations.put(B, new Verdict.Refused(Rule.DOUBLE_VOTE, "another one"));
    ApiException conflict = assertThrows(ApiException.class, () -> checks.servableAttestation(9, DATA, List.of(A, B)));
    assertEquals(503, conflict.status());
    assertTrue(conflict.getMessage().contains("conflicts with this node's history of validator " + B),
        conflict.getMessage());
  }

  @Test
  void anAttestationCountsOnlyIfRecordedForItsValidator() {
    SingleAttestation a = new SingleAttestation(0, 1, DATA, Bytes.zero(96));
    history.recorded.add(A);
    assertTrue(checks.attestationRecorded(A, a));
    assertFalse(checks.attestationRecorded(B, a));
  }

  @Test
  void aBlockIsServedAndTakenOnlyIfRecorded() {
    Bytes root = Bytes.zero(32);
    ApiException refused = assertThrows(ApiException.class, () -> checks.servableBlock(4, A, root));
    assertEquals(503, refused.status());
    assertTrue(refused.getMessage().contains("is not in this node's history of its proposer"), refused.getMessage());
    assertFalse(checks.blockRecorded(A, 4, root));

    history.block = new Verdict.AlreadySigned();
    checks.servableBlock(4, A, root);
    assertTrue(checks.blockRecorded(A, 4, root));
  }
}
