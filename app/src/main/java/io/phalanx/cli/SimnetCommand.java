package io.phalanx.cli;

import io.phalanx.cluster.dealer.ClusterSpec;
import io.phalanx.sim.chain.SimulatedChain;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phalanx simnet}: a whole DV cluster in one process against a simulated chain. */
@Command(
    name = "simnet",
    header = "Run a whole cluster in one process against a simulated chain.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run a whole distributed-validator cluster in one process against a simulated beacon chain:",
      "simulated beacon nodes (two per Phalanx node by default, over one chain), N Phalanx nodes on",
      "127.0.0.1 (Raft, partial-signature exchange and validator API on real sockets) and one simulated",
      "validator client per node in distributed mode (--extra-vc adds a second one with the same shares).",
      "Prints one line per epoch: attestation and aggregation duties done/expected (failed), the",
      "cluster's decision latency and which node leads Raft. Ctrl-C stops it cleanly.",
      "Sync committee: validators 0-3 are members in every slot; their messages and contributions are",
      "counted per epoch too (sync msg, sync contrib).",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  phalanx simnet",
      "  phalanx simnet --epochs 4 --stop-node 1@10 --start-node 1@26 \\",
      "      --json summary.json --record run.jsonl",
      "  phalanx simnet --epochs 4 --bn-fault 0:0:down@12-19 --bn-fault 1:0:slow=600@20",
      "  phalanx simnet --epochs 4 --extra-vc 0 --record run.jsonl",
      "  phalanx simnet --epochs 3 --vc-pattern 0=teku,1=lighthouse,2=nimbus,3=prysm",
      "  phalanx simnet --compare-solo --faults node-down --report ./report",
      "  phalanx simnet --compare-solo --json result.json \\",
      "      --faults 'crash:1@e1-e2; latency:0,1|2,3@e2-e4=150ms'",
      "",
      "Fault schedule (--faults): a scenario name (node-down, primary-bn-lost,",
      "partition-2-2, cross-region-150ms, clock-skew), a file with one fault per",
      "line, or faults separated by ';', each kind:target@from[-until][=amount]:",
      "  crash:1@e1-e2            node 1's machine down for epoch 1 (solo's too)",
      "  bn-down:0@8-16           node 0's beacon node answers 503 (solo's too)",
      "  bn-slow:0@8-16=800ms     node 0's beacon node answers late (solo's too)",
      "  partition:0,1|2,3@e1-e2  links between {0,1} and {2,3} cut;",
      "                           partition:2@... cuts node 2 off from all",
      "  latency:0,1|2,3@e1-e3=150ms  150 ms more round trip between the sides",
      "  skew:2@e1-e3=-1500ms     node 2's clock and its client's 1.5 s behind",
      "                           (solo's too)",
      "from/until: a slot or eN (epoch N's first slot), counted from the first",
      "epoch in which the cluster attests on time; no until: to the end."
    })
public final class SimnetCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--nodes", defaultValue = "4", description = "Phalanx nodes (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--threshold", description = "Shares needed to sign (default: ceil(2N/3)).")
  Integer threshold;

  @Option(names = "--validators", defaultValue = "8", description = "Distributed validators (default: ${DEFAULT-VALUE}).")
  int validators;

  @Option(names = "--slot-seconds", defaultValue = "2", paramLabel = "SECONDS",
      description = "Slot length, may be fractional, at least 0.2 (default: ${DEFAULT-VALUE}).")
  BigDecimal slotSeconds;

  @Option(names = "--slots-per-epoch", defaultValue = "8", description = "Slots per epoch (default: ${DEFAULT-VALUE}).")
  int slotsPerEpoch;

  @Option(names = "--epochs", description = "Stop after this many epochs and print the totals (default: run until Ctrl-C).")
  Long epochs;

  @Option(names = "--stop-node", paramLabel = "NODE@SLOT",
      description = "Stop node NODE (from 0) at the start of SLOT; repeatable. SLOT 0: never started.")
  List<String> stopNode = new ArrayList<>();

  @Option(names = "--start-node", paramLabel = "NODE@SLOT", description = "Start a stopped node again at SLOT; repeatable.")
  List<String> startNode = new ArrayList<>();

  @Option(names = "--json", paramLabel = "FILE", description = "Write a summary of the run as JSON at the end.")
  Path json;

  @Option(names = "--compare-solo",
      description = "Run a solo validator (one validator client with whole keys, its own beacon node, no Phalanx) "
          + "beside the cluster under the same faults and report both side by side: JSON (--json), an HTML report "
          + "and PNG charts (--report).")
  boolean compareSolo;

  @Option(names = "--faults", paramLabel = "SCHEDULE",
      description = "With --compare-solo: the fault schedule, as a scenario name, a file or inline (see below).")
  String faults;

  @Option(names = "--report", paramLabel = "DIR",
      description = "With --compare-solo: where the HTML report and PNG charts go (default: the current folder).")
  Path report;

  @Option(names = "--record", paramLabel = "FILE",
      description = "Write every signed message the simulated chain accepted as JSON lines (first line: the chain).")
  Path record;

  @Option(names = "--beacon-nodes-per-node", defaultValue = "2", paramLabel = "N",
      description = "Simulated beacon nodes per Phalanx node, all over the one chain (default: ${DEFAULT-VALUE}).")
  int beaconNodesPerNode;

  @Option(names = "--bn-fault", paramLabel = "NODE:BN:KIND@SLOT[-SLOT]",
      description = {"Put beacon node BN (from 0) of node NODE into a fault from the start of SLOT to the end of the",
          "second SLOT (or for good); repeatable. KIND: down, syncing, optimistic, slow=<ms>, stale-head,",
          "errors (5xx), wrong-data (another slot's data), malformed (not JSON). Each switch of a node's reads",
          "to another beacon node is printed with its reason and the time from the fault."})
  List<String> bnFault = new ArrayList<>();

  @Option(names = "--extra-vc", paramLabel = "NODE",
      description = {"Give node NODE (from 0) one more simulated validator client with the same key shares, on a",
          "connection of its own, as operators run redundant clients (active/active); repeatable. The node",
          "serves both the same decided data and counts their identical partial signatures once."})
  List<Integer> extraVc = new ArrayList<>();

  @Option(names = "--fulu-fork-epoch", paramLabel = "EPOCH", defaultValue = "0",
      description = {"The epoch the simulated chain forks from Electra to Fulu (default: ${DEFAULT-VALUE}, Fulu from",
          "genesis). Later: the chain starts at Electra, serves the schedule in /eth/v1/config/spec, and nodes and",
          "validator clients switch fork versions and Eth-Consensus-Version at that epoch, as on a real network."})
  long fuluForkEpoch;

  @Option(names = "--exit", paramLabel = "VALIDATOR@EPOCH",
      description = {"Exit validator VALIDATOR (its index on the simulated chain, from 0) with a voluntary exit for",
          "EPOCH: each validator client signs it with its share at that epoch's start and posts it to its node,",
          "which combines T partials and publishes the exit; repeatable. Exited validators keep their duties in",
          "the simulation."})
  List<String> exit = new ArrayList<>();

  @Option(names = "--vc-pattern", paramLabel = "NAME|NODE=NAME,...",
      description = {"How the simulated validator clients call their nodes, modelled on a major client in",
          "distributed mode: one preset for all, or per node (e.g. 0=teku,1=lighthouse; others: default).",
          "Presets: default (selections per slot, aggregates batched, full blocks, JSON);",
          "lighthouse (per slot, batched, blinded blocks, SSZ bodies); teku (selections for this and the",
          "next epoch at its start, one aggregate request per validator, full blocks, SSZ); lodestar (per",
          "slot, batched, blinded, JSON); prysm (per slot, per validator, blinded, JSON); nimbus (ahead,",
          "per validator, full blocks, JSON). Default: ${DEFAULT-VALUE}."},
      defaultValue = "default")
  String vcPattern = "default";

  @Option(names = "--blobs-per-block", paramLabel = "N",
      description = {"Blobs in every full block the simulated beacon nodes build, with their commitments and",
          "proofs (made-up bytes of a real blob's size, 128 KiB each): the cluster agrees on each block with its",
          "blobs and must publish all of them. 0 to " + SimulatedChain.MAX_BLOBS_PER_BLOCK
              + "; default: ${DEFAULT-VALUE}."},
      defaultValue = "0")
  int blobsPerBlock;

  @CommandLine.Mixin ProposalOptions proposals = new ProposalOptions();

  @CommandLine.Mixin LogOptions logs = new LogOptions();

  @Override
  public Integer call() throws Exception {
    logs.apply();
    PrintWriter out = spec.commandLine().getOut();
    int t = threshold == null ? ClusterSpec.defaultThreshold(nodes) : threshold;
    if (epochs != null && epochs < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--epochs must be at least 1, got " + epochs);
    }
    Duration slot = Duration.ofMillis(slotSeconds.multiply(BigDecimal.valueOf(1000)).longValue());
    if (compareSolo && !extraVc.isEmpty()) {
      throw new IllegalArgumentException("--extra-vc goes with a plain run, not with --compare-solo: drop one of them");
    }
    if (compareSolo && fuluForkEpoch != 0) {
      throw new IllegalArgumentException("--fulu-fork-epoch goes with a plain run, not with --compare-solo: drop one of them");
    }
    if (compareSolo && !"default".equals(vcPattern)) {
      throw new IllegalArgumentException("--vc-pattern goes with a plain run, not with --compare-solo: drop one of them");
    }
    if (compareSolo) {
      return CompareMode.run(spec, nodes, t, validators, slot, slotsPerEpoch, epochs, faults, json, report, record,
          !stopNode.isEmpty() || !startNode.isEmpty());
    }
    if (faults != null || report != null) {
      throw new IllegalArgumentException("--faults and --report go with --compare-solo: add it, or use --stop-node and "
          + "--start-node for a plain run");
    }
    return SimnetRun.run(this, t, slot, out);
  }

  /** {@code VALIDATOR@EPOCH} of {@code --exit}. */
  static long[] exitRequest(String text, int validators) {
    String[] parts = text.split("@", -1);
    try {
      if (parts.length == 2) {
        long validator = Long.parseLong(parts[0].trim());
        long epoch = Long.parseLong(parts[1].trim());
        if (validator < 0 || validator >= validators || epoch < 0) {
          throw new IllegalArgumentException("--exit " + text + ": validator must be from 0 to " + (validators - 1)
              + " and the epoch not negative");
        }
        return new long[] {validator, epoch};
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new IllegalArgumentException("--exit " + text + ": expected VALIDATOR@EPOCH, e.g. --exit 3@2");
  }
}
