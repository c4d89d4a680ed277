package io.phalanx.consensus.raft;

import io.phalanx.spec.testing.SeededRandom;

import static org.awaitility.Awaitility.await;

import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.cluster.lock.LockContent;
import io.phalanx.cluster.lock.Operator;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.ThresholdBls;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.network.Network;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A cluster of {@link RaftConsensus} nodes in this JVM, in the spirit of Ratis's
 * {@code MiniRaftCluster.runWithNewCluster}: real sockets on 127.0.0.1, real mutual TLS, one data
 * folder per node. Each node's listener records what it heard, and how often per key.
 */
final class RaftTestCluster implements AutoCloseable {
  /** Short enough for a quick test, long enough not to flake on a shared 2-core machine. */
  static final Duration ELECTION_MIN = Duration.ofMillis(250);
  static final Duration ELECTION_MAX = Duration.ofMillis(500);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);
  /** How long a test waits for what should happen within a few election timeouts. */
  static final Duration WAIT = Duration.ofSeconds(20);

  /** The cluster's identities and lock, made once per size: key generation is the slow part. */
  record Fixture(ClusterLock lock, List<NodeIdentity> identities, NodeIdentity stranger) {
    static Fixture create(int n) {
      SecureRandom random = SeededRandom.of(7);
      List<NodeIdentity> identities = new ArrayList<>();
      List<Operator> operators = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        NodeIdentity identity = NodeIdentity.generate("phalanx-node" + i, random);
        identities.add(identity);
        operators.add(new Operator(identity.publicKey(), identity.certificateFingerprint(), Optional.empty()));
      }
      BlsSecretKey key = BlsSecretKey.random(random);
      int threshold = (2 * n + 2) / 3;
      List<BlsPublicKey> shares =
          ThresholdBls.split(key, n, threshold, random).stream().map(BlsSecretKey::publicKey).toList();
      DistributedValidator validator =
          new DistributedValidator(key.publicKey(), shares, Bytes.zero(20), Bytes.zero(20));
      LockContent content = new LockContent(ClusterLock.VERSION, "raft-test", Network.HOODI, threshold,
          operators, List.of(validator), "2026-11-25T00:00:00Z");
      NodeIdentity stranger = NodeIdentity.generate("phalanx-stranger", random);
      return new Fixture(ClusterLock.sign(content, identities), identities, stranger);
    }
  }

  @FunctionalInterface
  interface ClusterTest {
    void run(RaftTestCluster cluster) throws Exception;
  }

  private static final Random PORTS = new Random();
  private static final Map<Integer, Fixture> FIXTURES = new ConcurrentHashMap<>();

  private final Fixture fixture;
  private final Path root;
  private final List<InetSocketAddress> addresses;
  private final UnaryOperator<RaftConsensusConfig> tuning;
  private final RaftConsensus[] nodes;  // guarded by this for start and stop
  private final List<Map<DutyKey, Bytes>> heard = new ArrayList<>();
  private final List<Map<DutyKey, AtomicInteger>> heardCount = new ArrayList<>();

  private RaftTestCluster(Fixture fixture, Path root, UnaryOperator<RaftConsensusConfig> tuning) {
    this.fixture = fixture;
    this.root = root;
    this.tuning = tuning;
    int n = fixture.lock().nodeCount();
    this.nodes = new RaftConsensus[n];
    this.addresses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      addresses.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort()));
      heard.add(new ConcurrentHashMap<>());
      heardCount.add(new ConcurrentHashMap<>());
    }
  }

  /**
   * Starts {@code n} nodes with data folders in {@code root}, each configuration passed through
   * {@code tuning}, waits for a leader, runs {@code test}, and stops every node whatever happened.
   */
  static void runWithNewCluster(int n, Path root, UnaryOperator<RaftConsensusConfig> tuning, ClusterTest test)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try (RaftTestCluster cluster = new RaftTestCluster(fixture(n), root.resolve("attempt-" + attempt), tuning)) {
        try {
          for (int i = 0; i < cluster.size(); i++) {
            cluster.start(i);
          }
        } catch (UncheckedIOException e) {
          // A port found free was taken before the node bound it (the module's tests run in two
          // JVMs, each probing ports the same way): the cluster starts again on other ports.
          if (attempt < 3 && e.getCause() instanceof BindException) {
            continue;
          }
          throw e;
        }
        // The first election can take seconds on a loaded machine; no test should time that.
        cluster.awaitLeader();
        test.run(cluster);
        return;
      }
    }
  }

  /** The identities and lock of an {@code n}-node cluster, the same for every test. */
  static Fixture fixture(int n) {
    return FIXTURES.computeIfAbsent(n, Fixture::create);
  }

  static void runWithNewCluster(int n, Path root, ClusterTest test) throws Exception {
    runWithNewCluster(n, root, UnaryOperator.identity(), test);
  }

  int size() {
    return nodes.length;
  }

  RaftConsensus node(int i) {
    if (nodes[i] == null) {
      throw new IllegalStateException("node " + i + " is stopped");
    }
    return nodes[i];
  }

  RaftConsensusConfig config(int i) {
    RaftConsensusConfig base = RaftConsensusConfig.lan(i, fixture.lock(), fixture.identities().get(i),
        root.resolve("node" + i), addresses.get(i), addresses);
    return tuning.apply(base.withTimeouts(ELECTION_MIN, ELECTION_MAX, REQUEST_TIMEOUT));
  }

  void start(int i) {
    startWith(i, RaftConsensus.start(config(i)));
  }

  /** Starts node {@code i}'s slot with another consensus, e.g. an impostor's. */
  void startWith(int i, RaftConsensus consensus) {
    if (nodes[i] != null) {
      throw new IllegalStateException("node " + i + " is running");
    }
    nodes[i] = consensus;
    consensus.subscribe((key, value) -> {
      heard.get(i).put(key, value);
      heardCount.get(i).computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    });
  }

  void stop(int i) {
    RaftConsensus node;
    synchronized (this) {
      node = nodes[i];
      nodes[i] = null;
    }
    if (node != null) {
      node.close();
    }
  }

  List<Integer> running() {
    List<Integer> running = new ArrayList<>();
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i] != null) {
        running.add(i);
      }
    }
    return running;
  }

  /** Waits until every running node names the same leader, among the running nodes; returns it. */
  int awaitLeader() {
    int[] leader = new int[1];
    await("a leader known to every running node").atMost(Duration.ofSeconds(20)).until(() -> {
      OptionalInt first = OptionalInt.empty();
      for (int i : running()) {
        OptionalInt l = nodes[i].leaderIndex();
        if (l.isEmpty() || !running().contains(l.getAsInt()) || (first.isPresent() && first.getAsInt() != l.getAsInt())) {
          return false;
        }
        first = l;
      }
      leader[0] = first.orElseThrow();
      return true;
    });
    return leader[0];
  }

  /** Waits until each of {@code nodes} has decided {@code value} for {@code key} and told its listener. */
  void awaitDecided(List<Integer> nodes, DutyKey key, Bytes value) {
    await(key + " decided as " + value + " on nodes " + nodes).atMost(WAIT).until(() -> nodes.stream()
        .allMatch(i -> node(i).decided(key).equals(Optional.of(value)) && value.equals(heard(i).get(key))));
  }

  static Bytes value(String text) {
    return Bytes.of(text.getBytes(StandardCharsets.UTF_8));
  }

  /** What node {@code i}'s listener heard. */
  Map<DutyKey, Bytes> heard(int i) {
    return heard.get(i);
  }

  /** How many times node {@code i}'s listener heard {@code key}. */
  int heardCount(int i, DutyKey key) {
    AtomicInteger count = heardCount.get(i).get(key);
    return count == null ? 0 : count.get();
  }

  Fixture fixture() {
    return fixture;
  }

  List<InetSocketAddress> addresses() {
    return addresses;
  }

  Path root() {
    return root;
  }

  /** Stops every node at once: a Ratis server takes about a second to close. */
  @Override
  public void close() {
    List<Thread> stopping = new ArrayList<>();
    for (int i = 0; i < nodes.length; i++) {
      int node = i;
      stopping.add(Thread.ofVirtual().start(() -> stop(node)));
    }
    for (Thread t : stopping) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * A port that binds now, below Linux's ephemeral range (32768 and up), so the outgoing
   * connections of earlier tests cannot be holding it when a node starts or restarts.
   */
  private static int freePort() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = 20_000 + PORTS.nextInt(12_000);
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return port;
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new UncheckedIOException(new IOException("no free port found between 20000 and 32000"));
  }
}
