package io.phalanx.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.failover.FailoverBeaconNode;
import io.phalanx.cluster.files.SafeFiles;
import io.phalanx.cluster.lock.DistributedValidator;
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
import io.phalanx.sim.vc.CallPatterns;
import io.phalanx.sim.vc.SimulatedValidatorClient;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.time.SlotClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole DV cluster in one process against a simulated chain: a simulated beacon node, N Phalanx
 * nodes on real sockets on 127.0.0.1 (Raft, the exchange and the validator API each on a port of
 * their own) and one simulated validator client per node (or more, with the same shares, as
 * operators run redundant clients), talking to its node over HTTP exactly as a real one does.
 * Prints one line per epoch ({@link RunReport}) and can stop and start nodes on a schedule.
 *
 * <p>What to run is a {@link SimnetOptions}; the nodes ({@link PhalanxNodes}) and the validator
 * clients ({@link ValidatorClients}) are looked after by classes of their own. A little over 400
 * lines, as {@link Wiring} and {@link EpochReport} stay nested: callers name them so.
 */
public final class Simnet implements AutoCloseable {
  /** Simulated beacon nodes per Phalanx node unless told otherwise. */
  public static final int DEFAULT_BEACON_NODES_PER_NODE = 2;
  private static final Logger LOG = LoggerFactory.getLogger(Simnet.class);
  private static final Duration GENESIS_LEAD = Duration.ofSeconds(4);
  private static final Duration ELECTION_TIMEOUT_MIN = Duration.ofMillis(600);

  private final SimnetOptions options;
  private final Wiring wiring;
  private final PrintWriter out;
  private final Path workDir;
  private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(4, r -> {
    Thread t = new Thread(r, "simnet");
    t.setDaemon(true);
    return t;
  });
  private final PhalanxNodes nodes;
  private final ValidatorClients clients;
  private final RunReport runReport;
  private final CountDownLatch finished = new CountDownLatch(1);
  /** Each Phalanx node's simulated beacon nodes, over the one chain. */
  private final List<List<SimulatedBeaconNode>> beaconNodes = new ArrayList<>();
  private final BeaconNodeDrill drill;
  private SimCluster cluster;
  /** How each node's validator clients call it ({@code simnet --vc-pattern}). */
  private CallPatterns callPatterns = CallPatterns.DEFAULT;
  private int blobsPerBlock;
  private SimulatedBeaconNode beaconNode;
  private SimulatedChain chain;
  private JsonLinesRecorder recorder;
  private SlotClock clock;
  private boolean closed;

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
    default URI beaconNodeOf(int node, URI beaconNode) {
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
    default BeaconNode validatorApiSeenBy(int node, int client, BeaconNode validatorApi) {
      return validatorApi;
    }
  }

  /** One epoch's line of the table, also kept for the summary. */
  public record EpochReport(long epoch, DutyTally attester, DutyTally aggregator, double decisionP50, double decisionP99,
      OptionalInt leader, DutyTally proposer, DutyTally syncMessage, DutyTally syncContribution) {}

  public Simnet(SimnetOptions options, PrintWriter out) throws IOException {
    this(options, out, Wiring.DIRECT);
  }

  public Simnet(SimnetOptions options, PrintWriter out, Wiring wiring) throws IOException {
    this.options = options;
    this.wiring = wiring;
    this.out = out;
    this.workDir = Files.createTempDirectory("phalanx-simnet-");
    this.drill = new BeaconNodeDrill(out);
    this.nodes = new PhalanxNodes(out, wiring, drill);
    this.clients = new ValidatorClients(wiring, executor, options.slotDuration());
    this.runReport = new RunReport(out, options);
  }

  /** Sets how each node's validator clients call it; before {@link #start()}. */
  public Simnet withCallPatterns(CallPatterns patterns) {
    this.callPatterns = Objects.requireNonNull(patterns, "patterns");
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
    startChain(genesis, p2pPorts, apiPorts);
    clock = new SlotClock(genesis, options.slotDuration(), options.slotsPerEpoch(), Clock.systemUTC());
    List<InetSocketAddress> peers = p2pPorts.stream().map(p -> new InetSocketAddress("127.0.0.1", p)).toList();
    for (int i = 0; i < n; i++) {
      nodes.configure(nodeConfig(i, peers, apiPorts.get(i), monitoringPorts.get(i)));
    }
    // Nodes start in parallel, as separate machines would.
    nodes.startAll(options.stops().stream().filter(e -> e.slot() == 0).map(NodeEvent::node)
        .collect(Collectors.toSet()), executor);
    for (int i = 0; i < n; i++) {
      clients.start(i, apiPorts.get(i), cluster, callPatterns.of(i), chain::consensusVersionAtSlot);
    }
    for (int node : options.extraValidatorClients()) {
      clients.start(node, apiPorts.get(node), cluster, callPatterns.of(node), chain::consensusVersionAtSlot);
    }
    scheduleEvents();
    printSetup(genesis, monitoringPorts);
    runReport.printTableHeader();
    scheduleReport(clock.epochOf(clock.slotAt(genesis)));
  }

  /** The chain, with the record file if asked for, and each node's simulated beacon nodes over it. */
  private void startChain(Instant genesis, List<Integer> p2pPorts, List<Integer> apiPorts) throws IOException {
    List<BlsPublicKey> groupKeys =
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
    for (int i = 0; i < options.nodes(); i++) {
      List<SimulatedBeaconNode> own = new ArrayList<>();
      for (int j = 0; j < options.beaconNodesPerNode(); j++) {
        own.add(new SimulatedBeaconNode(chain).start(portOutside(p2pPorts, apiPorts)));
        wiring.beaconNodeStarted(i, j, own.getLast());
      }
      beaconNodes.add(own);
    }
    beaconNode = beaconNodes.get(0).get(0);
  }

  private PhalanxNode.Config nodeConfig(int i, List<InetSocketAddress> peers, int apiPort, int monitoringPort)
      throws IOException {
    NodeData data = NodeData.forLock(cluster.lock(), cluster.identities().get(i), workDir.resolve("node" + i));
    List<URI> urls = new ArrayList<>(beaconNodes.get(i).stream().map(SimulatedBeaconNode::url).toList());
    for (int j = 0; j < urls.size(); j++) {
      drill.name(urls.get(j), i, j);
    }
    // A wiring's beacon-node faults (simnet --compare-solo) hit the node's primary beacon node;
    // the others stay its failover.
    urls.set(0, wiring.beaconNodeOf(i, urls.get(0)));
    // Every node of a simulation shares two cores: election timeouts a few times the LAN default
    // keep a busy machine (JIT compilation at start, TLS handshakes) from unseating leaders.
    return new PhalanxNode.Config(data, urls, List.of(), new InetSocketAddress("127.0.0.1", apiPort),
        peers.get(i), wiring.peersSeenBy(i, peers), ELECTION_TIMEOUT_MIN, ELECTION_TIMEOUT_MIN.multipliedBy(2),
        options.slotDuration().multipliedBy(2), "simnet", FailoverBeaconNode.AttestationDataStrategy.FIRST,
        Optional.of(new InetSocketAddress("127.0.0.1", monitoringPort)), wiring.clockOf(i))
        .withProposals(options.proposals());
  }

  /** The scheduled node stops and starts and beacon-node faults. */
  private void scheduleEvents() {
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
  }

  private void printSetup(Instant genesis, List<Integer> monitoringPorts) {
    int n = options.nodes();
    out.printf("simnet: %d nodes (threshold %d), %d validators, %d ms slots, %d slots per epoch; genesis at %s%n",
        n, options.threshold(), options.validators(), options.slotDuration().toMillis(), options.slotsPerEpoch(),
        genesis);
    if (!callPatterns.equals(CallPatterns.DEFAULT)) {
      out.println("validator clients call their nodes as: " + callPatterns.describe(n));
    }
    clients.countByNode().forEach((node, count) -> {
      if (count > 1) {
        out.printf("node %d: %d validator clients with the same shares%n", node, count);
      }
    });
    for (int i = 0; i < n; i++) {
      out.println("node " + i + " beacon nodes: " + beaconNodes.get(i).stream().map(b -> b.url().toString())
          .reduce((a, b) -> a + "," + b).orElse(""));
      out.printf("node %d: metrics http://127.0.0.1:%d/metrics, readiness http://127.0.0.1:%d/readyz%n", i,
          monitoringPorts.get(i), monitoringPorts.get(i));
    }
    out.println("forks: " + chain.forks());
  }

  /**
   * Asks every validator client (and those started later) to exit validator {@code validatorIndex}
   * with an exit for {@code epoch}, through its node, as an operator with a client's exit command does.
   */
  public synchronized void requestExit(long validatorIndex, long epoch) {
    clients.requestExit(validatorIndex, epoch);
  }

  /** The validator clients of node {@code node}, the first one first. */
  public List<SimulatedValidatorClient> validatorClients(int node) {
    return clients.of(node);
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
    PhalanxNodes.Decisions decisions = nodes.sinceLastReport();
    runReport.epoch(epoch, summary, decisions.latencies(), decisions.leader());
  }

  /** Switches a scheduled beacon-node fault on or off now, and tells the drill. */
  public void setFault(BeaconNodeFault f, boolean on) {
    // The slot the schedule names: the timer may fire a moment before the slot's start.
    long slot = on ? f.from() : f.to().orElse(f.from()) + 1;
    PhalanxNode node = nodes.node(f.node());
    boolean servedReads = on && drill.faultStarting(f, node);
    beaconNodes.get(f.node()).get(f.bn()).faults().set(f.fault(), on, slot);
    drill.fault(f, on, slot, servedReads);
  }

  /** Beacon node {@code bn} of Phalanx node {@code node}. */
  public SimulatedBeaconNode beaconNode(int node, int bn) {
    return beaconNodes.get(node).get(bn);
  }

  /** The first beacon node of node 0, once started. */
  public SimulatedBeaconNode beaconNode() {
    return beaconNode;
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
    return runReport.reports();
  }

  /** The running node {@code i}, or null while it is stopped. */
  public PhalanxNode node(int i) {
    return nodes.node(i);
  }

  /** The slot clock of the simulated chain, once started. */
  public SlotClock clock() {
    return clock;
  }

  /** Node {@code i}'s /metrics, /livez and /readyz base URL; fixed for the run, also while the node is down. */
  public URI monitoringUrl(int i) {
    return nodes.monitoringUrl(i);
  }

  /** The Raft leader as the running nodes see it. */
  public OptionalInt leader() {
    return nodes.leader();
  }

  /** Stops node {@code i} now, as a crash would. */
  public synchronized void stopNode(int i) {
    nodes.stop(i, clock.currentSlot());
  }

  /** Starts node {@code i} again from its data folder. */
  public void startNode(int i) {
    nodes.start(i, clock.currentSlot());
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
    return runReport.summaryJson(chain, nodes.running(), drill.failoverMillis());
  }

  /** Prints the totals and writes {@code --json}. */
  public void finish() throws IOException {
    ObjectNode summary = summaryJson();
    runReport.printTotals(summary);
    if (options.json().isPresent()) {
      SafeFiles.writeString(options.json().get().toAbsolutePath(),
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary) + "\n");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    executor.shutdownNow();
    clients.close();
    nodes.closeAll();
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
}
