package io.phalanx.consensus.parsigex;

import static io.phalanx.consensus.parsigex.ParSigExFixture.NODES;
import static io.phalanx.consensus.parsigex.ParSigExFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.consensus.PartialSignature;
import io.phalanx.consensus.parsigex.proto.ParSigExGrpc;
import io.phalanx.consensus.tls.PinnedPeers;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whole nodes on 127.0.0.1 with real TLS. Timeouts to wait for an arrival are generous (the
 * machine is shared); the retry deadlines that matter to a test are stated in it.
 */
class GrpcPartialSignatureExchangeTest {
  private static final Duration ARRIVAL = Duration.ofSeconds(30);
  private static final Duration QUIET = Duration.ofMillis(500);
  private static final Duration LONG_DEADLINE = Duration.ofSeconds(30);

  private final ParSigExFixture fx = ParSigExFixture.shared();
  private final List<AutoCloseable> running = new ArrayList<>();
  private List<InetSocketAddress> addresses;

  @BeforeEach
  void pickAddresses() {
    addresses = ParSigExFixture.freeAddresses(NODES);
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (AutoCloseable c : running) {
      c.close();
    }
  }

  @Test
  void eachBroadcastReachesEveryOtherNodeExactlyOnceWithTheSendersIndex() throws Exception {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      nodes.add(start(i, LONG_DEADLINE));
    }
    List<List<PartialSignature>> sent = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      List<PartialSignature> partials = fx.partials(i, keyOf(i), 5);
      sent.add(partials);
      nodes.get(i).exchange.broadcast(keyOf(i), partials);
    }
    for (int j = 0; j < NODES; j++) {
      Set<Integer> senders = new HashSet<>();
      for (int k = 0; k < NODES - 1; k++) {
        Received r = nodes.get(j).next();
        assertTrue(senders.add(r.from()), "node " + j + " got node " + r.from() + "'s batch twice");
        assertEquals(keyOf(r.from()), r.key());
        assertEquals(sent.get(r.from()), r.partials(), "partials from node " + r.from() + " at node " + j);
      }
      assertEquals(NODES - 1, senders.size());
      assertFalse(senders.contains(j), "node " + j + " received its own batch");
    }
    for (Node node : nodes) {
      node.assertNothingMore();
    }
    for (int j = 0; j < NODES; j++) {
      for (int i = 0; i < NODES; i++) {
        if (i != j) {
          PeerCounts counts = nodes.get(j).exchange.counts(i);
          assertEquals(new PeerCounts(1, 5, 0, 1, 0), counts, "node " + j + " about node " + i);
        }
      }
    }
  }

  @Test
  void aBatchOfAThousandPartialsArrivesWhole() throws Exception {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      nodes.add(start(i, LONG_DEADLINE));
    }
    DutyKey key = new DutyKey(1234, DutyType.ATTESTER);
    List<PartialSignature> partials = fx.partials(2, key, ParSigExFixture.VALIDATORS);
    nodes.get(2).exchange.broadcast(key, partials);
    for (int j : List.of(0, 1, 3)) {
      Received r = nodes.get(j).next();
      assertEquals(new Received(2, key, partials), r);
      assertEquals(1_000, nodes.get(j).exchange.counts(2).partialsReceived());
    }
  }

  @Test
  void aPeerThatComesUpWithinTheDeadlineReceivesTheBatch() throws Exception {
    Node sender = start(0, Duration.ofSeconds(20));
    DutyKey key = new DutyKey(7, DutyType.SELECTION_PROOF);
    List<PartialSignature> partials = fx.partials(0, key, 3);
    sender.exchange.broadcast(key, partials);
    Thread.sleep(1_000); // node 1 is down while the first attempts fail
    assertEquals(0, sender.exchange.counts(1).messagesSent());
    Node late = start(1, LONG_DEADLINE);
    assertEquals(new Received(0, key, partials), late.next());
    eventually(ARRIVAL, "the sender counts the delivery", () -> sender.exchange.counts(1).messagesSent() == 1);
    assertEquals(0, sender.exchange.counts(1).messagesDropped());
  }

  @Test
  void aBatchForAPeerThatStaysDownPastTheDeadlineIsDropped() throws Exception {
    Node sender = start(0, Duration.ofMillis(1_500));
    DutyKey key = new DutyKey(8, DutyType.AGGREGATOR);
    sender.exchange.broadcast(key, fx.partials(0, key, 3));
    eventually(ARRIVAL, "the batch for node 1 is dropped", () -> sender.exchange.counts(1).messagesDropped() == 1);
    Node late = start(1, LONG_DEADLINE);
    late.assertNothingMore();
    assertEquals(new PeerCounts(0, 0, 0, 0, 1), sender.exchange.counts(1));
  }

  @Test
  void aNodeWithAnUnpinnedCertificateCanNeitherSendToNorReceiveFromPinnedNodes() throws Exception {
    List<Node> pinned = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      pinned.add(start(i, Duration.ofSeconds(5)));
    }
    // The impostor takes node 3's address with a certificate of its own. Its lock pins the real
    // nodes, so it would accept them: any refusal comes from the pinned nodes' side.
    NodeIdentity impostorIdentity = fx.newIdentity("phalanx-node3");
    ClusterLock impostorLock = fx.lockFor(List.of(fx.identities.get(0), fx.identities.get(1),
        fx.identities.get(2), impostorIdentity));
    Node impostor = start(ParSigExConfig.of(3, impostorLock, impostorIdentity, addresses.get(3), addresses)
        .withRetryDeadline(Duration.ofSeconds(5)));

    DutyKey key = new DutyKey(9, DutyType.ATTESTER);
    impostor.exchange.broadcast(key, fx.partials(3, key, 3));
    pinned.get(0).exchange.broadcast(key, fx.partials(0, key, 3));

    for (int i = 0; i < 3; i++) {
      int peer = i;
      eventually(ARRIVAL, "the impostor gives up on node " + peer,
          () -> impostor.exchange.counts(peer).messagesDropped() == 1);
    }
    eventually(ARRIVAL, "node 0 gives up on node 3", () -> pinned.get(0).exchange.counts(3).messagesDropped() == 1);
    for (int j : List.of(1, 2)) {
      Received r = pinned.get(j).next();
      assertEquals(0, r.from());
      pinned.get(j).assertNothingMore();
      assertEquals(new PeerCounts(0, 0, 0, 0, 0), pinned.get(j).exchange.counts(3));
    }
    pinned.get(0).assertNothingMore();
    impostor.assertNothingMore();
    for (int i = 0; i < 3; i++) {
      assertEquals(0, impostor.exchange.counts(i).messagesSent());
    }
    assertEquals(0, pinned.get(0).exchange.counts(3).messagesSent());
  }

  @Test
  void theSendersIndexComesFromItsCertificateNotFromWhatItClaims() throws Exception {
    Node node0 = start(0, LONG_DEADLINE);
    Node node2 = start(2, LONG_DEADLINE);
    Node node3 = start(3, LONG_DEADLINE);
    // A liar holds node 1's certificate but believes it is node 2: its lock swaps the pins of
    // nodes 1 and 2, and it listens at node 1's address, where peers expect node 1's certificate.
    List<NodeIdentity> ids = fx.identities;
    ClusterLock swapped = fx.lockFor(List.of(ids.get(0), ids.get(2), ids.get(1), ids.get(3)));
    List<InetSocketAddress> swappedAddresses =
        List.of(addresses.get(0), addresses.get(2), addresses.get(1), addresses.get(3));
    Node liar = start(ParSigExConfig.of(2, swapped, ids.get(1), addresses.get(1), swappedAddresses)
        .withRetryDeadline(Duration.ofSeconds(5)));

    // Signed with node 2's share and claiming share 3: refused, and counted against node 1.
    DutyKey claimed = new DutyKey(11, DutyType.ATTESTER);
    List<PartialSignature> asNode2 = List.of(fx.partial(2, 3, 0, claimed), fx.partial(2, 3, 1, claimed));
    liar.exchange.broadcast(claimed, asNode2);
    for (Node receiver : List.of(node0, node2, node3)) {
      eventually(ARRIVAL, "the claim is rejected",
          () -> receiver.exchange.counts(1).batchesRejected() == 1);
      assertEquals(0, receiver.exchange.counts(2).batchesRejected());
      receiver.assertNothingMore();
    }
    // The liar's own share's partials arrive, as node 1's.
    DutyKey own = new DutyKey(12, DutyType.ATTESTER);
    List<PartialSignature> asNode1 = fx.partials(1, own, 2);
    liar.exchange.broadcast(own, asNode1);
    for (Node receiver : List.of(node0, node2, node3)) {
      assertEquals(new Received(1, own, asNode1), receiver.next());
    }
  }

  @Test
  void aMalformedBatchIsRejectedCountedAndNeverReachesAListener() throws Exception {
    Node node0 = start(0, LONG_DEADLINE);
    ManagedChannel channel = channelAs(1, 0);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
        channel, BatchReceiver.SEND, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
        new byte[] {(byte) 0xff, 1, 2}));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("not a protobuf"), e.getStatus().getDescription());
    assertEquals(new PeerCounts(0, 0, 1, 0, 0), node0.exchange.counts(1));
    node0.assertNothingMore();
  }

  @Test
  void aBatchThatArrivesTwiceReachesTheListenersOnce() throws Exception {
    Node node0 = start(0, LONG_DEADLINE);
    DutyKey key = new DutyKey(13, DutyType.ATTESTER);
    List<PartialSignature> partials = fx.partials(1, key, 2);
    ParSigExGrpc.ParSigExBlockingStub stub = ParSigExGrpc.newBlockingStub(channelAs(1, 0));
    for (int i = 0; i < 2; i++) {
      stub.withDeadlineAfter(30, TimeUnit.SECONDS).send(BatchCodec.encode(99, key, partials));
    }
    assertEquals(new Received(1, key, partials), node0.next());
    node0.assertNothingMore();
    assertEquals(new PeerCounts(1, 2, 0, 0, 0), node0.exchange.counts(1));
  }

  @Test
  void closeIsPromptAndLeavesNoThreadSending() throws Exception {
    Node sender = start(0, LONG_DEADLINE);
    for (int slot = 0; slot < 3; slot++) {
      DutyKey key = new DutyKey(slot, DutyType.ATTESTER);
      sender.exchange.broadcast(key, fx.partials(0, key, 2));
    }
    Thread.sleep(500); // the peers are down: every batch is between retries
    long started = System.nanoTime();
    sender.exchange.close();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "close took " + took);
    // A Netty event loop reports itself terminated from its own thread, which then exits: allow it
    // that moment (seen on a loaded machine: the thread still alive right after close returned).
    List<String> left = new ArrayList<>();
    eventually(Duration.ofSeconds(2), "no parsigex-0 thread left: " + left, () -> {
      left.clear();
      Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
          .filter(n -> n.startsWith("parsigex-0-")).forEach(left::add);
      return left.isEmpty();
    });
    Node late = start(1, LONG_DEADLINE);
    Thread.sleep(1_000);
    late.assertNothingMore();
    assertEquals(0, sender.exchange.counts(1).messagesSent());
    sender.exchange.broadcast(new DutyKey(5, DutyType.ATTESTER), fx.partials(0, new DutyKey(5, DutyType.ATTESTER), 1));
  }

  @Test
  void aListenerThatThrowsDoesNotKeepTheOthersFromTheBatch() throws Exception {
    Node sender = start(0, LONG_DEADLINE);
    Node receiver = start(1, LONG_DEADLINE);
    receiver.exchange.subscribe((from, key, partials) -> {
      throw new IllegalStateException("a broken listener");
    });
    BlockingQueue<Received> second = new LinkedBlockingQueue<>();
    receiver.exchange.subscribe((from, key, partials) -> second.add(new Received(from, key, partials)));
    DutyKey key = new DutyKey(3, DutyType.ATTESTER);
    List<PartialSignature> partials = fx.partials(0, key, 2);
    sender.exchange.broadcast(key, partials);
    assertEquals(new Received(0, key, partials), receiver.next());
    assertEquals(new Received(0, key, partials), second.poll(ARRIVAL.toSeconds(), TimeUnit.SECONDS));
    eventually(ARRIVAL, "the batch is acknowledged", () -> sender.exchange.counts(1).messagesSent() == 1);
  }

  /** A bare channel to node {@code peer} that presents node {@code sender}'s certificate. */
  private ManagedChannel channelAs(int sender, int peer) {
    PeerTls tls = new PeerTls(new PinnedPeers(fx.lock, fx.identities.get(sender)));
    ManagedChannel channel = NettyChannelBuilder.forAddress(addresses.get(peer), tls.channelCredentials(peer))
        .overrideAuthority(PeerTls.authorityOf(peer))
        .build();
    running.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return channel;
  }

  @Test
  void pingsMeasureRoundTripAndClockOffsetAndAStoppedPeerShowsDisconnected() throws Exception {
    Node a = start(0, LONG_DEADLINE);
    // Node 1's clock runs 5 s ahead: the offset node 0 measures says so, within the round trip.
    Node b = start(ParSigExConfig.of(1, fx.lock, fx.identities.get(1), addresses.get(1), addresses)
        .withClock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(5))));
    eventually(ARRIVAL, "node 0 sees node 1 connected", () -> a.exchange.peerLink(1).connected());
    PeerLink link = a.exchange.peerLink(1);
    assertTrue(link.roundTripMillis() > 0 && link.roundTripMillis() < 5_000, link.toString());
    assertTrue(Math.abs(link.clockOffsetMillis() - 5_000) < 250, link.toString());
    assertTrue(Math.abs(b.exchange.peerLink(0).clockOffsetMillis() + 5_000) < 250 || !b.exchange.peerLink(0).connected());
    assertFalse(a.exchange.peerLink(2).connected(), "node 2 never ran");
    b.close();
    eventually(ARRIVAL, "node 0 sees node 1 gone", () -> !a.exchange.peerLink(1).connected());
    assertTrue(a.exchange.peerLink(1).pingsFailed() >= 1);
  }

  private static DutyKey keyOf(int node) {
    return new DutyKey(100 + node, DutyType.ATTESTER);
  }

  private Node start(int nodeIndex, Duration retryDeadline) {
    return start(ParSigExConfig.of(nodeIndex, fx.lock, fx.identities.get(nodeIndex), addresses.get(nodeIndex),
        addresses).withRetryDeadline(retryDeadline));
  }

  private Node start(ParSigExConfig config) {
    Node node = new Node(GrpcPartialSignatureExchange.start(config));
    running.add(node);
    return node;
  }

  private record Received(int from, DutyKey key, List<PartialSignature> partials) {}

  /** A running exchange and what its listener got. */
  private static final class Node implements AutoCloseable {
    final GrpcPartialSignatureExchange exchange;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    Node(GrpcPartialSignatureExchange exchange) {
      this.exchange = exchange;
      exchange.subscribe((from, key, partials) -> received.add(new Received(from, key, partials)));
    }

    Received next() throws InterruptedException {
      Received r = received.poll(ARRIVAL.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(r, "nothing arrived within " + ARRIVAL);
      return r;
    }

    void assertNothingMore() throws InterruptedException {
      assertNull(received.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
      exchange.close();
    }
  }
}
