package io.phalanx.consensus.dkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.cluster.definition.ClusterDefinition;
import io.phalanx.cluster.definition.DefinitionContent;
import io.phalanx.cluster.definition.InvalidDefinitionException;
import io.phalanx.cluster.deposit.DepositDataFile;
import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.cluster.lock.Operator;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.ThresholdBls;
import io.phalanx.spec.network.Network;
import io.phalanx.spec.testing.SeededRandom;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Whole ceremonies of four nodes in one JVM, over real gRPC with pinned mutual TLS on 127.0.0.1. */
class DkgCeremonyTest {
  private static final int N = 4;
  private static final int T = 3;
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final SecureRandom random = SeededRandom.of(8);
  private final List<NodeIdentity> identities = new ArrayList<>();

  DkgCeremonyTest() {
    for (int i = 0; i < N; i++) {
      identities.add(NodeIdentity.generate("phalanx-test-" + i, random));
    }
  }

  private ClusterDefinition definition(String name, int validators) {
    List<Operator> operators = identities.stream()
        .map(id -> new Operator(id.publicKey(), id.certificateFingerprint(), Optional.empty())).toList();
    ClusterDefinition d = ClusterDefinition.of(new DefinitionContent(ClusterDefinition.VERSION, name, Network.HOODI, T,
        validators, Bytes.fromHex("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"), Bytes.zero(20), 32_000_000_000L,
        operators, "2026-11-26T00:00:00Z"));
    for (NodeIdentity id : identities) {
      d = d.signedBy(id);
    }
    return d;
  }

  private static List<InetSocketAddress> freeAddresses(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(s -> new InetSocketAddress("127.0.0.1", s.getLocalPort())).toList();
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  /** Runs node i's ceremony with {@code configFor.apply(i)} for each node started; results or failures by node. */
  private Map<Integer, CompletableFuture<DkgResult>> run(List<Integer> started, IntFunction<DkgConfig> configFor) {
    Map<Integer, CompletableFuture<DkgResult>> out = new TreeMap<>();
    for (int i : started) {
      DkgCeremony ceremony = new DkgCeremony(configFor.apply(i));
      CompletableFuture<DkgResult> result = new CompletableFuture<>();
      // A thread each: the common pool may run only one at a time on a small machine.
      Thread.ofPlatform().daemon().name("ceremony-" + i).start(() -> {
        try {
          result.complete(ceremony.run());
        } catch (RuntimeException e) {
          result.completeExceptionally(new CompletionException(e));
        }
      });
      out.put(i, result);
    }
    return out;
  }

  private DkgConfig config(ClusterDefinition d, int i, List<InetSocketAddress> addresses) {
    return new DkgConfig(d, identities.get(i), addresses.get(i), addresses, TIMEOUT, random, DealerFault.HONEST);
  }

  private static String failure(CompletableFuture<DkgResult> f) {
    CompletionException e = assertThrows(CompletionException.class, f::join);
    assertTrue(e.getCause() instanceof DkgAbortedException, e.getCause().toString());
    return e.getCause().getMessage();
  }

  /** The lock is the same everywhere and T shares of each validator combine to its group key. */
  private static void assertConsistent(Map<Integer, CompletableFuture<DkgResult>> runs, int validators) {
    List<DkgResult> results = runs.values().stream().map(CompletableFuture::join).toList();
    ClusterLock lock = results.get(0).lock();
    for (DkgResult r : results) {
      assertEquals(lock.lockHash(), r.lock().lockHash());
      assertEquals(validators, r.shares().size());
      DepositDataFile.parseAndVerify(DepositDataFile.toJson(r.deposits()));
    }
    ClusterLock.parse(lock.toJson());
    for (int j = 0; j < validators; j++) {
      DistributedValidator v = lock.validators().get(j);
      for (int skip = 0; skip < N; skip++) {
        Map<Integer, BlsSecretKey> shares = new TreeMap<>();
        for (DkgResult r : results) {
          if (r.nodeIndex() != skip) {
            shares.put(r.nodeIndex() + 1, r.shares().get(j));
          }
        }
        assertEquals(v.groupPublicKey(), ThresholdBls.combineSecretKeys(shares).publicKey(),
            "validator " + j + " without node " + skip);
      }
      assertEquals(v.groupPublicKey(), results.get(0).deposits().get(j).pubkey());
    }
  }

  @Test
  void fourHonestNodesAgreeOnALockWhoseSharesCombineToTheGroupKeys() throws IOException {
    ClusterDefinition d = definition("honest", 3);
    List<InetSocketAddress> addresses = freeAddresses(N);
    Map<Integer, CompletableFuture<DkgResult>> runs = run(List.of(0, 1, 2, 3), i -> config(d, i, addresses));
    assertConsistent(runs, 3);
    runs.values().forEach(r -> assertTrue(r.join().excludedDealers().isEmpty()));
  }

  @Test
  void aDealerSendingOnePeerAWrongShareIsExcludedAndTheSharesStillCombine() throws IOException {
    ClusterDefinition d = definition("one wrong share", 2);
    List<InetSocketAddress> addresses = freeAddresses(N);
    DealerFault wrongToNode2 = DealerFault.shares(
        (recipient, validator, honest) -> recipient == 2 ? BlsSecretKey.random(random) : honest);
    Map<Integer, CompletableFuture<DkgResult>> runs = run(List.of(0, 1, 2, 3),
        i -> i == 1 ? config(d, i, addresses).withDealerFault(wrongToNode2) : config(d, i, addresses));
    assertConsistent(runs, 2);
    for (CompletableFuture<DkgResult> r : runs.values()) {
      assertEquals(List.of(1), List.copyOf(r.join().excludedDealers().keySet()));
      assertTrue(r.join().excludedDealers().get(1).contains("dealt node 2 a bad share"),
          r.join().excludedDealers().toString());
    }
  }

  @Test
  void aDealerGivingOnePeerOtherCommitmentsIsExcluded() throws IOException {
    ClusterDefinition d = definition("equivocation", 2);
    List<InetSocketAddress> addresses = freeAddresses(N);
    DealerFault twoFaced = new DealerFault() {
      @Override
      public boolean equivocateTo(int recipient) {
        return recipient == 0;
      }
    };
    Map<Integer, CompletableFuture<DkgResult>> runs = run(List.of(0, 1, 2, 3),
        i -> i == 3 ? config(d, i, addresses).withDealerFault(twoFaced) : config(d, i, addresses));
    assertConsistent(runs, 2);
    for (CompletableFuture<DkgResult> r : runs.values()) {
      assertEquals(List.of(3), List.copyOf(r.join().excludedDealers().keySet()));
      assertTrue(r.join().excludedDealers().get(3).contains("other commitments"), r.join().excludedDealers().toString());
    }
  }

  @Test
  void tooManyDishonestDealersAbortTheCeremonyNamingThem() throws IOException {
    ClusterDefinition d = definition("dishonest", 1);
    List<InetSocketAddress> addresses = freeAddresses(N);
    DealerFault inconsistent = DealerFault.shares((recipient, validator, honest) -> BlsSecretKey.random(random));
    Map<Integer, CompletableFuture<DkgResult>> runs = run(List.of(0, 1, 2, 3),
        i -> i == 0 ? config(d, i, addresses) : config(d, i, addresses).withDealerFault(inconsistent));
    String message = failure(runs.get(0));
    assertTrue(message.contains("too few honest dealers"), message);
    assertTrue(message.contains("dealer node 1") && message.contains("dealer node 3"), message);
    runs.values().forEach(DkgCeremonyTest::failure);
  }

  @Test
  void aPeerWithAnotherDefinitionStopsTheCeremonyEverywhere() throws IOException {
    ClusterDefinition d = definition("ours", 1);
    ClusterDefinition other = definition("theirs", 1);
    List<InetSocketAddress> addresses = freeAddresses(N);
    Map<Integer, CompletableFuture<DkgResult>> runs = run(List.of(0, 1, 2, 3),
        i -> config(i == 3 ? other : d, i, addresses));
    // A node that starts late on a loaded machine may find the others already stopped: it stops too,
    // at its hello timeout, naming the nodes it waited for. The others name the cause.
    int named = 0;
    for (int i = 0; i < N; i++) {
      String message = failure(runs.get(i));
      boolean cause = message.contains("another cluster definition") || message.contains("refused")
          || message.contains("stopped the ceremony");
      assertTrue(cause || message.contains("timed out in round 'hello'"), "node " + i + ": " + message);
      if (cause) {
        named++;
        assertTrue(i != 0 || message.contains("node 3"), "node 0 names node 3: " + message);
      }
    }
    assertTrue(named >= 2, "at least two nodes name the conflicting definition");
  }

  @Test
  void aMissingPeerTimesOutNamingIt() throws IOException {
    ClusterDefinition d = definition("lost peer", 1);
    List<InetSocketAddress> addresses = freeAddresses(N);
    Map<Integer, CompletableFuture<DkgResult>> runs = run(List.of(0, 1, 2),
        i -> new DkgConfig(d, identities.get(i), addresses.get(i), addresses, Duration.ofSeconds(2), random,
            DealerFault.HONEST));
    for (int i = 0; i < 3; i++) {
      String message = failure(runs.get(i));
      assertTrue(message.contains("node 3 (127.0.0.1:" + addresses.get(3).getPort() + ")"), message);
    }
  }

  @Test
  void aTamperedOrUnsignedDefinitionIsRefusedBeforeTheCeremonyStarts() throws IOException {
    ClusterDefinition d = definition("tampered", 1);
    List<InetSocketAddress> addresses = freeAddresses(N);
    String raisedThreshold = d.toJson().replace("\"threshold\" : 3", "\"threshold\" : 4");
    InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class,
        () -> ClusterDefinition.parse(raisedThreshold));
    assertTrue(e.getMessage().contains("definition hash mismatch"), e.getMessage());

    ClusterDefinition unsigned = ClusterDefinition.of(d.content()).signedBy(identities.get(0));
    e = assertThrows(InvalidDefinitionException.class, () -> new DkgCeremony(config(unsigned, 0, addresses)));
    assertTrue(e.getMessage().contains("operator 1") && e.getMessage().contains("has not signed"), e.getMessage());
  }
}
