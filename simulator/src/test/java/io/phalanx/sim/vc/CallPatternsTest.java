package io.phalanx.sim.vc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CallPatternsTest {
  @Test
  void oneNameIsEveryClientsPattern() {
    CallPatterns patterns = CallPatterns.parse("Teku");
    assertEquals(CallPattern.TEKU, patterns.of(0));
    assertEquals(CallPattern.TEKU, patterns.of(3));
  }

  @Test
  void perNodeNamesLeaveTheOthersOnTheDefault() {
    CallPatterns patterns = CallPatterns.parse("0=teku, 2=lighthouse");
    assertEquals(Map.of(0, CallPattern.TEKU, 2, CallPattern.LIGHTHOUSE), patterns.byNode());
    assertEquals(CallPattern.DEFAULT, patterns.of(1));
    assertEquals("node 0 teku, node 1 default, node 2 lighthouse", patterns.describe(3));
  }

  @Test
  void badInputIsNamedWithWhatWouldDo() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> CallPatterns.parse("vouch"));
    assertTrue(unknown.getMessage().contains("unknown preset 'vouch'"), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("default, lighthouse, teku, lodestar, prysm, nimbus"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CallPatterns.parse("x=teku"));
    assertThrows(IllegalArgumentException.class, () -> CallPatterns.parse("0=teku,0=nimbus"));
    IllegalArgumentException noNode = assertThrows(IllegalArgumentException.class,
        () -> CallPatterns.parse("5=teku").checkNodes(4));
    assertTrue(noNode.getMessage().contains("no node 5"), noNode.getMessage());
  }

  @Test
  void thePresetsBetweenThemCoverEveryChoice() {
    Set<CallPattern> all = Set.of(CallPattern.all());
    assertEquals(Set.of(true, false), all.stream().map(CallPattern::selectionsAhead).collect(Collectors.toSet()));
    assertEquals(Set.of(true, false), all.stream().map(CallPattern::batchedAggregation).collect(Collectors.toSet()));
    assertEquals(Set.of(true, false), all.stream().map(CallPattern::blindedBlocks).collect(Collectors.toSet()));
    assertEquals(Set.of(true, false), all.stream().map(CallPattern::sszBodies).collect(Collectors.toSet()));
    assertEquals(6, Arrays.stream(CallPattern.all()).map(CallPattern::name).distinct().count());
  }
}
