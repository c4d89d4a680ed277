package io.phalanx.consensus.raft;

import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.consensus.Consensus;
import io.phalanx.consensus.SlashingProtection;
import io.phalanx.consensus.raft.ProposalFailedException.Reason;
import io.phalanx.consensus.slashing.Interchange;
import io.phalanx.consensus.slashing.SlashingHistory;
import io.phalanx.consensus.tls.PinnedPeers;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agreement on one value per duty key through Apache Ratis: one Raft server per node, the group
 * being the lock's operators, over gRPC with mutual TLS pinned to the lock. Every node proposes;
 * the first value committed for a key is decided on every node ({@link DutyStateMachine}).
 *
 * <p>This class starts a node and is the facade the duty workflow uses; Ratis' settings are in
 * {@link RatisSettings}, the role sampling in {@link RaftHealthWatch}, the replicated
 * slashing-protection history in {@link ReplicatedSlashingProtection}.
 *
 * <pre>{@code
 * try (RaftConsensus consensus = RaftConsensus.start(RaftConsensusConfig.lan(i, lock, identity, dir, bind, peers))) {
 *   consensus.subscribe((key, value) -> store.put(key, value));
 *   Bytes decided = consensus.propose(key, attestationData).join();
 * }
 * }</pre>
 */
public final class RaftConsensus implements Consensus {
  private static final Logger LOG = LoggerFactory.getLogger(RaftConsensus.class);

  private final RaftConsensusConfig config;
  private final DutyStateMachine stateMachine;
  private final RaftServer server;
  private final RaftClient client;
  private final LocalDivision division;
  private final RaftHealthWatch healthWatch;
  private final Proposer proposer;
  private final ReplicatedSlashingProtection protection;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService delivery;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RaftConsensus(
      RaftConsensusConfig config,
      RaftGroup group,
      List<RaftPeerId> peerIds,
      DutyStateMachine stateMachine,
      RaftServer server,
      RaftClient client,
      boolean freshStorage,
      ScheduledExecutorService scheduler,
      ExecutorService delivery) {
    this.config = config;
    this.stateMachine = stateMachine;
    this.server = server;
    this.client = client;
    this.scheduler = scheduler;
    this.delivery = delivery;
    this.division = new LocalDivision(server, group.getGroupId(), peerIds);
    this.healthWatch = new RaftHealthWatch(config, division, client, freshStorage);
    this.proposer = new Proposer(client, group.getGroupId(), peerIds, division::leaderId, healthWatch::whyUndecided,
        scheduler, config.requestTimeout(), config.electionTimeoutMin().dividedBy(3));
    this.protection = new ReplicatedSlashingProtection(config.nodeIndex(),
        config.lock().content().network().genesisValidatorsRoot(), stateMachine, proposer);
  }

  /**
   * Starts this node's Raft server and client; returns once the server listens. The node then
   * joins its peers (or waits for them) and catches up from its data folder and the leader.
   *
   * @throws IllegalArgumentException if the identity is not the one the lock pins for this node
   * @throws UncheckedIOException if the server cannot start (port taken, data folder unusable)
   */
  public static RaftConsensus start(RaftConsensusConfig config) {
    ClusterLock lock = config.lock();
    if (!lock.operators().get(config.nodeIndex()).certificateFingerprint()
        .equals(config.identity().certificateFingerprint())) {
      throw new IllegalArgumentException(
          "this node's identity certificate " + config.identity().certificateFingerprint()
              + " is not the one the cluster lock pins for node " + config.nodeIndex()
              + ": peers would refuse it (wrong identity folder or wrong node index?)");
    }
    return startUnchecked(config);
  }

  /** {@link #start} without the identity check: tests use it to play a node the lock does not pin. */
  static RaftConsensus startUnchecked(RaftConsensusConfig config) {
    int n = config.lock().nodeCount();
    List<RaftPeerId> peerIds = new ArrayList<>(n);
    List<RaftPeer> peers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      RaftPeerId id = RatisSettings.peerId(i);
      peerIds.add(id);
      peers.add(RaftPeer.newBuilder().setId(id).setAddress(RatisSettings.hostPort(config.peerAddresses().get(i))).build());
    }
    RaftGroup group = RaftGroup.valueOf(RatisSettings.groupId(config), peers);
    RatisSettings.requireBindable(config);
    RaftProperties properties = RatisSettings.properties(config);
    Parameters parameters = RatisSettings.tlsParameters(new PinnedPeers(config.lock(), config.identity()));

    String name = "phalanx-raft-" + config.nodeIndex();
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemon(name));
    scheduler.setRemoveOnCancelPolicy(true); // a decided proposal's deadline leaves the queue at once
    ExecutorService delivery = Executors.newSingleThreadExecutor(daemon(name + "-decided"));
    DutyStateMachine stateMachine = new DutyStateMachine(config.decidedWindowSlots(),
        new SlashingGuard(config.lock(), config.slashing()), delivery);
    RaftServer server = null;
    try {
      Files.createDirectories(config.raftDir());
      OfflineHistory.writeSettings(config);
      boolean freshStorage = !Files.exists(config.raftDir().resolve(group.getGroupId().getUuid().toString()));
      server = RaftServer.newBuilder()
          .setServerId(peerIds.get(config.nodeIndex()))
          .setGroup(group)
          .setStateMachine(stateMachine)
          .setProperties(properties)
          .setParameters(parameters)
          .setOption(RaftStorage.StartupOption.RECOVER)
          .build();
      server.start();
      RaftClient client = RaftClient.newBuilder()
          .setClientId(ClientId.randomId())
          .setRaftGroup(group)
          .setProperties(properties)
          .setParameters(parameters)
          .setRetryPolicy(RetryPolicies.noRetry())
          .build();
      RaftConsensus consensus = new RaftConsensus(
          config, group, peerIds, stateMachine, server, client, freshStorage, scheduler, delivery);
      long period = config.electionTimeoutMin().toMillis();
      scheduler.scheduleWithFixedDelay(consensus.healthWatch, period, period, TimeUnit.MILLISECONDS);
      LOG.info("Raft node {} of {} listening on {}, group {}, log in {}",
          config.nodeIndex(), n, RatisSettings.hostPort(config.bindAddress()), group.getGroupId(), config.raftDir());
      return consensus;
    } catch (IOException | RuntimeException e) {
      closeQuietly(server);
      scheduler.shutdownNow();
      delivery.shutdownNow();
      throw new UncheckedIOException(
          "could not start the Raft server of node " + config.nodeIndex() + " on " + RatisSettings.hostPort(config.bindAddress())
              + ": " + e.getMessage(), e instanceof IOException io ? io : new IOException(e));
    }
  }

  @Override
  public CompletableFuture<Bytes> propose(DutyKey key, Bytes value, Collection<Bytes> signers) {
    if (value.size() > DutyCommand.MAX_VALUE_BYTES) {
      return CompletableFuture.failedFuture(new ProposalFailedException(Reason.REFUSED,
          "a proposed value is at most " + DutyCommand.MAX_VALUE_BYTES + " bytes, got " + value.size()
              + " for " + key));
    }
    Optional<Bytes> known = stateMachine.decided(key);
    if (known.isPresent()) {
      return CompletableFuture.completedFuture(known.get());
    }
    long horizon = stateMachine.horizon();
    if (key.slot() < horizon) {
      return CompletableFuture.failedFuture(
          new ProposalFailedException(Reason.REFUSED, DutyStateMachine.tooOld(key, horizon)));
    }
    TreeSet<Long> indices = new TreeSet<>();
    for (Bytes signer : signers) {
      Optional<Integer> index = stateMachine.readGuarded(g -> g.validatorIndex(signer));
      if (index.isEmpty()) {
        return CompletableFuture.failedFuture(new ProposalFailedException(Reason.REFUSED,
            "signer " + signer + " of " + key + " is not a validator of the cluster lock"));
      }
      indices.add(index.get().longValue());
    }
    Message message = Message.valueOf(DutyStateMachine.wrap(
        new DutyCommand(key, value, List.copyOf(indices)).encode()));
    return proposer.submit(message).thenApplyAsync(reply -> decidedValue(key, reply), delivery);
  }

  private static Bytes decidedValue(DutyKey key, Message reply) {
    return switch (DecidedWindow.Outcome.decode(Bytes.of(reply.getContent().toByteArray()))) {
      case DecidedWindow.Outcome.NewlyDecided d -> d.value();
      case DecidedWindow.Outcome.AlreadyDecided d -> d.value();
      case DecidedWindow.Outcome.TooOld t ->
          throw new ProposalFailedException(Reason.REFUSED, DutyStateMachine.tooOld(key, t.horizon()));
      case DecidedWindow.Outcome.Refused r ->
          throw new ProposalFailedException(Reason.REFUSED, "the cluster refused the proposal for " + key + ": "
              + r.reason());
      case DecidedWindow.Outcome.Imported i ->
          throw new IllegalStateException("a duty proposal was answered as an import");
    };
  }

  /**
   * Sends an imported slashing-protection history to the cluster, in log entries of at most
   * {@link ReplicatedSlashingProtection#IMPORT_RECORDS_PER_ENTRY} records. Until every part is
   * committed its validators are {@linkplain SlashingProtection#importPending pending}: the duty
   * workflow signs nothing for them. Merging is idempotent, so a part sent twice (after a restart)
   * does no harm.
   *
   * @return completes with how many of the lock's validators the history held, once all is committed
   */
  public CompletableFuture<Integer> importHistory(SlashingHistory history) {
    return protection.importHistory(history);
  }

  /** How many duty proposals this node's state machine refused, by slashing rule. Every node counts the same. */
  public SlashingRefusals slashingRefusals() {
    return stateMachine.slashingRefusals();
  }

  @Override
  public SlashingProtection slashingProtection() {
    return protection;
  }

  /** This node's copy of the cluster's slashing history, in the interchange format (for tests and export). */
  public Interchange exportHistory() {
    return protection.exportHistory();
  }

  @Override
  public void subscribe(DecidedListener listener) {
    stateMachine.subscribe(listener);
  }

  @Override
  public Optional<Bytes> decided(DutyKey key) {
    return stateMachine.decided(key);
  }

  @Override
  public OptionalInt leaderIndex() {
    return division.leaderIndex();
  }

  /** Role, term, leader, commit index and the followers' lag, as this node sees them now. */
  public RaftStats stats() {
    return division.stats(healthWatch.leaderChanges());
  }

  /** This node's index. */
  public int nodeIndex() {
    return config.nodeIndex();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    proposer.close();
    scheduler.shutdownNow();
    closeQuietly(client);
    closeQuietly(server);
    delivery.shutdown();
    LOG.info("Raft node {} stopped", config.nodeIndex());
  }

  /** The first index still in this node's Raft log: above 0 once a snapshot let it be purged. */
  long firstLogIndex() {
    return division.firstLogIndex();
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread t = new Thread(runnable, name);
      t.setDaemon(true);
      return t;
    };
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("Closing {} failed: {}", closeable.getClass().getSimpleName(), e.toString());
    }
  }
}
