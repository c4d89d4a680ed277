package io.phalanx.sim.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FaultScheduleTest {
  @TempDir Path dir;

  @Test
  void parsesEveryKindInline() {
    FaultSchedule s = FaultSchedule.parse("crash:1@e1-e2; bn-down:0,2@8-16 ;bn-slow:3@5=800ms;"
        + "partition:0,1|2,3@e1-e2; latency:2@4-12=1.5s; skew:1@e1=-2500ms", 4);
    assertEquals(6, s.faults().size());
    Fault crash = s.faults().get(0);
    assertEquals(FaultKind.CRASH, crash.kind());
    assertEquals(4, crash.fromSlot());
    assertEquals(OptionalLong.of(8), crash.untilSlot());
    assertEquals(Set.of(0, 2), s.faults().get(1).nodes());
    assertEquals(Duration.ofMillis(800), s.faults().get(2).amount());
    assertEquals(OptionalLong.empty(), s.faults().get(2).untilSlot());
    assertEquals(List.of(Set.of(0, 1), Set.of(2, 3)), s.faults().get(3).groups());
    assertEquals(Duration.ofMillis(1500), s.faults().get(4).amount());
    assertEquals(Duration.ofMillis(-2500), s.faults().get(5).amount());
    assertTrue(s.faults().get(5).activeIn(100));
    assertFalse(crash.activeIn(8));
    assertTrue(crash.activeIn(7));
  }

  @Test
  void readsAFileWithComments() throws Exception {
    Path file = dir.resolve("drill.faults");
    Files.writeString(file, "# a drill\ncrash:1@e1-e2   # node 1 down\n\nlatency:0,1|2,3@e2-e3=150ms\n");
    FaultSchedule s = FaultSchedule.load(file.toString(), 8);
    assertEquals(2, s.faults().size());
    assertEquals(16, s.faults().get(1).fromSlot());
    assertEquals(24, s.lastChangeSlot());
  }

  static List<String> scenarios() {
    return FaultSchedule.SCENARIOS;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyShippedScenarioLoadsForFourNodes(String name) {
    FaultSchedule s = FaultSchedule.load(name, 4).requireNodes(4);
    assertFalse(s.faults().isEmpty(), name);
    assertTrue(FaultSchedule.scenarioText(name).orElseThrow().startsWith("#"), name + " says what it is");
  }

  @Test
  void aSingleSideIsCutFromAllOthers() {
    Fault f = FaultSchedule.parse("partition:3@0-4", 4).faults().get(0);
    assertEquals(6, f.links(4).size());
    assertTrue(f.links(4).stream().allMatch(l -> l[0] == 3 || l[1] == 3));
    assertEquals(8, FaultSchedule.parse("partition:0,1|2,3@0-4", 4).faultedLinks(4).size());
  }

  @Test
  void shiftingMovesEverySlot() {
    FaultSchedule s = FaultSchedule.parse("crash:1@e1-e2; skew:0@2=1s", 4).shiftedBy(20);
    assertEquals(24, s.faults().get(0).fromSlot());
    assertEquals(OptionalLong.of(28), s.faults().get(0).untilSlot());
    assertEquals(OptionalLong.empty(), s.faults().get(1).untilSlot());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '!', value = {
      "crash:1 ! does not parse",
      "reboot:1@4 ! unknown kind 'reboot'",
      "crash:1@8-4 ! ends (slot 4) before it begins (slot 8)",
      "bn-slow:1@4 ! needs an amount",
      "crash:1@4=2s ! takes no amount",
      "crash:0|1@4 ! takes node indices",
      "partition:0,1|1,2@4 ! node 1 is on two sides",
      "latency:0|1@4=-5ms ! must be positive",
      "latency:0|1@4=1.0005s ! not a whole number of milliseconds",
      "nonsense ! neither a scenario"})
  void badInputSaysWhatIsWrong(String text, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultSchedule.load(text, 4));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void nodesOutsideTheClusterAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FaultSchedule.parse("crash:4@0-4", 4).requireNodes(4));
    assertTrue(e.getMessage().contains("nodes are 0 to 3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> FaultSchedule.parse("partition:0,1,2,3@0-4", 4).requireNodes(4));
    assertTrue(e.getMessage().contains("nothing to cut"), e.getMessage());
  }
}
