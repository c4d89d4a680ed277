package io.phalanx.node.runtime;

import io.phalanx.api.BeaconNode;
import io.phalanx.api.BeaconNodeHealth;
import io.phalanx.api.ChainSpec;
import io.phalanx.api.failover.FailoverBeaconNode;
import io.phalanx.api.server.ValidatorApiServer;
import io.phalanx.consensus.parsigex.GrpcPartialSignatureExchange;
import io.phalanx.consensus.parsigex.ParSigExConfig;
import io.phalanx.consensus.raft.RaftConsensus;
import io.phalanx.consensus.raft.RaftConsensusConfig;
import io.phalanx.consensus.raft.SlashingConfig;
import io.phalanx.consensus.raft.SlashingRefusals;
import io.phalanx.consensus.slashing.Rule;
import io.phalanx.duties.ClusterView;
import io.phalanx.duties.DutyTracker;
import io.phalanx.duties.DutyWorkflow;
import io.phalanx.duties.PartialSignatureStore;
import io.phalanx.duties.ProposalDuty;
import io.phalanx.node.metrics.NodeMetrics;
import io.phalanx.node.metrics.NodeMonitoring;
import io.phalanx.node.metrics.Readiness;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.ForkSchedule;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Phalanx node, wired: the beacon-node client, Raft agreement, the partial-signature exchange,
 * the duty workflow and the validator API its validator client talks to. The one place where the
 * implementations of the modules' interfaces are chosen.
 */
public final class PhalanxNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PhalanxNode.class);

  /**
   * How to run a node.
   *
   * @param beaconNodes the primary beacon nodes, in order of preference
   * @param fallbackBeaconNodes beacon nodes used only when no primary is ready
   * @param p2pAddress where Raft listens; the partial-signature exchange listens on the next port
   * @param peers every node's Raft address in node order (this node's included); each exchange is
   *     on the port after
   * @param attestationData how attestation data is fetched from several ready beacon nodes
   * @param monitoringAddress where /metrics, /livez and /readyz listen; empty: nowhere
   * @param clock the wall clock the node counts slots on (simnet skews it to drill clock faults)
   */
  public record Config(
      NodeData data,
      List<URI> beaconNodes,
      List<URI> fallbackBeaconNodes,
      InetSocketAddress validatorApiAddress,
      InetSocketAddress p2pAddress,
      List<InetSocketAddress> peers,
      Duration electionTimeoutMin,
      Duration electionTimeoutMax,
      Duration consensusTimeout,
      String version,
      FailoverBeaconNode.AttestationDataStrategy attestationData,
      Optional<InetSocketAddress> monitoringAddress,
      Clock clock,
      ProposalDuty.Config proposals) {
    /** The operator's defaults for blocks: the validator client's graffiti and builder boost factor. */
    public Config(NodeData data, List<URI> beaconNodes, List<URI> fallbackBeaconNodes,
        InetSocketAddress validatorApiAddress, InetSocketAddress p2pAddress, List<InetSocketAddress> peers,
        Duration electionTimeoutMin, Duration electionTimeoutMax, Duration consensusTimeout, String version,
        FailoverBeaconNode.AttestationDataStrategy attestationData, Optional<InetSocketAddress> monitoringAddress,
        Clock clock) {
      this(data, beaconNodes, fallbackBeaconNodes, validatorApiAddress, p2pAddress, peers, electionTimeoutMin,
          electionTimeoutMax, consensusTimeout, version, attestationData, monitoringAddress, clock,
          ProposalDuty.Config.DEFAULT);
    }

    public Config {
      Objects.requireNonNull(proposals, "proposals");
      Objects.requireNonNull(clock, "clock");
      peers = List.copyOf(peers);
      Objects.requireNonNull(monitoringAddress, "monitoringAddress");
      beaconNodes = List.copyOf(beaconNodes);
      fallbackBeaconNodes = List.copyOf(fallbackBeaconNodes);
      if (beaconNodes.isEmpty()) {
        throw new IllegalArgumentException("no beacon node: give at least one with --beacon-node-endpoints");
      }
      if (peers.size() != data.lock().nodeCount()) {
        throw new IllegalArgumentException(peers.size() + " peer addresses for " + data.lock().nodeCount()
            + " nodes: give every node's p2p address in node order, this node's included");
      }
    }

    /** One beacon node, no fallback. */
    public Config(NodeData data, URI beaconNode, InetSocketAddress validatorApiAddress, InetSocketAddress p2pAddress,
        List<InetSocketAddress> peers, Duration electionTimeoutMin, Duration electionTimeoutMax,
        Duration consensusTimeout, String version) {
      this(data, List.of(beaconNode), List.of(), validatorApiAddress, p2pAddress, peers, electionTimeoutMin,
          electionTimeoutMax, consensusTimeout, version, FailoverBeaconNode.AttestationDataStrategy.FIRST,
          Optional.empty(), Clock.systemUTC());
    }

    /** The most preferred beacon node. */
    public URI beaconNode() {
      return beaconNodes.getFirst();
    }

    public static Config lan(NodeData data, URI beaconNode, InetSocketAddress validatorApi, InetSocketAddress p2p,
        List<InetSocketAddress> peers, String version) {
      return lan(data, List.of(beaconNode), List.of(), validatorApi, p2p, peers, version);
    }

    public static Config lan(NodeData data, List<URI> beaconNodes, List<URI> fallbacks, InetSocketAddress validatorApi,
        InetSocketAddress p2p, List<InetSocketAddress> peers, String version) {
      return new Config(data, beaconNodes, fallbacks, validatorApi, p2p, peers,
          RaftConsensusConfig.LAN_ELECTION_TIMEOUT_MIN, RaftConsensusConfig.LAN_ELECTION_TIMEOUT_MAX,
          RaftConsensusConfig.DEFAULT_REQUEST_TIMEOUT, version, FailoverBeaconNode.AttestationDataStrategy.FIRST,
          Optional.empty(), Clock.systemUTC());
    }

    public Config withAttestationData(FailoverBeaconNode.AttestationDataStrategy strategy) {
      return new Config(data, beaconNodes, fallbackBeaconNodes, validatorApiAddress, p2pAddress, peers,
          electionTimeoutMin, electionTimeoutMax, consensusTimeout, version, strategy, monitoringAddress, clock,
          proposals);
    }

    public Config withMonitoringAddress(InetSocketAddress address) {
      return new Config(data, beaconNodes, fallbackBeaconNodes, validatorApiAddress, p2pAddress, peers,
          electionTimeoutMin, electionTimeoutMax, consensusTimeout, version, attestationData, Optional.of(address),
          clock, proposals);
    }

    /** The same node on another clock. */
    public Config withClock(Clock otherClock) {
      return new Config(data, beaconNodes, fallbackBeaconNodes, validatorApiAddress, p2pAddress, peers,
          electionTimeoutMin, electionTimeoutMax, consensusTimeout, version, attestationData, monitoringAddress,
          otherClock, proposals);
    }

    /** The same node with the operator's graffiti and builder boost factor for its blocks. */
    public Config withProposals(ProposalDuty.Config operatorChoices) {
      return new Config(data, beaconNodes, fallbackBeaconNodes, validatorApiAddress, p2pAddress, peers,
          electionTimeoutMin, electionTimeoutMax, consensusTimeout, version, attestationData, monitoringAddress,
          clock, operatorChoices);
    }
  }

  private final FailoverBeaconNode beaconNode;
  private final ScheduledExecutorService executor;
  private final RaftConsensus consensus;
  private final GrpcPartialSignatureExchange exchange;
  private final DutyWorkflow workflow;
  private final ValidatorApiServer server;
  private final NodeMonitoring monitoring;

  private PhalanxNode(FailoverBeaconNode beaconNode, ScheduledExecutorService executor, RaftConsensus consensus,
      GrpcPartialSignatureExchange exchange, DutyWorkflow workflow, ValidatorApiServer server,
      NodeMonitoring monitoring) {
    this.beaconNode = beaconNode;
    this.executor = executor;
    this.consensus = consensus;
    this.exchange = exchange;
    this.workflow = workflow;
    this.server = server;
    this.monitoring = monitoring;
  }

  /**
   * Starts the node: waits for its beacon node to answer (logging while it does not), checks that
   * it serves the lock's network, then starts agreement, exchange, duties and the validator API.
   *
   * @throws IllegalArgumentException when the beacon node serves another network
   */
  public static PhalanxNode start(Config config) throws IOException, InterruptedException {
    NodeData data = config.data();
    // The fork schedule is known once the beacon node answered; until then nothing is published.
    AtomicReference<ForkSchedule> forks = new AtomicReference<>();
    LongFunction<ConsensusVersion> versionAtSlot = slot -> {
      ForkSchedule known = forks.get();
      if (known == null) {
        throw new IllegalStateException("the chain's fork schedule is not known yet");
      }
      return known.consensusVersionAtSlot(slot);
    };
    FailoverBeaconNode beaconNode = new FailoverBeaconNode(FailoverBeaconNode.Config.of(config.beaconNodes(),
        config.fallbackBeaconNodes()).withStrategy(config.attestationData())
        .withConsensusVersionAtSlot(versionAtSlot)).start();
    ChainInfo chain = awaitChain(beaconNode, beaconNode.toString());
    try {
      long epoch = new SlotClock(Instant.ofEpochSecond(chain.genesis().genesisTime()), chain.spec().slotDuration(),
          chain.spec().slotsPerEpoch(), config.clock()).currentEpoch();
      forks.set(ForkSchedule.fromSpec(chain.spec().values()).checkHead(chain.fork(), epoch));
      forks.get().consensusVersionAt(epoch); // the chain must be on a fork this node handles now
    } catch (IllegalArgumentException | IllegalStateException e) {
      beaconNode.close();
      throw new IllegalArgumentException("the beacon node's fork schedule cannot be used: " + e.getMessage(), e);
    }
    LOG.info("fork schedule from the beacon node: {}", forks.get());
    beaconNode.useSlotDuration(chain.spec().slotDuration());
    if (!chain.genesis().genesisValidatorsRoot().equals(data.lock().content().network().genesisValidatorsRoot())) {
      beaconNode.close();
      throw new IllegalArgumentException("the beacon node at " + beaconNode + " serves a chain with genesis"
          + " validators root " + chain.genesis().genesisValidatorsRoot() + ", but the cluster lock is for "
          + data.lock().content().network().name() + " (" + data.lock().content().network().genesisValidatorsRoot()
          + "): point the node at a beacon node of that network");
    }
    SlotClock clock = new SlotClock(Instant.ofEpochSecond(chain.genesis().genesisTime()), chain.spec().slotDuration(),
        chain.spec().slotsPerEpoch(), config.clock());
    ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "node" + data.nodeIndex() + "-duties");
      t.setDaemon(true);
      return t;
    });
    RaftConsensus consensus = null;
    GrpcPartialSignatureExchange exchange = null;
    ValidatorApiServer server = null;
    NodeMonitoring monitoring = null;
    try {
      SlashingConfig slashing = new SlashingConfig(forks.get(), SlashingConfig.DEFAULT_HISTORY_EPOCHS,
          chain.spec().slotsPerEpoch());
      consensus = RaftConsensus.start(new RaftConsensusConfig(data.nodeIndex(), data.lock(), data.identity(),
          data.stateDir(), config.p2pAddress(), config.peers(), config.electionTimeoutMin(),
          config.electionTimeoutMax(), config.consensusTimeout(), RaftConsensusConfig.DEFAULT_DECIDED_WINDOW_SLOTS,
          RaftConsensusConfig.DEFAULT_SNAPSHOT_EVERY_ENTRIES, slashing));
      // Before duties start, so that the imported validators are pending from the first slot.
      SlashingProtectionFiles.submitPending(consensus, data.stateDir(), slashing, executor);
      exchange = GrpcPartialSignatureExchange.start(ParSigExConfig.of(data.nodeIndex(), data.lock(), data.identity(),
          next(config.p2pAddress()), config.peers().stream().map(PhalanxNode::next).toList()));
      NodeMetrics metrics = new NodeMetrics(data.lock().content().name(), data.lock().lockHash().toHex(),
          data.nodeIndex());
      DutyWorkflow workflow = new DutyWorkflow(new ClusterView(data.lock(), data.nodeIndex()), consensus, exchange,
          beaconNode, clock, forks.get(), chain.genesis().genesisValidatorsRoot(), executor,
          List.of(metrics.dutyListener()));
      workflow.proposals().configure(config.proposals());
      server = new ValidatorApiServer(
          ValidatorApiServer.Config.of("Phalanx/" + config.version()).withBindAddress(config.validatorApiAddress())
              .withConsensusVersionAtSlot(versionAtSlot),
          workflow.validatorApi(), beaconNode);
      monitoring = NodeMonitoring.wire(metrics, data.lock(), data.nodeIndex(), chain.spec(), beaconNode, consensus,
          exchange, workflow, server, config.monitoringAddress());
      RaftConsensus agreement = consensus;
      monitoring.metrics().slashingRefusals(() -> refusalsByRule(agreement.slashingRefusals()));
      server.start();
      workflow.start();
      monitoring.addJvmMetrics();
      LOG.info("node {} of cluster '{}' running: validator API on {}, p2p on {}, beacon nodes {}{}", data.nodeIndex(),
          data.lock().content().name(), server.address(), config.p2pAddress(), beaconNode,
          monitoring.url().map(u -> ", monitoring on " + u).orElse(""));
      return new PhalanxNode(beaconNode, executor, consensus, exchange, workflow, server, monitoring);
    } catch (RuntimeException | IOException e) {
      if (monitoring != null) {
        monitoring.close();
      }
      if (server != null) {
        server.close();
      }
      if (exchange != null) {
        exchange.close();
      }
      if (consensus != null) {
        consensus.close();
      }
      executor.shutdownNow();
      beaconNode.close();
      throw e;
    }
  }

  /** Every rule's label with its count (0 for rules never broken), and {@code malformed}. */
  static Map<String, Long> refusalsByRule(SlashingRefusals refusals) {
    Map<String, Long> byRule = new LinkedHashMap<>();
    for (Rule rule : Rule.values()) {
      byRule.put(rule.label(), refusals.byRule().getOrDefault(rule, 0L));
    }
    byRule.put("malformed", refusals.malformed());
    return byRule;
  }

  /** The partial-signature exchange listens on the port after Raft's. */
  static InetSocketAddress next(InetSocketAddress address) {
    return new InetSocketAddress(address.getHostString(), address.getPort() + 1);
  }

  private record ChainInfo(Genesis genesis, ChainSpec spec, Fork fork) {}

  private static ChainInfo awaitChain(BeaconNode beaconNode, String url) throws InterruptedException {
    long attempt = 0;
    while (true) {
      try {
        return new ChainInfo(beaconNode.genesis().get(10, TimeUnit.SECONDS), beaconNode.spec().get(10, TimeUnit.SECONDS),
            beaconNode.fork("head").get(10, TimeUnit.SECONDS));
      } catch (ExecutionException | TimeoutException e) {
        if (attempt++ % 5 == 0) {
          LOG.warn("waiting for the beacon node at {}: {}", url,
              e.getCause() == null ? e.toString() : e.getCause().getMessage());
        }
        Thread.sleep(2000);
      }
    }
  }

  /** The validator API server, e.g. to capture its exchanges for the beacon-API conformance suite. */
  public ValidatorApiServer validatorApiServer() {
    return server;
  }

  public URI validatorApiUrl() {
    InetSocketAddress a = server.address();
    return URI.create("http://" + a.getHostString() + ":" + a.getPort());
  }

  /** The beacon nodes' readiness, the endpoint serving reads and switches, for metrics and logs. */
  public BeaconNodeHealth beaconNodeHealth() {
    return beaconNode;
  }

  /** The failover client in front of this node's beacon nodes. */
  public FailoverBeaconNode beaconNodes() {
    return beaconNode;
  }

  /** The base URL of /metrics, /livez and /readyz, if the node serves them. */
  public Optional<URI> monitoringUrl() {
    return monitoring.url();
  }

  /** The node's metrics, for wiring further sources (e.g. {@link NodeMetrics#slashingRefusals}). */
  public NodeMetrics metrics() {
    return monitoring.metrics();
  }

  public Readiness.Result readiness() {
    return monitoring.readiness().evaluate();
  }

  public DutyTracker tracker() {
    return workflow.tracker();
  }

  /** Partial signatures of this node and its peers, with the duplicates it recognised. */
  public PartialSignatureStore partialSignatures() {
    return workflow.partialSignatures();
  }

  /** How many duty proposals this node's Raft state machine refused as slashable, by rule. */
  public SlashingRefusals slashingRefusals() {
    return consensus.slashingRefusals();
  }

  public OptionalInt leaderIndex() {
    return consensus.leaderIndex();
  }

  @Override
  public void close() {
    monitoring.close();
    server.close();
    workflow.close();
    exchange.close();
    consensus.close();
    executor.shutdownNow();
    beaconNode.close();
  }
}
