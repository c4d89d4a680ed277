package io.phalanx.duties;

import static io.phalanx.duties.testing.ClusterKeys.FORK;
import static io.phalanx.duties.testing.ClusterKeys.GVR;
import static io.phalanx.duties.testing.ClusterKeys.SLOTS_PER_EPOCH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.api.ApiException;
import io.phalanx.api.json.ErrorBody;
import io.phalanx.api.json.InvalidElementsException;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.consensus.PartialSignature;
import io.phalanx.consensus.PartialSignatureExchange;
import io.phalanx.duties.testing.ClusterKeys;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.testing.SeededRandom;
import io.phalanx.spec.util.Bytes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one intake of a validator client's partial signatures: a request whose partials all verify
 * against this node's share is kept and sent to the peers, batched per duty key; one partial that
 * does not (or is no signature at all) refuses the whole request with a 400 naming it, and nothing
 * is kept or sent.
 */
class PartialSignatureIntakeTest {
  record Sent(DutyKey key, List<PartialSignature> partials) {}

  final ScheduledExecutorService executor = Executors.newScheduledThreadPool(1);
  final List<Sent> sent = new CopyOnWriteArrayList<>();
  final PartialSignatureExchange exchange = new PartialSignatureExchange() {
    @Override
    public void broadcast(DutyKey key, List<PartialSignature> partials) {
      sent.add(new Sent(key, partials));
    }

    @Override
    public void subscribe(Listener listener) {}

    @Override
    public void close() {}
  };
  final List<BlsSecretKey> shares = new ArrayList<>();
  final DistributedValidator validator = ClusterKeys.validator(SeededRandom.of(31), shares);
  final ClusterView view = new ClusterView(ClusterKeys.lock(List.of(validator), SeededRandom.of(32)), 0);
  final SignedMessages messages = new SignedMessages(FORK, GVR, SLOTS_PER_EPOCH);
  final DutyTracker tracker = new DutyTracker();
  final PartialSignatureStore store = new PartialSignatureStore(view, messages, tracker,
      new BatchVerifier(executor, executor));
  final PartialSignatureIntake intake = new PartialSignatureIntake(view, store, exchange, tracker, Runnable::run,
      Clock.systemUTC());

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  PartialSignatureIntake.Submitted selection(long slot, BlsSecretKey signer) {
    return selection(slot, signer.sign(messages.selectionRoot(slot)).toBytes());
  }

  PartialSignatureIntake.Submitted selection(long slot, Bytes signature) {
    BeaconCommitteeSelection s = new BeaconCommitteeSelection(0, slot, signature);
    return new PartialSignatureIntake.Submitted(new DutyKey(slot, DutyType.SELECTION_PROOF), validator,
        Bytes.of(BeaconCommitteeSelection.SSZ.serialize(s)), messages.selectionRoot(slot), signature,
        "selection proof of slot " + slot);
  }

  @Test
  void partialsThatVerifyAreKeptAndSentToThePeersOneMessagePerDutyKey() {
    List<PartialSignature> accepted = intake.verifyAndAccept(List.of(selection(5, shares.get(0)),
        selection(6, shares.get(0)))).join();

    assertEquals(2, accepted.size());
    assertEquals(List.of(new DutyKey(5, DutyType.SELECTION_PROOF), new DutyKey(6, DutyType.SELECTION_PROOF)),
        sent.stream().map(Sent::key).toList());
    assertTrue(sent.stream().allMatch(s -> s.partials().size() == 1 && s.partials().get(0).shareIndex() == 1));
    assertEquals(2, tracker.count(DutyType.SELECTION_PROOF, DutyTracker.Step.VC_SUBMITTED));
  }

  @Test
  void onePartialThatDoesNotVerifyRefusesTheWholeRequestNamingIt() {
    // Signed with node 1's share: it does not verify against node 0's.
    ApiException refused = refusal(List.of(selection(5, shares.get(0)), selection(6, shares.get(1))));

    assertEquals(400, refused.status());
    assertTrue(refused.getMessage().contains("selection proof of slot 6: partial signature does not verify against"
        + " this node's share " + shares.get(0).publicKey().toHex()), refused.getMessage());
    assertEquals(List.of(1L), indices(refused));
    assertTrue(sent.isEmpty(), "nothing sent: " + sent);
    assertEquals(0, tracker.count(DutyType.SELECTION_PROOF, DutyTracker.Step.VC_SUBMITTED));
  }

  @Test
  void aMalformedSignatureIsRefusedNamingIt() {
    ApiException refused = refusal(List.of(selection(5, Bytes.of(new byte[96]))));

    assertEquals(400, refused.status());
    assertTrue(refused.getMessage().startsWith("selection proof of slot 5: malformed signature"), refused.getMessage());
    assertEquals(List.of(0L), indices(refused));
    assertTrue(sent.isEmpty());
  }

  private ApiException refusal(List<PartialSignatureIntake.Submitted> submitted) {
    CompletionException e = assertThrows(CompletionException.class, () -> intake.verifyAndAccept(submitted).join());
    return assertInstanceOf(ApiException.class, e.getCause());
  }

  private static List<Long> indices(ApiException refused) {
    return assertInstanceOf(InvalidElementsException.class, refused.getCause()).failures().stream()
        .map(ErrorBody.Failure::index).toList();
  }
}
