package io.phalanx.consensus.raft;

import static io.phalanx.consensus.raft.RaftTestCluster.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.consensus.raft.DecidedWindow.Outcome;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.util.Bytes;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DecidedWindowTest {
  private static DutyCommand command(long slot, DutyType type, String text) {
    return new DutyCommand(new DutyKey(slot, type), value(text));
  }

  @Test
  void theFirstAppliedValueOfAKeyIsDecidedAndLaterOnesAreIgnored() {
    DecidedWindow window = new DecidedWindow(8);
    assertEquals(new Outcome.NewlyDecided(value("a")), window.apply(command(5, DutyType.ATTESTER, "a")));
    assertEquals(new Outcome.AlreadyDecided(value("a")), window.apply(command(5, DutyType.ATTESTER, "b")));
    assertEquals(new Outcome.NewlyDecided(value("c")), window.apply(command(5, DutyType.AGGREGATOR, "c")));
    assertEquals(Optional.of(value("a")), window.decided(new DutyKey(5, DutyType.ATTESTER)));
  }

  @Test
  void slotsMoreThanTheWindowBelowTheHighestArePrunedAndThenRefused() {
    DecidedWindow window = new DecidedWindow(8);
    for (long s = 0; s <= 20; s++) {
      window.apply(command(s, DutyType.ATTESTER, "v" + s));
    }
    assertEquals(12, window.horizon());
    assertEquals(9, window.size(), "slots 12 to 20");
    assertEquals(Optional.empty(), window.decided(new DutyKey(11, DutyType.ATTESTER)));
    assertEquals(Optional.of(value("v12")), window.decided(new DutyKey(12, DutyType.ATTESTER)));
    assertEquals(new Outcome.TooOld(12), window.apply(command(11, DutyType.ATTESTER, "again")));
    assertEquals(new Outcome.TooOld(12), window.apply(command(3, DutyType.SELECTION_PROOF, "never seen")));
    assertEquals(Optional.empty(), window.decided(new DutyKey(3, DutyType.SELECTION_PROOF)));
  }

  @Test
  void aLateKeyInsideTheWindowIsStillDecidedAndTheHorizonNeverFalls() {
    DecidedWindow window = new DecidedWindow(4);
    window.apply(command(100, DutyType.ATTESTER, "new"));
    assertEquals(96, window.horizon());
    assertEquals(new Outcome.NewlyDecided(value("late")), window.apply(command(97, DutyType.ATTESTER, "late")));
    assertEquals(96, window.horizon());
  }

  @Test
  void aSnapshotRestoresTheWindowAndTheHorizon() {
    DecidedWindow window = new DecidedWindow(4);
    for (long s = 10; s < 20; s++) {
      window.apply(command(s, DutyType.values()[(int) (s % 3)], "v" + s));
    }
    byte[] snapshot = window.toSnapshot();
    DecidedWindow restored = new DecidedWindow(4);
    restored.apply(command(1, DutyType.ATTESTER, "replaced"));
    restored.restore(snapshot);
    assertEquals(window.entries(), restored.entries());
    assertEquals(window.horizon(), restored.horizon());
    assertEquals(Optional.empty(), restored.decided(new DutyKey(1, DutyType.ATTESTER)));
    assertArrayEquals(snapshot, restored.toSnapshot());
    assertEquals(new Outcome.TooOld(15), restored.apply(command(14, DutyType.ATTESTER, "old")));
  }

  @Test
  void aMalformedSnapshotIsRefused() {
    DecidedWindow window = new DecidedWindow(4);
    assertThrows(IllegalArgumentException.class, () -> window.restore(new byte[] {1, 2, 3}));
  }

  static Stream<Outcome> outcomes() {
    return Stream.of(new Outcome.NewlyDecided(value("x")), new Outcome.AlreadyDecided(Bytes.EMPTY),
        new Outcome.TooOld(Long.MAX_VALUE), new Outcome.Refused("slashable: double_vote"), new Outcome.Imported(7));
  }

  @ParameterizedTest
  @MethodSource("outcomes")
  void outcomesSurviveTheirEncoding(Outcome outcome) {
    assertEquals(outcome, Outcome.decode(outcome.encode()));
  }

  @Test
  void commandsSurviveTheirEncodingAndMalformedOnesAreRefusedWithAReason() {
    for (DutyType type : DutyType.values()) {
      DutyCommand command = command(Long.MAX_VALUE, type, "value");
      assertEquals(command, Command.decode(command.encode()));
      DutyCommand signed = new DutyCommand(command.key(), command.value(), List.of(0L, 3L, 65_535L));
      assertEquals(signed, Command.decode(signed.encode()));
    }
    assertThrows(IllegalArgumentException.class, () -> new DutyCommand(new DutyKey(1, DutyType.ATTESTER), value("v"),
        List.of(3L, 1L)), "signers must be ascending");
    assertThrows(IllegalArgumentException.class, () -> Command.decode(Bytes.fromHex("0x07")), "unknown kind");
    Bytes good = Bytes.of(DutyCommand.SSZ.serialize(command(7, DutyType.ATTESTER, "v")));
    // slot (8 bytes), the offsets of duty_type, value and signers (4 each), then their bytes
    List<Bytes> malformed = List.of(
        Bytes.EMPTY,
        good.slice(0, 10),
        good.slice(0, 8).concat(Bytes.fromHex("0x0f00000019000000")).concat(good.slice(16, good.size())),
        good.slice(0, 8).concat(Bytes.fromHex("0x1000000005000000")).concat(good.slice(16, good.size())));
    for (Bytes bytes : malformed) {
      assertThrows(IllegalArgumentException.class, () -> DutyCommand.decodeBody(bytes), bytes.toHex());
    }
    Bytes unknownType = Bytes.of(DutyCommand.SSZ.serialize(command(7, DutyType.ATTESTER, "v")))
        .slice(0, 20).concat(value("NOTADUTYv"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DutyCommand.decodeBody(unknownType));
    assertTrue(e.getMessage().contains("unknown duty type"), e.getMessage());
  }

  @Test
  void aValueOverTheLimitIsRefused() {
    Bytes big = Bytes.zero(DutyCommand.MAX_VALUE_BYTES + 1);
    assertThrows(IllegalArgumentException.class, () -> new DutyCommand(new DutyKey(1, DutyType.ATTESTER), big));
  }
}
