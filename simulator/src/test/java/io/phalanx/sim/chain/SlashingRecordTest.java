package io.phalanx.sim.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.phalanx.sim.chain.SlashingRecord.Verdict;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.Checkpoint;
import io.phalanx.spec.util.Bytes;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SlashingRecordTest {
  static AttestationData vote(long source, long target, int head) {
    Bytes root = Bytes.zero(31).concat(Bytes.of(new byte[] {(byte) head}));
    return new AttestationData(target * 32, 0, root, new Checkpoint(source, root), new Checkpoint(target, root));
  }

  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of("the same vote again", vote(1, 2, 0), 0, vote(1, 2, 0), Verdict.REPEAT),
        Arguments.of("double vote", vote(1, 2, 0), 0, vote(1, 2, 1), Verdict.SLASHABLE),
        Arguments.of("double vote, other source", vote(1, 2, 0), 0, vote(0, 2, 0), Verdict.SLASHABLE),
        Arguments.of("surrounding", vote(1, 2, 0), 0, vote(0, 3, 0), Verdict.SLASHABLE),
        Arguments.of("surrounded", vote(0, 3, 0), 0, vote(1, 2, 0), Verdict.SLASHABLE),
        Arguments.of("next epoch", vote(0, 1, 0), 0, vote(1, 2, 0), Verdict.NEW),
        Arguments.of("overlapping later", vote(0, 2, 0), 0, vote(1, 3, 0), Verdict.NEW),
        Arguments.of("overlapping earlier", vote(1, 3, 0), 0, vote(0, 2, 0), Verdict.NEW),
        Arguments.of("same source, inner target", vote(0, 3, 0), 0, vote(0, 2, 0), Verdict.NEW),
        Arguments.of("another validator's vote", vote(1, 2, 0), 1, vote(1, 2, 1), Verdict.NEW));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void aSecondVoteIsJudgedAgainstTheFirst(String name, AttestationData first, long firstSigner,
      AttestationData second, Verdict verdict) {
    SlashingRecord record = new SlashingRecord();
    record.record(firstSigner, first, AttestationData.SSZ.hashTreeRoot(first));
    assertEquals(verdict, record.check(0, second, AttestationData.SSZ.hashTreeRoot(second)));
  }
}
