package io.phalanx.node.runtime;

import io.phalanx.api.BeaconNode;
import io.phalanx.api.ChainSpec;
import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.api.server.ValidatorApiServer;
import io.phalanx.consensus.parsigex.GrpcPartialSignatureExchange;
import io.phalanx.consensus.parsigex.ParSigExConfig;
import io.phalanx.consensus.raft.RaftConsensus;
import io.phalanx.consensus.raft.RaftConsensusConfig;
import io.phalanx.consensus.raft.SlashingConfig;
import io.phalanx.duties.ClusterView;
import io.phalanx.duties.DutyTracker;
import io.phalanx.duties.DutyWorkflow;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.Fork;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
   * @param p2pAddress where Raft listens; the partial-signature exchange listens on the next port
   * @param peers every node's Raft address in node order (this node's included); each exchange is
   *     on the port after
   */
  public record Config(
      NodeData data,
      URI beaconNode,
      InetSocketAddress validatorApiAddress,
      InetSocketAddress p2pAddress,
      List<InetSocketAddress> peers,
      Duration electionTimeoutMin,
      Duration electionTimeoutMax,
      Duration consensusTimeout,
      String version) {
    public Config {
      peers = List.copyOf(peers);
      if (peers.size() != data.lock().nodeCount()) {
        throw new IllegalArgumentException(peers.size() + " peer addresses for " + data.lock().nodeCount()
            + " nodes: give every node's p2p address in node order, this node's included");
      }
    }

    public static Config lan(NodeData data, URI beaconNode, InetSocketAddress validatorApi, InetSocketAddress p2p,
        List<InetSocketAddress> peers, String version) {
      return new Config(data, beaconNode, validatorApi, p2p, peers, RaftConsensusConfig.LAN_ELECTION_TIMEOUT_MIN,
          RaftConsensusConfig.LAN_ELECTION_TIMEOUT_MAX, RaftConsensusConfig.DEFAULT_REQUEST_TIMEOUT, version);
    }
  }

  private final HttpBeaconNode beaconNode;
  private final ScheduledExecutorService executor;
  private final RaftConsensus consensus;
  private final GrpcPartialSignatureExchange exchange;
  private final DutyWorkflow workflow;
  private final ValidatorApiServer server;

  private PhalanxNode(HttpBeaconNode beaconNode, ScheduledExecutorService executor, RaftConsensus consensus,
      GrpcPartialSignatureExchange exchange, DutyWorkflow workflow, ValidatorApiServer server) {
    this.beaconNode = beaconNode;
    this.executor = executor;
    this.consensus = consensus;
    this.exchange = exchange;
    this.workflow = workflow;
    this.server = server;
  }

  /**
   * Starts the node: waits for its beacon node to answer (logging while it does not), checks that
   * it serves the lock's network, then starts agreement, exchange, duties and the validator API.
   *
   * @throws IllegalArgumentException when the beacon node serves another network
   */
  public static PhalanxNode start(Config config) throws IOException, InterruptedException {
    NodeData data = config.data();
    HttpBeaconNode beaconNode = new HttpBeaconNode(HttpBeaconNode.Config.of(config.beaconNode()));
    ChainInfo chain = awaitChain(beaconNode, config.beaconNode());
    if (!chain.genesis().genesisValidatorsRoot().equals(data.lock().content().network().genesisValidatorsRoot())) {
      beaconNode.close();
      throw new IllegalArgumentException("the beacon node at " + config.beaconNode() + " serves a chain with genesis"
          + " validators root " + chain.genesis().genesisValidatorsRoot() + ", but the cluster lock is for "
          + data.lock().content().network().name() + " (" + data.lock().content().network().genesisValidatorsRoot()
          + "): point the node at a beacon node of that network");
    }
    SlotClock clock = new SlotClock(Instant.ofEpochSecond(chain.genesis().genesisTime()), chain.spec().slotDuration(),
        chain.spec().slotsPerEpoch(), Clock.systemUTC());
    ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "node" + data.nodeIndex() + "-duties");
      t.setDaemon(true);
      return t;
    });
    RaftConsensus consensus = null;
    GrpcPartialSignatureExchange exchange = null;
    try {
      SlashingConfig slashing = new SlashingConfig(chain.fork(), SlashingConfig.DEFAULT_HISTORY_EPOCHS,
          chain.spec().slotsPerEpoch());
      consensus = RaftConsensus.start(new RaftConsensusConfig(data.nodeIndex(), data.lock(), data.identity(),
          data.stateDir(), config.p2pAddress(), config.peers(), config.electionTimeoutMin(),
          config.electionTimeoutMax(), config.consensusTimeout(), RaftConsensusConfig.DEFAULT_DECIDED_WINDOW_SLOTS,
          RaftConsensusConfig.DEFAULT_SNAPSHOT_EVERY_ENTRIES, slashing));
      // Before duties start, so that the imported validators are pending from the first slot.
      SlashingProtectionFiles.submitPending(consensus, data.stateDir(), slashing, executor);
      exchange = GrpcPartialSignatureExchange.start(ParSigExConfig.of(data.nodeIndex(), data.lock(), data.identity(),
          next(config.p2pAddress()), config.peers().stream().map(PhalanxNode::next).toList()));
      DutyWorkflow workflow = new DutyWorkflow(new ClusterView(data.lock(), data.nodeIndex()), consensus, exchange,
          beaconNode, clock, chain.fork(), chain.genesis().genesisValidatorsRoot(), executor);
      ValidatorApiServer server = new ValidatorApiServer(
          ValidatorApiServer.Config.of("Phalanx/" + config.version()).withBindAddress(config.validatorApiAddress()),
          workflow.validatorApi(), beaconNode);
      server.start();
      workflow.start();
      LOG.info("node {} of cluster '{}' running: validator API on {}, p2p on {}, beacon node {}", data.nodeIndex(),
          data.lock().content().name(), server.address(), config.p2pAddress(), config.beaconNode());
      return new PhalanxNode(beaconNode, executor, consensus, exchange, workflow, server);
    } catch (RuntimeException | IOException e) {
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

  /** The partial-signature exchange listens on the port after Raft's. */
  static InetSocketAddress next(InetSocketAddress address) {
    return new InetSocketAddress(address.getHostString(), address.getPort() + 1);
  }

  private record ChainInfo(Genesis genesis, ChainSpec spec, Fork fork) {}

  private static ChainInfo awaitChain(BeaconNode beaconNode, URI url) throws InterruptedException {
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

  public URI validatorApiUrl() {
    InetSocketAddress a = server.address();
    return URI.create("http://" + a.getHostString() + ":" + a.getPort());
  }

  public DutyTracker tracker() {
    return workflow.tracker();
  }

  /** How many duty proposals this node's Raft state machine refused as slashable, by rule. */
  public io.phalanx.consensus.raft.SlashingRefusals slashingRefusals() {
    return consensus.slashingRefusals();
  }

  public OptionalInt leaderIndex() {
    return consensus.leaderIndex();
  }

  @Override
  public void close() {
    server.close();
    workflow.close();
    exchange.close();
    consensus.close();
    executor.shutdownNow();
    beaconNode.close();
  }
}
