package io.phalanx.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.cluster.files.SafeFiles;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.duties.LatencyRecorder;
import io.phalanx.node.runtime.NodeData;
import io.phalanx.node.runtime.PhalanxNode;
import io.phalanx.sim.chain.DutyTally;
import io.phalanx.sim.chain.JsonLinesRecorder;
import io.phalanx.sim.chain.RecordSink;
import io.phalanx.sim.chain.RecordingHeader;
import io.phalanx.sim.chain.SimulatedBeaconNode;
import io.phalanx.sim.chain.SimulatedChain;
import io.phalanx.sim.chain.SimulatedChainConfig;
import io.phalanx.sim.chain.Summary;
import io.phalanx.sim.vc.SimulatedValidatorClient;
import io.phalanx.sim.vc.TaskScheduler;
import io.phalanx.spec.time.SlotClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole DV cluster in one process against a simulated chain: a simulated beacon node, N Phalanx
 * nodes on real sockets on 127.0.0.1 (Raft, the exchange and the validator API each on a port of
 * their own) and one simulated validator client per node (or more, with the same shares, as
 * operators run redundant clients), talking to its node over HTTP exactly as a real one does.
 * Prints one line per epoch and can stop and start nodes on a schedule.
 */
public final class Simnet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Simnet.class);
  private static final Duration GENESIS_LEAD = Duration.ofSeconds(4);
  private static final Duration ELECTION_TIMEOUT_MIN = Duration.ofMillis(600);
  /** Simulated beacon nodes per Phalanx node unless told otherwise. */
  public static final int DEFAULT_BEACON_NODES_PER_NODE = 2;

  /**
   * What to run. {@code epochs} empty: until stopped. {@code extraValidatorClients}: each entry a
   * node that gets one more validator client with the same shares (active/active redundancy).
   */
  public record Options(
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
      io.phalanx.duties.ProposalDuty.Config proposals,
      long fuluForkEpoch) {
    /** A chain at Fulu from genesis, blocks with the validator clients' graffiti and builder boost factor. */
    public Options(int nodes, int threshold, int validators, Duration slotDuration, int slotsPerEpoch,
        OptionalLong epochs, List<NodeEvent> stops, List<NodeEvent> starts, Optional<Path> json,
        Optional<Path> record, int beaconNodesPerNode, List<BeaconNodeFault> beaconNodeFaults,
        List<Integer> extraValidatorClients) {
      this(nodes, threshold, validators, slotDuration, slotsPerEpoch, epochs, stops, starts, json, record,
          beaconNodesPerNode, beaconNodeFaults, extraValidatorClients, io.phalanx.duties.ProposalDuty.Config.DEFAULT,
          0);
    }

    /** A chain at Fulu from genesis. */
    public Options(int nodes, int threshold, int validators, Duration slotDuration, int slotsPerEpoch,
        OptionalLong epochs, List<NodeEvent> stops, List<NodeEvent> starts, Optional<Path> json,
        Optional<Path> record, int beaconNodesPerNode, List<BeaconNodeFault> beaconNodeFaults,
        List<Integer> extraValidatorClients, io.phalanx.duties.ProposalDuty.Config proposals) {
      this(nodes, threshold, validators, slotDuration, slotsPerEpoch, epochs, stops, starts, json, record,
          beaconNodesPerNode, beaconNodeFaults, extraValidatorClients, proposals, 0);
    }

    /** The same run on a chain that starts at Electra and forks to Fulu at {@code epoch} (0: Fulu from genesis). */
    public Options withFuluForkEpoch(long epoch) {
      return new Options(nodes, threshold, validators, slotDuration, slotsPerEpoch, epochs, stops, starts, json,
          record, beaconNodesPerNode, beaconNodeFaults, extraValidatorClients, proposals, epoch);
    }

    /** Each node against two simulated beacon nodes, none faulty. */
    public Options(int nodes, int threshold, int validators, Duration slotDuration, int slotsPerEpoch,
        OptionalLong epochs, List<NodeEvent> stops, List<NodeEvent> starts, Optional<Path> json,
        Optional<Path> record) {
      this(nodes, threshold, validators, slotDuration, slotsPerEpoch, epochs, stops, starts, json, record,
          DEFAULT_BEACON_NODES_PER_NODE, List.of());
    }

    /** One validator client per node. */
    public Options(int nodes, int threshold, int validators, Duration slotDuration, int slotsPerEpoch,
        OptionalLong epochs, List<NodeEvent> stops, List<NodeEvent> starts, Optional<Path> json,
        Optional<Path> record, int beaconNodesPerNode, List<BeaconNodeFault> beaconNodeFaults) {
      this(nodes, threshold, validators, slotDuration, slotsPerEpoch, epochs, stops, starts, json, record,
          beaconNodesPerNode, beaconNodeFaults, List.of());
    }

    public Options {
      java.util.Objects.requireNonNull(proposals, "proposals");
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

    private static List<NodeEvent> concat(List<NodeEvent> a, List<NodeEvent> b) {
      List<NodeEvent> all = new ArrayList<>(a);
      all.addAll(b);
      return all;
    }
  }

  /**
   * How each node sees the world, for experiments that put something between the parts (a relay
   * on each link between nodes, a proxy before a beacon node, a skewed clock). The defaults wire
   * the parts straight to each other on the system clock.
   */
  public interface Wiring {
    Wiring DIRECT = new Wiring() {};

    /** Called once the chain is made, before any node starts. */
    default void chainCreated(SimulatedChainConfig chain) {}

    /** Also receives every signed message the chain accepts. */
    default RecordSink chainSink() {
      return RecordSink.NONE;
    }

    /** The beacon node {@code node} talks to, given the chain's. */
    default java.net.URI beaconNodeOf(int node, java.net.URI beaconNode) {
      return beaconNode;
    }

    /** The peer addresses {@code node} dials, given every node's Raft address (exchange on the next port). */
    default List<InetSocketAddress> peersSeenBy(int node, List<InetSocketAddress> peers) {
      return peers;
    }

    /** The clock of {@code node} and of its validator client. */
    default Clock clockOf(int node) {
      return Clock.systemUTC();
    }

    /** Called for each simulated beacon node once it listens, before any Phalanx node talks to it. */
    default void beaconNodeStarted(int node, int bn, SimulatedBeaconNode beaconNode) {}

    /** Called for each Phalanx node once it runs (again after a restart), before its validator clients start. */
    default void nodeStarted(int node, PhalanxNode phalanxNode) {}

    /** What validator client {@code client} (from 0) of {@code node} talks to, given its own connection. */
    default io.phalanx.api.BeaconNode validatorApiSeenBy(int node, int client, io.phalanx.api.BeaconNode validatorApi) {
      return validatorApi;
    }
  }

  /** One epoch's line of the table, also kept for the summary. */
  public record EpochReport(long epoch, DutyTally attester, DutyTally aggregator, double decisionP50, double decisionP99,
      OptionalInt leader, DutyTally proposer, DutyTally syncMessage, DutyTally syncContribution) {}

  private final Options options;
  private final Wiring wiring;
  private final PrintWriter out;
  private final Path workDir;
  private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(4, r -> {
    Thread t = new Thread(r, "simnet");
    t.setDaemon(true);
    return t;
  });
  private final List<PhalanxNode> nodes = new ArrayList<>();
  private final List<PhalanxNode.Config> nodeConfigs = new ArrayList<>();
  private final List<SimulatedValidatorClient> clients = new ArrayList<>();
  /** Each node's validator clients: one, and more with {@code extraValidatorClients}. */
  private final Map<Integer, List<SimulatedValidatorClient>> clientsByNode = new TreeMap<>();
  private final List<HttpBeaconNode> clientConnections = new ArrayList<>();
  private final List<Long> latencyMarks = new ArrayList<>();
  private final List<EpochReport> reports = new ArrayList<>();
  private final Map<Long, Long> exitRequests = new TreeMap<>();
  /** The chain's summary of each reported epoch, with the exits and registrations. */
  private final Map<Long, Summary> chainSummaries = new TreeMap<>();
  private final List<LatencyRecorder> stoppedRecorders = new ArrayList<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private SimCluster cluster;
  /** How each node's validator clients call it ({@code simnet --vc-pattern}). */
  private io.phalanx.sim.vc.CallPatterns callPatterns = io.phalanx.sim.vc.CallPatterns.DEFAULT;
  private int blobsPerBlock;
  private SimulatedBeaconNode beaconNode;
  private SimulatedChain chain;
  /** Each Phalanx node's simulated beacon nodes, over the one chain. */
  private final List<List<SimulatedBeaconNode>> beaconNodes = new ArrayList<>();
  private final BeaconNodeDrill drill;
  private JsonLinesRecorder recorder;
  private SlotClock clock;
  private boolean closed;

  public Simnet(Options options, PrintWriter out) throws IOException {
    this(options, out, Wiring.DIRECT);
  }

  public Simnet(Options options, PrintWriter out, Wiring wiring) throws IOException {
    this.options = options;
    this.wiring = wiring;
    this.out = out;
    this.workDir = Files.createTempDirectory("phalanx-simnet-");
    this.drill = new BeaconNodeDrill(out);
  }

  /** Sets how each node's validator clients call it; before {@link #start()}. */
  public Simnet withCallPatterns(io.phalanx.sim.vc.CallPatterns patterns) {
    this.callPatterns = java.util.Objects.requireNonNull(patterns, "patterns");
    return this;
  }

  /**
   * Blobs in every full block the simulated beacon nodes build (0, the default, for none); see
   * {@link SimulatedChain#withBlobsPerBlock}. Set before {@link #start}.
   */
  public Simnet withBlobsPerBlock(int blobs) {
    this.blobsPerBlock = SimulatedChain.checkBlobsPerBlock(blobs);
    return this;
  }

  /** Starts everything; returns once the nodes and clients run. */
  public void start() throws IOException, InterruptedException {
    int n = options.nodes();
    List<Integer> p2pPorts = new ArrayList<>();
    List<Integer> apiPorts = new ArrayList<>();
    List<Integer> monitoringPorts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      p2pPorts.add(LoopbackPorts.freePair());
      apiPorts.add(LoopbackPorts.free());
      monitoringPorts.add(LoopbackPorts.free());
    }
    cluster = SimCluster.create(n, options.threshold(), options.validators(), p2pPorts, new SecureRandom());
    Instant genesis = Instant.ofEpochSecond(Instant.now().plus(GENESIS_LEAD).getEpochSecond() + 1);
    List<io.phalanx.spec.bls.BlsPublicKey> groupKeys =
        cluster.lock().validators().stream().map(DistributedValidator::groupPublicKey).toList();
    SimulatedChainConfig chainConfig = new SimulatedChainConfig(groupKeys, genesis, options.slotDuration(),
        options.slotsPerEpoch(), cluster.network().genesisValidatorsRoot(), cluster.network().genesisForkVersion(),
        Clock.systemUTC(), wiring.chainSink()).withFuluForkEpoch(options.fuluForkEpoch());
    if (options.record().isPresent()) {
      recorder = JsonLinesRecorder.create(options.record().get(), RecordingHeader.of(chainConfig));
      RecordSink extra = wiring.chainSink();
      chainConfig = chainConfig.withSink(message -> {
        recorder.record(message);
        extra.record(message);
      });
    }
    wiring.chainCreated(chainConfig);
    chain = new SimulatedChain(chainConfig).withBlobsPerBlock(blobsPerBlock);
    for (int i = 0; i < n; i++) {
      List<SimulatedBeaconNode> own = new ArrayList<>();
      for (int j = 0; j < options.beaconNodesPerNode(); j++) {
        own.add(new SimulatedBeaconNode(chain).start(portOutside(p2pPorts, apiPorts)));
        wiring.beaconNodeStarted(i, j, own.getLast());
      }
      beaconNodes.add(own);
    }
    beaconNode = beaconNodes.get(0).get(0);
    clock = new SlotClock(genesis, options.slotDuration(), options.slotsPerEpoch(), Clock.systemUTC());

    List<InetSocketAddress> peers = p2pPorts.stream().map(p -> new InetSocketAddress("127.0.0.1", p)).toList();
    for (int i = 0; i < n; i++) {
      NodeData data = NodeData.forLock(cluster.lock(), cluster.identities().get(i), workDir.resolve("node" + i));
      // Every node of a simulation shares two cores: election timeouts a few times the LAN default
      // keep a busy machine (JIT compilation at start, TLS handshakes) from unseating leaders.
      List<java.net.URI> urls = new ArrayList<>(beaconNodes.get(i).stream().map(SimulatedBeaconNode::url).toList());
      for (int j = 0; j < urls.size(); j++) {
        drill.name(urls.get(j), i, j);
      }
      // A wiring's beacon-node faults (simnet --compare-solo) hit the node's primary beacon node;
      // the others stay its failover.
      urls.set(0, wiring.beaconNodeOf(i, urls.get(0)));
      nodeConfigs.add(new PhalanxNode.Config(data, urls, List.of(), new InetSocketAddress("127.0.0.1", apiPorts.get(i)),
          peers.get(i), wiring.peersSeenBy(i, peers), ELECTION_TIMEOUT_MIN, ELECTION_TIMEOUT_MIN.multipliedBy(2),
          options.slotDuration().multipliedBy(2), "simnet",
          io.phalanx.api.failover.FailoverBeaconNode.AttestationDataStrategy.FIRST,
          Optional.of(new InetSocketAddress("127.0.0.1", monitoringPorts.get(i))), wiring.clockOf(i))
          .withProposals(options.proposals()));
    }
    // Nodes start in parallel, as separate machines would.
    List<java.util.concurrent.CompletableFuture<PhalanxNode>> starting = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int node = i;
      boolean downAtStart = options.stops().stream().anyMatch(e -> e.slot() == 0 && e.node() == node);
      starting.add(downAtStart ? java.util.concurrent.CompletableFuture.completedFuture(null)
          : java.util.concurrent.CompletableFuture.supplyAsync(() -> startOrFail(nodeConfigs.get(node)), executor));
      latencyMarks.add(0L);
    }
    for (var f : starting) {
      try {
        nodes.add(f.join());
        drill.watch(nodes.size() - 1, nodes.getLast());
        if (nodes.getLast() != null) {
          wiring.nodeStarted(nodes.size() - 1, nodes.getLast());
        }
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    for (int i = 0; i < n; i++) {
      startClient(i, apiPorts.get(i));
    }
    for (int node : options.extraValidatorClients()) {
      startClient(node, apiPorts.get(node));
    }
    for (NodeEvent stop : options.stops()) {
      if (stop.slot() > 0) {
        at(clock.slotStart(stop.slot()), () -> stopNode(stop.node()));
      }
    }
    for (NodeEvent start : options.starts()) {
      at(clock.slotStart(start.slot()), () -> startNode(start.node()));
    }
    for (BeaconNodeFault f : options.beaconNodeFaults()) {
      at(clock.slotStart(f.from()), () -> setFault(f, true));
      if (f.to().isPresent()) {
        at(clock.slotStart(f.to().getAsLong() + 1), () -> setFault(f, false));
      }
    }
    out.printf("simnet: %d nodes (threshold %d), %d validators, %d ms slots, %d slots per epoch; genesis at %s%n",
        n, options.threshold(), options.validators(), options.slotDuration().toMillis(), options.slotsPerEpoch(),
        genesis);
    if (!callPatterns.equals(io.phalanx.sim.vc.CallPatterns.DEFAULT)) {
      out.println("validator clients call their nodes as: " + callPatterns.describe(n));
    }
    clientsByNode.forEach((node, own) -> {
      if (own.size() > 1) {
        out.printf("node %d: %d validator clients with the same shares%n", node, own.size());
      }
    });
    for (int i = 0; i < n; i++) {
      out.println("node " + i + " beacon nodes: " + beaconNodes.get(i).stream().map(b -> b.url().toString())
          .reduce((a, b) -> a + "," + b).orElse(""));
      out.printf("node %d: metrics http://127.0.0.1:%d/metrics, readiness http://127.0.0.1:%d/readyz%n", i,
          monitoringPorts.get(i), monitoringPorts.get(i));
    }
    out.println("forks: " + chain.forks());
    out.println("epoch  attester ok/expected (failed)  aggregator ok/expected (failed)  decision p50/p99 ms  leader"
        + "  proposer ok/expected (failed)  sync msg ok/expected (failed)  sync contrib ok/expected (failed)"
        + "  exits  registrations");
    out.flush();
    scheduleReport(clock.epochOf(clock.slotAt(genesis)));
  }

  /**
   * A validator client for {@code node} with the node's shares, on a connection of its own, as a
   * separate process would be; a node's second and later clients are named vcN-2, vcN-3, ...
   */
  private void startClient(int node, int apiPort) {
    List<SimulatedValidatorClient> own = clientsByNode.computeIfAbsent(node, k -> new ArrayList<>());
    io.phalanx.sim.vc.CallPattern pattern = callPatterns.of(node);
    HttpBeaconNode connection = new HttpBeaconNode(HttpBeaconNode.Config.of(
        java.net.URI.create("http://127.0.0.1:" + apiPort)).withTimeouts(Duration.ofSeconds(2),
        options.slotDuration().multipliedBy(2)).withConsensusVersionAtSlot(chain::consensusVersionAtSlot),
        pattern.sszBodies() ? HttpBeaconNode.BodyEncoding.SSZ : HttpBeaconNode.BodyEncoding.JSON);
    clientConnections.add(connection);
    SimulatedValidatorClient client = new SimulatedValidatorClient(SimulatedValidatorClient.Config.of(
        own.isEmpty() ? "vc" + node : "vc" + node + "-" + (own.size() + 1), cluster.sharesByNode().get(node),
        wiring.validatorApiSeenBy(node, own.size(), connection), TaskScheduler.of(executor), wiring.clockOf(node))
        .withPayouts(payouts(node)).withCallPattern(pattern));
    exitRequests.forEach(client::requestExit);
    clients.add(client);
    own.add(client);
    client.start();
  }

  /**
   * What node {@code node}'s validator clients register with builders and prepare proposals with:
   * each validator's group key and the cluster lock's fee recipient, as an operator configures them.
   */
  private io.phalanx.sim.vc.Payouts payouts(int node) {
    Map<io.phalanx.spec.util.Bytes, io.phalanx.spec.util.Bytes> groupKeys = new java.util.HashMap<>();
    Map<io.phalanx.spec.util.Bytes, io.phalanx.spec.util.Bytes> feeRecipients = new java.util.HashMap<>();
    for (DistributedValidator v : cluster.lock().content().validators()) {
      io.phalanx.spec.util.Bytes share = v.publicShare(node).toBytes();
      groupKeys.put(share, v.groupPublicKey().toBytes());
      feeRecipients.put(share, v.feeRecipient());
    }
    return new io.phalanx.sim.vc.Payouts(groupKeys, feeRecipients,
        io.phalanx.sim.vc.Payouts.DEFAULT_GAS_LIMIT);
  }

  /**
   * Asks every validator client (and those started later) to exit validator {@code validatorIndex}
   * with an exit for {@code epoch}, through its node, as an operator with a client's exit command does.
   */
  public synchronized void requestExit(long validatorIndex, long epoch) {
    exitRequests.put(validatorIndex, epoch);
    clients.forEach(c -> c.requestExit(validatorIndex, epoch));
  }

  /** The validator clients of node {@code node}, the first one first. */
  public List<SimulatedValidatorClient> validatorClients(int node) {
    return List.copyOf(clientsByNode.getOrDefault(node, List.of()));
  }

  /** A free port that is none of the nodes' ports (Raft, the exchange on the next, validator API). */
  private static int portOutside(List<Integer> p2pPorts, List<Integer> apiPorts) throws IOException {
    while (true) {
      int port = LoopbackPorts.free();
      if (!p2pPorts.contains(port) && !p2pPorts.contains(port - 1) && !apiPorts.contains(port)) {
        return port;
      }
    }
  }

  private void scheduleReport(long epoch) {
    // An epoch's duties may arrive until the first slot of the next epoch has begun.
    at(clock.slotStart(clock.firstSlotOf(epoch + 1) + 1), () -> {
      report(epoch);
      if (options.epochs().isPresent() && epoch + 1 >= options.epochs().getAsLong()) {
        finished.countDown();
      } else {
        scheduleReport(epoch + 1);
      }
    });
  }

  private synchronized void report(long epoch) {
    Summary summary = beaconNode.chain().summary(epoch);
    List<Double> latencies = new ArrayList<>();
    OptionalInt leader = OptionalInt.empty();
    for (int i = 0; i < nodes.size(); i++) {
      PhalanxNode node = nodes.get(i);
      if (node == null) {
        continue;
      }
      LatencyRecorder recorder = node.tracker().decisionLatency();
      latencies.addAll(recorder.samplesSinceMillis(latencyMarks.get(i)));
      latencyMarks.set(i, recorder.count());
      if (leader.isEmpty()) {
        leader = node.leaderIndex();
      }
    }
    EpochReport r = new EpochReport(epoch, summary.attester(), summary.aggregator(),
        LatencyRecorder.percentile(latencies, 50), LatencyRecorder.percentile(latencies, 99), leader,
        summary.proposer(), summary.syncMessage(), summary.syncContribution());
    reports.add(r);
    chainSummaries.put(epoch, summary);
    out.printf(Locale.ROOT, "%5d  %28s  %30s  %19s  %-6s  %29s  %28s  %32s  %5s  %13s%n", epoch,
        tally(r.attester()), tally(r.aggregator()),
        String.format(Locale.ROOT, "%.1f/%.1f", r.decisionP50(), r.decisionP99()),
        leader.isPresent() ? "node" + leader.getAsInt() : "none", tally(r.proposer()), tally(r.syncMessage()),
        tally(r.syncContribution()), tally(summary.voluntaryExit()), tally(summary.builderRegistration()));
    out.flush();
  }

  private static String tally(DutyTally t) {
    return t.succeeded() + "/" + t.expected() + " (" + t.failedCount() + ")";
  }

  /** Switches a scheduled beacon-node fault on or off now, and tells the drill. */
  public void setFault(BeaconNodeFault f, boolean on) {
    // The slot the schedule names: the timer may fire a moment before the slot's start.
    long slot = on ? f.from() : f.to().orElse(f.from()) + 1;
    PhalanxNode node;
    synchronized (this) {
      node = nodes.get(f.node());
    }
    boolean servedReads = on && drill.faultStarting(f, node);
    beaconNodes.get(f.node()).get(f.bn()).faults().set(f.fault(), on, slot);
    drill.fault(f, on, slot, servedReads);
  }

  /** Beacon node {@code bn} of Phalanx node {@code node}. */
  public SimulatedBeaconNode beaconNode(int node, int bn) {
    return beaconNodes.get(node).get(bn);
  }

  /** The cluster the run made (lock, identities, every node's shares); null before {@link #start()}. */
  public synchronized SimCluster cluster() {
    return cluster;
  }

  /** The one chain every simulated beacon node serves. */
  public SimulatedChain chain() {
    return chain;
  }

  /** Times from a beacon-node fault to the switch of reads away from it, in milliseconds. */
  public List<Double> failoverMillis() {
    return drill.failoverMillis();
  }

  /** The epochs reported so far, oldest first. */
  public synchronized List<EpochReport> epochReports() {
    return List.copyOf(reports);
  }

  /** The running node {@code i}, or null while it is stopped. */
  public synchronized PhalanxNode node(int i) {
    return nodes.get(i);
  }

  /** The slot clock of the simulated chain, once started. */
  public SlotClock clock() {
    return clock;
  }

  /** Node {@code i}'s /metrics, /livez and /readyz base URL; fixed for the run, also while the node is down. */
  public java.net.URI monitoringUrl(int i) {
    InetSocketAddress a = nodeConfigs.get(i).monitoringAddress().orElseThrow();
    return java.net.URI.create("http://" + a.getHostString() + ":" + a.getPort());
  }

  /** The Raft leader as the running nodes see it. */
  public synchronized OptionalInt leader() {
    for (PhalanxNode node : nodes) {
      if (node != null && node.leaderIndex().isPresent()) {
        return node.leaderIndex();
      }
    }
    return OptionalInt.empty();
  }

  /** Stops node {@code i} now, as a crash would. */
  public synchronized void stopNode(int i) {
    PhalanxNode node = nodes.get(i);
    if (node != null) {
      out.printf("slot %d: stopping node %d%n", clock.currentSlot(), i);
      out.flush();
      latencyMarks.set(i, 0L);
      node.close();
      nodes.set(i, null);
    }
  }

  /** Starts node {@code i} again from its data folder. */
  public void startNode(int i) {
    synchronized (this) {
      if (nodes.get(i) != null) {
        return;
      }
      out.printf("slot %d: starting node %d%n", clock.currentSlot(), i);
      out.flush();
    }
    try {
      PhalanxNode node = PhalanxNode.start(nodeConfigs.get(i));
      drill.watch(i, node);
      wiring.nodeStarted(i, node);
      synchronized (this) {
        nodes.set(i, node);
        latencyMarks.set(i, 0L);
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("could not start node {}: {}", i, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void at(Instant when, Runnable task) {
    executor.schedule(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("simnet step failed", e);
      }
    }, clock.until(when).toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits until the configured epochs are over, or forever without {@code --epochs}. */
  public void awaitEnd() throws InterruptedException {
    finished.await();
  }

  /** The whole run so far, in the shape {@code --json} writes. */
  public synchronized ObjectNode summaryJson() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("nodes", options.nodes());
    root.put("threshold", options.threshold());
    root.put("validators", options.validators());
    long epochs = reports.size();
    root.put("slots", epochs * options.slotsPerEpoch());
    DutyTally attester = DutyTally.EMPTY;
    DutyTally aggregator = DutyTally.EMPTY;
    DutyTally proposer = DutyTally.EMPTY;
    DutyTally syncMessage = DutyTally.EMPTY;
    DutyTally syncContribution = DutyTally.EMPTY;
    for (EpochReport r : reports) {
      attester = attester.plus(r.attester());
      aggregator = aggregator.plus(r.aggregator());
      proposer = proposer.plus(r.proposer());
      syncMessage = syncMessage.plus(r.syncMessage());
      syncContribution = syncContribution.plus(r.syncContribution());
    }
    ObjectNode duties = root.putObject("duties");
    putTally(duties.putObject("attester"), attester);
    putTally(duties.putObject("aggregator"), aggregator);
    ObjectNode proposals = duties.putObject("proposer");
    putTally(proposals, proposer);
    proposals.put("double_proposals", chain.doubleProposals());
    chain.blockForms().forEach((form, n) -> proposals.put(form + "_blocks", n));
    DutyTally exits = DutyTally.EMPTY;
    DutyTally registrations = DutyTally.EMPTY;
    for (Summary s : chainSummaries.values()) {
      exits = exits.plus(s.voluntaryExit());
      registrations = registrations.plus(s.builderRegistration());
    }
    putTally(duties.putObject("voluntary_exit"), exits);
    putTally(duties.putObject("builder_registration"), registrations);
    putTally(duties.putObject("sync_message"), syncMessage);
    putTally(duties.putObject("sync_contribution"), syncContribution);
    List<Double> latencies = new ArrayList<>();
    Map<String, Long> failures = new TreeMap<>();
    attester.failed().forEach((k, v) -> failures.merge("attester: " + k, v, Long::sum));
    aggregator.failed().forEach((k, v) -> failures.merge("aggregator: " + k, v, Long::sum));
    proposer.failed().forEach((k, v) -> failures.merge("proposer: " + k, v, Long::sum));
    exits.failed().forEach((k, v) -> failures.merge("voluntary exit: " + k, v, Long::sum));
    registrations.failed().forEach((k, v) -> failures.merge("builder registration: " + k, v, Long::sum));
    syncMessage.failed().forEach((k, v) -> failures.merge("sync_message: " + k, v, Long::sum));
    syncContribution.failed().forEach((k, v) -> failures.merge("sync_contribution: " + k, v, Long::sum));
    for (PhalanxNode node : nodes) {
      if (node != null) {
        latencies.addAll(node.tracker().decisionLatency().samplesMillis());
        node.tracker().failures().forEach((k, v) -> failures.merge("node: " + k, v, Long::sum));
      }
    }
    ObjectNode latency = root.putObject("decision_latency_ms");
    latency.put("p50", LatencyRecorder.percentile(latencies, 50));
    latency.put("p99", LatencyRecorder.percentile(latencies, 99));
    List<Double> aggregation = new ArrayList<>();
    for (PhalanxNode node : nodes) {
      if (node != null) {
        aggregation.addAll(node.tracker().submitToAggregateLatency().samplesMillis());
      }
    }
    // From a validator client's partial signature to the whole signature, ready to publish.
    ObjectNode submitted = root.putObject("submit_to_aggregate_ms");
    submitted.put("p50", LatencyRecorder.percentile(aggregation, 50));
    submitted.put("p99", LatencyRecorder.percentile(aggregation, 99));
    List<Double> failover = drill.failoverMillis();
    ObjectNode switched = root.putObject("bn_fault_to_switch_ms");
    switched.put("count", failover.size());
    switched.put("p50", LatencyRecorder.percentile(failover, 50));
    switched.put("p99", LatencyRecorder.percentile(failover, 99));
    ObjectNode f = root.putObject("failures");
    failures.forEach(f::put);
    return root;
  }

  private static void putTally(ObjectNode node, DutyTally t) {
    node.put("expected", t.expected());
    node.put("succeeded", t.succeeded());
    node.put("failed", t.failedCount());
  }

  public SimulatedBeaconNode beaconNode() {
    return beaconNode;
  }

  /** Prints the totals and writes {@code --json}. */
  public void finish() throws IOException {
    ObjectNode summary = summaryJson();
    out.println("total: attester " + summary.at("/duties/attester/succeeded") + "/" + summary.at("/duties/attester/expected")
        + ", aggregator " + summary.at("/duties/aggregator/succeeded") + "/" + summary.at("/duties/aggregator/expected")
        + ", proposer " + summary.at("/duties/proposer/succeeded") + "/" + summary.at("/duties/proposer/expected")
        + ", voluntary exits " + summary.at("/duties/voluntary_exit/succeeded") + "/"
        + summary.at("/duties/voluntary_exit/expected") + ", builder registrations "
        + summary.at("/duties/builder_registration/succeeded") + "/"
        + summary.at("/duties/builder_registration/expected")
        + ", sync msg " + summary.at("/duties/sync_message/succeeded") + "/" + summary.at("/duties/sync_message/expected")
        + ", sync contrib " + summary.at("/duties/sync_contribution/succeeded") + "/"
        + summary.at("/duties/sync_contribution/expected")
        + ", decision latency p50 " + fmt(summary.at("/decision_latency_ms/p50").asDouble()) + " ms, p99 "
        + fmt(summary.at("/decision_latency_ms/p99").asDouble()) + " ms; partial signature to aggregate p50 "
        + fmt(summary.at("/submit_to_aggregate_ms/p50").asDouble()) + " ms, p99 "
        + fmt(summary.at("/submit_to_aggregate_ms/p99").asDouble()) + " ms");
    out.flush();
    if (options.json().isPresent()) {
      SafeFiles.writeString(options.json().get().toAbsolutePath(),
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary) + "\n");
    }
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    executor.shutdownNow();
    clients.forEach(SimulatedValidatorClient::close);
    clientConnections.forEach(HttpBeaconNode::close);
    for (PhalanxNode node : nodes) {
      if (node != null) {
        node.close();
      }
    }
    beaconNodes.forEach(own -> own.forEach(SimulatedBeaconNode::close));
    if (recorder != null) {
      try {
        recorder.close();
      } catch (IOException e) {
        LOG.error("the record file could not be completed: {}", e.getMessage());
      }
    }
    SafeFiles.deleteRecursively(workDir);
  }

  private static PhalanxNode startOrFail(PhalanxNode.Config config) {
    try {
      return PhalanxNode.start(config);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting a node", e);
    }
  }
}
