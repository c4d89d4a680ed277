package io.phalanx.consensus.raft;

import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.consensus.Consensus;
import io.phalanx.consensus.SlashingProtection;
import io.phalanx.consensus.slashing.Interchange;
import io.phalanx.consensus.slashing.SlashingHistory;
import io.phalanx.consensus.slashing.Verdict;
import io.phalanx.consensus.raft.ProposalFailedException.Reason;
import io.phalanx.consensus.tls.PinnedPeers;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.io.netty.handler.ssl.SslProvider;
import org.apache.ratis.util.ExitUtils;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agreement on one value per duty key through Apache Ratis: one Raft server per node, the group
 * being the lock's operators, over gRPC with mutual TLS pinned to the lock. Every node proposes;
 * the first value committed for a key is decided on every node ({@link DutyStateMachine}).
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
  /** Beyond a command's value: its key, its signers (at most 65,536 indices of 8 bytes) and Ratis' framing. */
  static final int MAX_ENTRY_OVERHEAD_BYTES = 1 << 20;

  private final RaftConsensusConfig config;
  private final RaftGroupId groupId;
  private final List<RaftPeerId> peerIds;
  private final DutyStateMachine stateMachine;
  private final RaftServer server;
  private final RaftClient client;
  private final Proposer proposer;
  private final QuorumWatch quorumWatch;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService delivery;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final RaftStats.LeaderChanges leaderChanges = new RaftStats.LeaderChanges();
  private final Set<Bytes> pendingImport = ConcurrentHashMap.newKeySet();
  /** This node started without a Raft log of its group (first start, or its data folder was lost). */
  private volatile boolean freshStorage;
  private long emptyLogSinceMillis = -1;
  private int stepDownRequests;

  private RaftConsensus(
      RaftConsensusConfig config,
      RaftGroup group,
      List<RaftPeerId> peerIds,
      DutyStateMachine stateMachine,
      RaftServer server,
      RaftClient client,
      ScheduledExecutorService scheduler,
      ExecutorService delivery) {
    this.config = config;
    this.groupId = group.getGroupId();
    this.peerIds = peerIds;
    this.stateMachine = stateMachine;
    this.server = server;
    this.client = client;
    this.scheduler = scheduler;
    this.delivery = delivery;
    this.quorumWatch = new QuorumWatch(
        config.nodeIndex(), peerIds.size(), 2 * config.electionTimeoutMax().toMillis());
    this.proposer = new Proposer(client, groupId, peerIds, this::leaderId, quorumWatch::whyUndecided, scheduler,
        config.requestTimeout(), config.electionTimeoutMin().dividedBy(3));
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
      RaftPeerId id = peerId(i);
      peerIds.add(id);
      peers.add(RaftPeer.newBuilder().setId(id).setAddress(hostPort(config.peerAddresses().get(i))).build());
    }
    RaftGroup group = RaftGroup.valueOf(groupId(config), peers);
    requireBindable(config);
    RaftProperties properties = properties(config);
    Parameters parameters = tlsParameters(new PinnedPeers(config.lock(), config.identity()));

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
      RaftConsensus consensus =
          new RaftConsensus(config, group, peerIds, stateMachine, server, client, scheduler, delivery);
      consensus.freshStorage = freshStorage;
      long period = config.electionTimeoutMin().toMillis();
      scheduler.scheduleWithFixedDelay(consensus::watchQuorum, period, period, TimeUnit.MILLISECONDS);
      LOG.info("Raft node {} of {} listening on {}, group {}, log in {}",
          config.nodeIndex(), n, hostPort(config.bindAddress()), group.getGroupId(), config.raftDir());
      return consensus;
    } catch (IOException | RuntimeException e) {
      closeQuietly(server);
      scheduler.shutdownNow();
      delivery.shutdownNow();
      throw new UncheckedIOException(
          "could not start the Raft server of node " + config.nodeIndex() + " on " + hostPort(config.bindAddress())
              + ": " + e.getMessage(), e instanceof IOException io ? io : new IOException(e));
    }
  }

  /**
   * A port that is taken fails the start with a message naming the address. Ratis would end the
   * whole JVM when its gRPC server cannot bind (its only such exit); with that turned off it
   * throws instead, which the start reports the same way, so a port taken in between the check
   * and the bind fails this node's start, not the process.
   */
  private static void requireBindable(RaftConsensusConfig config) {
    ExitUtils.disableSystemExit();
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(config.bindAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("the Raft address of node " + config.nodeIndex() + ", "
          + hostPort(config.bindAddress()) + ", cannot be bound (in use by another process?): " + e.getMessage(), e);
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
   * {@link #IMPORT_RECORDS_PER_ENTRY} records. Until every part is committed its validators are
   * {@linkplain SlashingProtection#importPending pending}: the duty workflow signs nothing for them.
   * Merging is idempotent, so a part sent twice (after a restart) does no harm.
   *
   * @return completes with how many of the lock's validators the history held, once all is committed
   */
  public CompletableFuture<Integer> importHistory(SlashingHistory history) {
    Set<Bytes> validators = Set.copyOf(history.pubkeys());
    pendingImport.addAll(validators);
    CompletableFuture<Integer> done = CompletableFuture.completedFuture(0);
    for (SlashingHistory part : history.split(IMPORT_RECORDS_PER_ENTRY)) {
      Message message = Message.valueOf(DutyStateMachine.wrap(new ImportCommand(Bytes.of(part.toSsz())).encode()));
      done = done.thenCompose(sum -> proposer.submit(message).thenApply(reply ->
          switch (DecidedWindow.Outcome.decode(Bytes.of(reply.getContent().toByteArray()))) {
            case DecidedWindow.Outcome.Imported i -> sum + (int) i.validators();
            default -> throw new IllegalStateException("an import was answered as a duty");
          }));
    }
    return done.whenComplete((count, error) -> {
      if (error == null) {
        pendingImport.removeAll(validators);
        LOG.info("Node {}: the imported slashing-protection history of {} validators is in the cluster's history",
            config.nodeIndex(), count);
      }
    });
  }

  /** Imported records per Raft entry: about 600 KB, below the 1 MB a proposal may carry. */
  static final int IMPORT_RECORDS_PER_ENTRY = 10_000;

  /** How many duty proposals this node's state machine refused, by slashing rule. Every node counts the same. */
  public SlashingRefusals slashingRefusals() {
    return stateMachine.slashingRefusals();
  }

  @Override
  public SlashingProtection slashingProtection() {
    return protection;
  }

  private final SlashingProtection protection = new SlashingProtection() {
    @Override
    public boolean attestationRecorded(Bytes groupPublicKey, long sourceEpoch, long targetEpoch, Bytes signingRoot) {
      return !importPending(groupPublicKey) && stateMachine.readGuarded(
          g -> g.hasAttestation(groupPublicKey, sourceEpoch, targetEpoch, signingRoot));
    }

    @Override
    public Verdict checkAttestation(Bytes groupPublicKey, long sourceEpoch, long targetEpoch, Bytes signingRoot) {
      return stateMachine.readGuarded(g -> g.checkAttestation(groupPublicKey, sourceEpoch, targetEpoch, signingRoot));
    }

    @Override
    public boolean importPending(Bytes groupPublicKey) {
      return pendingImport.contains(groupPublicKey);
    }

    @Override
    public Verdict checkBlock(Bytes groupPublicKey, long slot, Bytes signingRoot) {
      return stateMachine.readGuarded(g -> g.checkBlock(groupPublicKey, slot, signingRoot));
    }
  };

  /** This node's copy of the cluster's slashing history, in the interchange format (for tests and export). */
  public Interchange exportHistory() {
    return stateMachine.readGuarded(g -> g.history().toInterchange(
        config.lock().content().network().genesisValidatorsRoot()));
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
    return division().map(DivisionInfo::getLeaderId).map(this::indexOf).orElse(OptionalInt.empty());
  }

  /** Role, term, leader, commit index and the followers' lag, as this node sees them now. */
  public RaftStats stats() {
    try {
      return RaftStats.of(server.getDivision(groupId), peerIds, leaderChanges.count());
    } catch (IOException | RuntimeException e) {
      return RaftStats.unknown(leaderChanges.count());
    }
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

  private void watchQuorum() {
    try {
      Optional<DivisionInfo> info = division();
      if (info.isEmpty()) {
        return;
      }
      RoleInfoProto role = info.get().getRoleInfoProto();
      leaderChanges.observe(indexOf(info.get().getLeaderId()));
      rejoinIfStuck(info.get());
      OptionalInt reachable = OptionalInt.empty();
      if (role.getRole() == RaftPeerRole.LEADER) {
        long fresh = config.electionTimeoutMax().toMillis();
        reachable = OptionalInt.of((int) role.getLeaderInfo().getFollowerInfoList().stream()
            .filter(f -> f.getLastRpcElapsedTimeMs() <= fresh)
            .count());
      }
      QuorumWatch.Sample sample = new QuorumWatch.Sample(
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime()),
          role.getRole().name(),
          indexOf(info.get().getLeaderId()),
          reachable);
      quorumWatch.observe(sample).ifPresent(change -> {
        if (change.warning()) {
          LOG.warn("Node {}: {}", config.nodeIndex(), change.message());
        } else {
          LOG.info("Node {}: {}", config.nodeIndex(), change.message());
        }
      });
    } catch (RuntimeException e) {
      LOG.debug("Could not sample the Raft role", e);
    }
  }

  /**
   * A node whose data folder was lost rejoins with an empty log, but a leader that knew it keeps
   * its old match index and sends only entries after it, which the empty log refuses for ever
   * (Ratis assumes a follower never loses its log). A new leadership starts from scratch with each
   * follower, so such a node, still empty a few election timeouts after it learned of a leader,
   * asks the leader to step down; the new leader sends it the log or its snapshot, which carry the
   * slashing-protection history.
   */
  private void rejoinIfStuck(DivisionInfo info) {
    if (!freshStorage || stepDownRequests >= 3) {
      return;
    }
    RaftPeerId leader = info.getLeaderId();
    long logNext;
    try {
      logNext = server.getDivision(groupId).getRaftLog().getNextIndex();
    } catch (IOException e) {
      return;
    }
    // A leader sends a new follower its first entry within a heartbeat, committed or not; only a
    // leader that still believes the follower has its old log sends nothing it can take.
    if (logNext > 0) {
      freshStorage = false;
      return;
    }
    long now = TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    if (leader == null || leader.equals(peerIds.get(config.nodeIndex()))) {
      return;
    }
    if (emptyLogSinceMillis < 0) {
      emptyLogSinceMillis = now;
      return;
    }
    if (now - emptyLogSinceMillis > 4 * config.electionTimeoutMax().toMillis()) {
      stepDownRequests++;
      emptyLogSinceMillis = now;
      LOG.warn("Node {}: its Raft log is still empty although {} leads: asking the leader to step down so that"
          + " a new leadership sends it the log (was its data folder lost?)", config.nodeIndex(), leader);
      CompletableFuture.runAsync(() -> {
        try {
          client.admin().transferLeadership(null, config.electionTimeoutMax().toMillis() * 4);
        } catch (IOException | RuntimeException e) {
          LOG.debug("Step-down request failed: {}", e.toString());
        }
      });
    }
  }

  /** The first index still in this node's Raft log: above 0 once a snapshot let it be purged. */
  long firstLogIndex() {
    try {
      return server.getDivision(groupId).getRaftLog().getStartIndex();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Optional<DivisionInfo> division() {
    try {
      return Optional.of(server.getDivision(groupId).getInfo());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private Optional<RaftPeerId> leaderId() {
    return division().map(DivisionInfo::getLeaderId);
  }

  private OptionalInt indexOf(RaftPeerId id) {
    int i = id == null ? -1 : peerIds.indexOf(id);
    return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
  }

  /**
   * The group id, the same on every node: derived from the lock hash, from the decided window and
   * the slashing history's window, because nodes that prune differently would decide differently;
   * such nodes must not form a group. (v2: log entries carry a kind byte and signers.)
   */
  static RaftGroupId groupId(RaftConsensusConfig config) {
    return groupId(config.lock(), config.decidedWindowSlots(), config.slashing());
  }

  static RaftGroupId groupId(ClusterLock lock, long decidedWindowSlots, SlashingConfig slashing) {
    String name = "phalanx-raft/v2/" + lock.lockHash().toHex() + "/window/" + decidedWindowSlots
        + "/slashing-history/" + slashing.historyEpochs() + "x" + slashing.slotsPerEpoch();
    return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
  }

  static RaftPeerId peerId(int nodeIndex) {
    return RaftPeerId.valueOf("node-" + nodeIndex);
  }

  private static RaftProperties properties(RaftConsensusConfig config) {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(config.raftDir().toFile()));
    GrpcConfigKeys.Server.setHost(p, config.bindAddress().getHostString());
    GrpcConfigKeys.Server.setPort(p, config.bindAddress().getPort());
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, millis(config.electionTimeoutMin()));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, millis(config.electionTimeoutMax()));
    // Server-to-server calls (append, vote) must outlast an election timeout, or a slow but live
    // peer looks dead.
    Duration serverRpc = max(Duration.ofSeconds(3), config.electionTimeoutMax().multipliedBy(4));
    RaftServerConfigKeys.Rpc.setRequestTimeout(p, millis(serverRpc));
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, millis(config.requestTimeout()));
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.snapshotEveryEntries());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    // The log before a snapshot is dropped even when a node is down: the snapshot holds all that
    // still matters (older slots are pruned anyway), and the leader sends it to a node that comes
    // back too far behind. Smaller segments than Ratis's 32 MB let that happen in step with the
    // snapshots.
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(Integer.MAX_VALUE, config.snapshotEveryEntries()));
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf("4MB"));
    RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf("1MB"));
    // Ratis refuses an entry larger than the appender's buffer (4 MB by default); a block with its
    // blobs is one entry of up to DutyCommand.MAX_VALUE_BYTES, plus its key and signers.
    SizeInBytes entry = SizeInBytes.valueOf(DutyCommand.MAX_VALUE_BYTES + MAX_ENTRY_OVERHEAD_BYTES);
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, entry);
    // Ratis writes an entry through one (off-heap) buffer, which must hold the largest entry.
    RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf(entry.getSize() + 8));
    return p;
  }

  /**
   * Mutual TLS on every Ratis channel (client, admin, server-to-server): each node presents its
   * identity certificate and accepts only certificates the lock pins. The JDK's TLS rather than
   * the bundled OpenSSL, because the key and trust managers are the JDK's own.
   */
  private static Parameters tlsParameters(PinnedPeers pinned) {
    GrpcTlsConfig tls = GrpcTlsConfig.newBuilder()
        .setKeyManager(pinned.keyManager())
        .setTrustManager(pinned.trustManager())
        .setMutualTls(true)
        .setSslProvider(SslProvider.JDK)
        .build();
    Parameters parameters = new Parameters();
    GrpcConfigKeys.TLS.setConf(parameters, tls);
    GrpcConfigKeys.Admin.setTlsConf(parameters, tls);
    GrpcConfigKeys.Client.setTlsConf(parameters, tls);
    GrpcConfigKeys.Server.setTlsConf(parameters, tls);
    return parameters;
  }

  private static TimeDuration millis(Duration d) {
    return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String hostPort(InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
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
