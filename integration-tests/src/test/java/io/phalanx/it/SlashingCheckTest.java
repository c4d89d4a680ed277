package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.sim.chain.JsonLinesRecorder;
import io.phalanx.sim.chain.RecordedMessage;
import io.phalanx.sim.chain.RecordingHeader;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.Checkpoint;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The record-file checker finds what it looks for: otherwise its silence would prove nothing. */
class SlashingCheckTest {
  static final Bytes VALIDATOR = Bytes.fromHex("0x" + "aa".repeat(48));

  static RecordedMessage vote(long source, long target, int rootByte) {
    AttestationData data = new AttestationData(target * 4, 0, Bytes.fromHex("0x" + String.format("%02x", rootByte).repeat(32)),
        new Checkpoint(source, Bytes.zero(32)), new Checkpoint(target, Bytes.zero(32)));
    return new RecordedMessage(RecordedMessage.ATTESTATION, target * 4, VALIDATOR,
        SingleAttestation.SSZ.toJson(new SingleAttestation(0, 0, data, Bytes.zero(96))));
  }

  static List<String> check(RecordedMessage... messages) {
    RecordingHeader header = new RecordingHeader(0, Bytes.zero(32), Bytes.zero(4), Bytes.zero(4), 1, 1000, 4,
        List.of(VALIDATOR));
    return SlashingCheck.violations(new JsonLinesRecorder.Recording(header, List.of(messages)));
  }

  @Test
  void findsDoubleAndSurroundVotesAndAcceptsAnHonestHistory() {
    assertEquals(List.of(), check(vote(0, 1, 1), vote(1, 2, 2), vote(1, 2, 2), vote(2, 3, 3)));
    assertTrue(check(vote(0, 2, 1), vote(1, 2, 2)).get(0).contains("double vote"));
    assertTrue(check(vote(0, 3, 1), vote(1, 2, 2)).get(0).contains("surround vote"));
    assertTrue(check(vote(1, 2, 2), vote(0, 3, 1)).get(0).contains("surround vote"));
  }
}
