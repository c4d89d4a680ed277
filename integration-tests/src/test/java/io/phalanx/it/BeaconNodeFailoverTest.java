package io.phalanx.it;

import static io.phalanx.it.ClusterChecks.assertComplete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.api.BeaconNodeHealth.EndpointStatus;
import io.phalanx.sim.BeaconNodeFault;
import io.phalanx.sim.Simnet;
import io.phalanx.sim.SimnetOptions;
import io.phalanx.sim.chain.Summary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Beacon-node failover in whole clusters: 4 Phalanx nodes (threshold 3), each against two
 * simulated beacon nodes over one chain, with faults scheduled on those beacon nodes.
 */
class BeaconNodeFailoverTest {
  static final Duration SLOT = SimnetClusterTest.SLOT;
  static final int SLOTS_PER_EPOCH = SimnetClusterTest.SLOTS_PER_EPOCH;

  private static Simnet start(int epochs, List<String> faults, StringWriter out) throws Exception {
    Simnet simnet = new Simnet(SimnetOptions.builder(4, 3, 8, SLOT, SLOTS_PER_EPOCH)
        .epochs(OptionalLong.of(epochs))
        .beaconNodesPerNode(2)
        .beaconNodeFaults(faults.stream().map(f -> BeaconNodeFault.parse(f, "--bn-fault")).toList())
        .build(), new PrintWriter(out, true));
    simnet.start();
    return simnet;
  }

  private static EndpointStatus endpoint(Simnet simnet, int node, int bn) {
    return simnet.node(node).beaconNodeHealth().endpoints().get(bn);
  }

  private static void awaitSlot(Simnet simnet, long slot) throws InterruptedException {
    while (simnet.clock().currentSlot() < slot) {
      Thread.sleep(20);
    }
  }

  /**
   * Node 0's primary is killed mid-epoch and comes back; node 1's primary syncs, then is
   * optimistic; node 2's primary turns slower than the deadline; node 3's primary sends wrong-slot
   * data, then malformed JSON. Every node's reads move within the slot of the fault, no duty is
   * lost after it, and node 0 goes back to its primary once it is ready.
   */
  @Test
  void readsMoveWithinTheSlotAndNoDutyIsLost() throws Exception {
    StringWriter out = new StringWriter();
    // Mid-epoch 2: epochs 0 and 1 leave a loaded machine time to elect a Raft leader first.
    long fault = 2 * SLOTS_PER_EPOCH + 1;
    try (Simnet simnet = start(6, List.of(
        "0:0:down@" + fault + "-" + (fault + 7),
        "1:0:syncing@" + fault + "-" + (fault + 5), "1:0:optimistic@" + (fault + 6),
        "2:0:slow=900@" + fault,
        "3:0:wrong-data@" + fault + "-" + (fault + 1), "3:0:malformed@" + (fault + 6) + "-" + (fault + 7)), out)) {
      awaitSlot(simnet, fault + 2);
      long node1PrimaryRequests = endpoint(simnet, 1, 0).requests();
      simnet.awaitEnd();
      simnet.finish();
      String log = out.toString();

      Summary faultEpoch = simnet.chain().summary(2);
      long perSlot = faultEpoch.attester().expected() / SLOTS_PER_EPOCH + 1;
      assertTrue(faultEpoch.attester().succeeded() >= faultEpoch.attester().expected() - perSlot,
          "at most the slot of the faults lost: " + faultEpoch.attester() + "\n" + log);
      for (long e = 3; e <= 5; e++) {
        assertComplete("attester", e, simnet.chain().summary(e).attester(), log);
        assertComplete("aggregator", e, simnet.chain().summary(e).aggregator(), log);
      }
      List<Double> failover = simnet.failoverMillis();
      assertTrue(failover.size() >= 4, "each faulty primary lost the reads: " + failover + "\n" + log);
      // Within the slot of the fault: the killed and the wrong-data primary at their first read, the
      // syncing and the slow one at their next readiness check or read. A loaded machine gets a slot more.
      double median = failover.stream().sorted().toList().get(failover.size() / 2);
      assertTrue(median < SLOT.toMillis(), "reads moved within the slot of the fault: " + failover + "\n" + log);
      for (double ms : failover) {
        assertTrue(ms < 2 * SLOT.toMillis(), "reads moved by the next slot: " + failover + "\n" + log);
      }
      assertTrue(endpoint(simnet, 0, 0).servingReads() && endpoint(simnet, 0, 0).ready(),
          "node 0 back on its primary once ready\n" + log);
      assertEquals("optimistic", endpoint(simnet, 1, 0).state());
      assertEquals(node1PrimaryRequests, endpoint(simnet, 1, 0).requests(),
          "no request to a syncing or optimistic beacon node\n" + log);
      assertEquals("slow", endpoint(simnet, 2, 0).state());
      assertFalse(endpoint(simnet, 2, 0).servingReads(), "the slow beacon node is demoted");
      assertTrue(endpoint(simnet, 3, 0).errors() >= 2, "wrong data and malformed answers count as errors: "
          + endpoint(simnet, 3, 0));
      assertTrue(endpoint(simnet, 3, 0).servingReads(), "node 3 back on its primary once it answers well\n" + log);
      assertTrue(log.contains("wrong data: attestation data for slot"), log);
      assertEquals(0, simnet.chain().summary().slashable());
    }
  }

  // Every beacon node of one node down (no failover can help): MonitoringTest's beacon-node step.
}
