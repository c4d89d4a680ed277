package io.phalanx.cli;

import io.phalanx.sim.BeaconNodeFault;
import io.phalanx.sim.NodeEvent;
import io.phalanx.sim.Simnet;
import io.phalanx.sim.SimnetOptions;
import io.phalanx.sim.vc.CallPatterns;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A plain {@code phalanx simnet} run (without {@code --compare-solo}, which {@link CompareMode}
 * runs): builds the simnet from the command's options and runs it until its epochs are over or
 * Ctrl-C.
 *
 * <p>Why not in {@link SimnetCommand}: picocli builds the whole command tree for every command,
 * {@code phalanx run} included, and reflects on each command's fields and methods (lambdas too);
 * a simulator type in any of their signatures would make every command load the simulator. Here,
 * only a simnet run does.
 */
final class SimnetRun {
  private SimnetRun() {}

  /** @return the exit code */
  static int run(SimnetCommand c, int threshold, Duration slot, PrintWriter out) throws Exception {
    SimnetOptions options = SimnetOptions.builder(c.nodes, threshold, c.validators, slot, c.slotsPerEpoch)
        .epochs(c.epochs == null ? OptionalLong.empty() : OptionalLong.of(c.epochs))
        .stops(c.stopNode.stream().map(s -> NodeEvent.parse(s, "--stop-node")).toList())
        .starts(c.startNode.stream().map(s -> NodeEvent.parse(s, "--start-node")).toList())
        .json(Optional.ofNullable(c.json))
        .record(Optional.ofNullable(c.record))
        .beaconNodesPerNode(c.beaconNodesPerNode)
        .beaconNodeFaults(c.bnFault.stream().map(s -> BeaconNodeFault.parse(s, "--bn-fault")).toList())
        .extraValidatorClients(c.extraVc)
        .proposals(c.proposals.config())
        .fuluForkEpoch(c.fuluForkEpoch)
        .build();
    Simnet simnet = new Simnet(options, out)
        .withCallPatterns(CallPatterns.parse(c.vcPattern).checkNodes(c.nodes))
        .withBlobsPerBlock(c.blobsPerBlock);
    for (String e : c.exit) {
      long[] validatorAndEpoch = SimnetCommand.exitRequest(e, c.validators);
      simnet.requestExit(validatorAndEpoch[0], validatorAndEpoch[1]);
    }
    Thread stopper = new Thread(() -> {
      out.println("stopping ...");
      out.flush();
      finishQuietly(simnet);
    }, "simnet-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      simnet.start();
      simnet.awaitEnd();
      finishQuietly(simnet);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs now and finishes the run
      }
    }
    return 0;
  }

  private static void finishQuietly(Simnet simnet) {
    synchronized (simnet) {
      try {
        simnet.finish();
      } catch (Exception e) {
        System.err.println("error: could not write the summary: " + e.getMessage());
      } finally {
        simnet.close();
      }
    }
  }
}
