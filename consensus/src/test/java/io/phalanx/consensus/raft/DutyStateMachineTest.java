package io.phalanx.consensus.raft;

import static io.phalanx.consensus.raft.RaftTestCluster.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.consensus.raft.DecidedWindow.Outcome;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.statemachine.TransactionContext;
import org.junit.jupiter.api.Test;

/** The state machine on its own, fed log entries as Ratis would, without a cluster. */
class DutyStateMachineTest {
  private final List<String> heard = new ArrayList<>();
  private final DutyStateMachine stateMachine = new DutyStateMachine(8,
      new SlashingGuard(RaftTestCluster.fixture(4).lock(), SlashingConfig.genesisFork(RaftTestCluster.fixture(4).lock())),
      Runnable::run);
  private long index;

  DutyStateMachineTest() {
    stateMachine.subscribe((key, value) -> heard.add(key + "=" + new String(value.toArray())));
  }

  private Outcome apply(long slot, String text) {
    Bytes data = new DutyCommand(new DutyKey(slot, DutyType.ATTESTER), value(text)).encode();
    LogEntryProto entry = LogEntryProto.newBuilder()
        .setTerm(1)
        .setIndex(index++)
        .setStateMachineLogEntry(StateMachineLogEntryProto.newBuilder().setLogData(DutyStateMachine.wrap(data)))
        .build();
    TransactionContext trx = TransactionContext.newBuilder()
        .setStateMachine(stateMachine)
        .setServerRole(RaftPeerRole.FOLLOWER)
        .setLogEntry(entry)
        .build();
    Message reply = stateMachine.applyTransaction(trx).join();
    return Outcome.decode(Bytes.of(reply.getContent().toByteArray()));
  }

  private TransactionContext propose(Bytes content) {
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(ClientId.randomId())
        .setServerId(RaftPeerId.valueOf("node-0"))
        .setGroupId(RaftGroupId.randomId())
        .setCallId(1)
        .setMessage(Message.valueOf(DutyStateMachine.wrap(content)))
        .setType(RaftClientRequest.writeRequestType())
        .build();
    return stateMachine.startTransaction(request);
  }

  @Test
  void everyNodeAppliesTheSameWayAndListenersHearEachKeyOnce() {
    assertEquals(new Outcome.NewlyDecided(value("a")), apply(3, "a"));
    assertEquals(new Outcome.AlreadyDecided(value("a")), apply(3, "b"));
    assertEquals(Optional.of(value("a")), stateMachine.decided(new DutyKey(3, DutyType.ATTESTER)));
    assertEquals(List.of("ATTESTER@3=a"), heard);
    assertEquals(1, stateMachine.getLastAppliedTermIndex().getIndex());
  }

  @Test
  void theLeaderRefusesMalformedCommandsAndKeysBelowTheHorizonBeforeTheyReachTheLog() {
    TransactionContext malformed = propose(value("not a command"));
    assertTrue(malformed.getException() instanceof IllegalArgumentException, String.valueOf(malformed.getException()));

    apply(20, "new");
    assertEquals(12, stateMachine.horizon());
    TransactionContext old = propose(new DutyCommand(new DutyKey(11, DutyType.ATTESTER), value("x")).encode());
    assertTrue(old.getException().getMessage().contains("below the prune horizon (slot 12)"), old.getException().getMessage());

    TransactionContext fine = propose(new DutyCommand(new DutyKey(12, DutyType.ATTESTER), value("x")).encode());
    assertNull(fine.getException());
    assertEquals(new Outcome.TooOld(12), apply(11, "late in the log"), "a stale entry that got in is still not decided");
  }
}
