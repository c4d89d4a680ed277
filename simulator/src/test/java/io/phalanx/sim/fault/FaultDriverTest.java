package io.phalanx.sim.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.phalanx.spec.time.SlotClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the driver switches, given the faults on now; machines recorded in memory. */
class FaultDriverTest {
  static final class RecordingMachine implements Machine, BeaconNodeSwitch {
    final String name;
    volatile boolean crashed;
    volatile boolean bnDown;
    volatile Duration slow = Duration.ZERO;
    volatile Duration offset = Duration.ZERO;
    volatile int switches;

    RecordingMachine(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void setCrashed(boolean crashed) {
      this.crashed = crashed;
      switches++;
    }

    @Override
    public BeaconNodeSwitch beaconNode() {
      return this;
    }

    @Override
    public void setClockOffset(Duration offset) {
      this.offset = offset;
      switches++;
    }

    @Override
    public void setDown(boolean down) {
      bnDown = down;
      switches++;
    }

    @Override
    public void setSlow(Duration delay) {
      slow = delay;
      switches++;
    }
  }

  @Test
  void overlappingFaultsAddUpAndTheSoloMachineSuffersEveryMachineFault() throws InterruptedException {
    // The chain is at slot 10 (1 s slots): faults from slot 0 are on, the one that ended at 5 is not.
    SlotClock clock = new SlotClock(Instant.now().minusMillis(10_500), Duration.ofSeconds(1), 4, Clock.systemUTC());
    List<Machine> nodes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      nodes.add(new RecordingMachine("node" + i));
    }
    RecordingMachine solo = new RecordingMachine("solo");
    FaultSchedule schedule = FaultSchedule.parse("crash:1@0; crash:3@0-5; bn-slow:0@0=200ms; bn-slow:0@2=500ms;"
        + "bn-down:2@0-100; skew:2@0=1s; skew:2@3=-300ms", 4);
    try (FaultDriver driver = new FaultDriver(schedule, clock, nodes, Optional.of(solo), Optional.empty())) {
      driver.start();
      RecordingMachine n0 = (RecordingMachine) nodes.get(0);
      RecordingMachine n1 = (RecordingMachine) nodes.get(1);
      RecordingMachine n2 = (RecordingMachine) nodes.get(2);
      RecordingMachine n3 = (RecordingMachine) nodes.get(3);
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (!(n1.crashed && n2.bnDown && solo.crashed && solo.offset.equals(Duration.ofMillis(700)))
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(Duration.ofMillis(500), n0.slow, "the slowest of two slow faults");
      assertEquals(Duration.ofMillis(700), n2.offset, "offsets add");
      assertFalse(n3.crashed, "a crash that ended before now");
      assertEquals(0, n3.switches);
      assertEquals(Duration.ofMillis(500), solo.slow);
      assertEquals(true, solo.bnDown);
      assertEquals(6, driver.windows().size(), "every fault on now has begun, the one over before not: " + driver.windows());
    }
  }

  @Test
  void linkFaultsNeedRelays() {
    SlotClock clock = new SlotClock(Instant.now(), Duration.ofSeconds(1), 4, Clock.systemUTC());
    List<Machine> nodes = List.of(new RecordingMachine("a"), new RecordingMachine("b"));
    assertThrows(IllegalArgumentException.class, () -> new FaultDriver(
        FaultSchedule.parse("partition:0@0-4", 4), clock, nodes, Optional.empty(), Optional.empty()));
  }
}
