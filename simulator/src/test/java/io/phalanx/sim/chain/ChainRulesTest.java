package io.phalanx.sim.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.spec.api.AttesterDuty;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChainRulesTest {
  @ParameterizedTest(name = "{0} validators, {1} slots per epoch")
  @CsvSource({"1, 1", "3, 8", "8, 8", "13, 4", "33, 2"})
  void everyValidatorAttestsOncePerEpochAtItsOwnCommitteePosition(int validators, long slotsPerEpoch) {
    ChainRules rules = new ChainRules(new TestChain(validators, slotsPerEpoch, Duration.ofSeconds(1), 2).config());
    for (long epoch = 0; epoch < 3; epoch++) {
      Map<Long, Set<Long>> positionsBySlot = new HashMap<>();
      for (long v = 0; v < validators; v++) {
        AttesterDuty duty = rules.attesterDuty(v, epoch);
        assertEquals(epoch, rules.epochOf(duty.slot()));
        assertTrue(positionsBySlot.computeIfAbsent(duty.slot(), s -> new HashSet<>())
            .add(duty.validatorCommitteeIndex()), "one validator per committee position");
        assertEquals(v, rules.committeeMember(duty.slot(), Math.toIntExact(duty.validatorCommitteeIndex())));
        assertTrue(rules.attestsIn(v, duty.slot()));
      }
      positionsBySlot.forEach((slot, positions) -> assertEquals(rules.committeeLength(slot), positions.size()));
      long total = 0;
      for (long slot = epoch * slotsPerEpoch; slot < (epoch + 1) * slotsPerEpoch; slot++) {
        total += rules.committeeLength(slot);
      }
      assertEquals(validators, total);
    }
  }

  @ParameterizedTest(name = "committee of {0}: modulo {1}")
  @CsvSource({"1, 1", "16, 1", "31, 1", "32, 2", "47, 2", "48, 3", "2048, 128"})
  void theAggregatorModuloFollowsTheSpec(int committeeLength, long modulo) {
    assertEquals(modulo, ChainRules.aggregatorModulo(committeeLength));
  }

  @ParameterizedTest(name = "slot {0}")
  @CsvSource({"0", "1", "31", "32", "1000"})
  void blockRootsDifferPerSlotAndTheTargetIsTheEpochsFirst(long slot) {
    ChainRules rules = new ChainRules(new TestChain(1, 32, Duration.ofSeconds(12), 2).config());
    assertNotEquals(rules.blockRoot(slot), rules.blockRoot(slot + 1));
    long epoch = slot / 32;
    assertEquals(rules.blockRoot(epoch * 32), rules.attestationData(slot).target().root());
    assertEquals(epoch == 0 ? 0 : epoch - 1, rules.attestationData(slot).source().epoch());
  }
}
