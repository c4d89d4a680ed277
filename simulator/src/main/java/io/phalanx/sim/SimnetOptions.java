package io.phalanx.sim;

import io.phalanx.duties.ProposalDuty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a {@link Simnet} runs, made with {@link #builder}. {@code epochs} empty: until stopped.
 * {@code extraValidatorClients}: each entry a node that gets one more validator client with the
 * same shares (active/active redundancy). {@code fuluForkEpoch}: the chain starts at Electra and
 * forks to Fulu then (0: Fulu from genesis). The checks name the {@code phalanx simnet} flags, as
 * the command's options arrive here unchanged.
 */
public record SimnetOptions(
    int nodes,
    int threshold,
    int validators,
    Duration slotDuration,
    int slotsPerEpoch,
    OptionalLong epochs,
    List<NodeEvent> stops,
    List<NodeEvent> starts,
    Optional<Path> json,
    Optional<Path> record,
    int beaconNodesPerNode,
    List<BeaconNodeFault> beaconNodeFaults,
    List<Integer> extraValidatorClients,
    ProposalDuty.Config proposals,
    long fuluForkEpoch) {
  public SimnetOptions {
    Objects.requireNonNull(proposals, "proposals");
    stops = List.copyOf(stops);
    starts = List.copyOf(starts);
    beaconNodeFaults = List.copyOf(beaconNodeFaults);
    extraValidatorClients = List.copyOf(extraValidatorClients);
    for (int node : extraValidatorClients) {
      if (node < 0 || node >= nodes) {
        throw new IllegalArgumentException(
            "--extra-vc " + node + ": no such node (nodes are 0 to " + (nodes - 1) + ")");
      }
    }
    if (beaconNodesPerNode < 1 || beaconNodesPerNode > 8) {
      throw new IllegalArgumentException("--beacon-nodes-per-node must be from 1 to 8, got " + beaconNodesPerNode);
    }
    for (BeaconNodeFault f : beaconNodeFaults) {
      if (f.node() >= nodes || f.bn() >= beaconNodesPerNode) {
        throw new IllegalArgumentException("--bn-fault " + f + ": no beacon node " + f.bn() + " of node " + f.node()
            + " (nodes 0 to " + (nodes - 1) + ", beacon nodes 0 to " + (beaconNodesPerNode - 1) + " each)");
      }
    }
    if (nodes < 1 || threshold < 1 || threshold > nodes) {
      throw new IllegalArgumentException("--threshold must be between 1 and --nodes (" + nodes + "), got " + threshold);
    }
    if (fuluForkEpoch < 0) {
      throw new IllegalArgumentException("--fulu-fork-epoch must not be negative, got " + fuluForkEpoch);
    }
    if (validators < 1) {
      throw new IllegalArgumentException("--validators must be at least 1, got " + validators);
    }
    if (slotDuration.toMillis() < 200) {
      throw new IllegalArgumentException("--slot-seconds must be at least 0.2, got " + slotDuration.toMillis() / 1000.0);
    }
    if (slotsPerEpoch < 1) {
      throw new IllegalArgumentException("--slots-per-epoch must be at least 1, got " + slotsPerEpoch);
    }
    for (NodeEvent e : concat(stops, starts)) {
      if (e.node() >= nodes) {
        throw new IllegalArgumentException("node " + e.node() + " does not exist: nodes are 0 to " + (nodes - 1));
      }
    }
  }

  /**
   * The one way to make options: a run of {@code nodes} nodes and {@code validators} validators
   * that, unless the builder is told otherwise, runs until stopped, stops and starts no node,
   * writes no {@code --json} or {@code --record} file, gives each node {@link
   * Simnet#DEFAULT_BEACON_NODES_PER_NODE} beacon nodes without faults and one validator client,
   * proposes with {@link ProposalDuty.Config#DEFAULT} and is at Fulu from genesis. {@link
   * Builder#build} checks the whole at once.
   */
  public static Builder builder(int nodes, int threshold, int validators, Duration slotDuration, int slotsPerEpoch) {
    return new Builder(nodes, threshold, validators, slotDuration, slotsPerEpoch);
  }

  private static List<NodeEvent> concat(List<NodeEvent> a, List<NodeEvent> b) {
    List<NodeEvent> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Collects the options, one setter per component of {@link SimnetOptions}; checks nothing until {@link #build}. */
  public static final class Builder {
    private final int nodes;
    private final int threshold;
    private final int validators;
    private final Duration slotDuration;
    private final int slotsPerEpoch;
    private OptionalLong epochs = OptionalLong.empty();
    private List<NodeEvent> stops = List.of();
    private List<NodeEvent> starts = List.of();
    private Optional<Path> json = Optional.empty();
    private Optional<Path> record = Optional.empty();
    private int beaconNodesPerNode = Simnet.DEFAULT_BEACON_NODES_PER_NODE;
    private List<BeaconNodeFault> beaconNodeFaults = List.of();
    private List<Integer> extraValidatorClients = List.of();
    private ProposalDuty.Config proposals = ProposalDuty.Config.DEFAULT;
    private long fuluForkEpoch;

    private Builder(int nodes, int threshold, int validators, Duration slotDuration, int slotsPerEpoch) {
      this.nodes = nodes;
      this.threshold = threshold;
      this.validators = validators;
      this.slotDuration = slotDuration;
      this.slotsPerEpoch = slotsPerEpoch;
    }

    public Builder epochs(OptionalLong value) {
      this.epochs = value;
      return this;
    }

    public Builder stops(List<NodeEvent> value) {
      this.stops = value;
      return this;
    }

    public Builder starts(List<NodeEvent> value) {
      this.starts = value;
      return this;
    }

    public Builder json(Optional<Path> value) {
      this.json = value;
      return this;
    }

    public Builder record(Optional<Path> value) {
      this.record = value;
      return this;
    }

    public Builder beaconNodesPerNode(int value) {
      this.beaconNodesPerNode = value;
      return this;
    }

    public Builder beaconNodeFaults(List<BeaconNodeFault> value) {
      this.beaconNodeFaults = value;
      return this;
    }

    public Builder extraValidatorClients(List<Integer> value) {
      this.extraValidatorClients = value;
      return this;
    }

    public Builder proposals(ProposalDuty.Config value) {
      this.proposals = value;
      return this;
    }

    public Builder fuluForkEpoch(long value) {
      this.fuluForkEpoch = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException for options that do not fit together, in the words of the
     *     command's flags
     */
    public SimnetOptions build() {
      return new SimnetOptions(nodes, threshold, validators, slotDuration, slotsPerEpoch, epochs, stops, starts, json,
          record, beaconNodesPerNode, beaconNodeFaults, extraValidatorClients, proposals, fuluForkEpoch);
    }
  }
}
