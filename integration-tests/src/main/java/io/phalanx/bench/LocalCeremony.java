package io.phalanx.bench;

import io.phalanx.cluster.definition.ClusterDefinition;
import io.phalanx.cluster.definition.DefinitionContent;
import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.lock.Operator;
import io.phalanx.consensus.dkg.DkgCeremony;
import io.phalanx.consensus.dkg.DkgConfig;
import io.phalanx.consensus.dkg.DkgResult;
import io.phalanx.consensus.dkg.DealerFault;
import io.phalanx.spec.network.Network;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;

/**
 * A whole DKG ceremony in one process: N operators with fresh identities, a definition they all
 * signed, and each node's ceremony on its own thread and its own port on 127.0.0.1, over real gRPC
 * with pinned mutual TLS. For benchmarks and integration tests.
 */
public final class LocalCeremony {
  private final List<NodeIdentity> identities;
  private final ClusterDefinition definition;
  private final List<InetSocketAddress> addresses;

  /**
   * @param operatorAddress each operator's address for the definition (and so the lock), by index;
   *     may return empty
   */
  public LocalCeremony(String name, Network network, int n, int t, int validators, SecureRandom random,
      IntFunction<Optional<String>> operatorAddress) {
    this.identities = new ArrayList<>();
    List<Operator> operators = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      NodeIdentity identity = NodeIdentity.generate("phalanx-node", random);
      identities.add(identity);
      operators.add(new Operator(identity.publicKey(), identity.certificateFingerprint(), operatorAddress.apply(i)));
    }
    ClusterDefinition d = ClusterDefinition.of(new DefinitionContent(ClusterDefinition.VERSION, name, network, t,
        validators, Bytes.fromHex("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"), Bytes.zero(20), 32_000_000_000L,
        operators, "2026-11-26T00:00:00Z"));
    for (NodeIdentity identity : identities) {
      d = d.signedBy(identity);
    }
    this.definition = d;
    this.addresses = freeAddresses(n);
  }

  public List<NodeIdentity> identities() {
    return identities;
  }

  public ClusterDefinition definition() {
    return definition;
  }

  /** Runs every node's ceremony at once; each node's result, or its failure, by node index. */
  public List<CompletableFuture<DkgResult>> start(Duration timeout, SecureRandom random, IntFunction<DealerFault> faults) {
    List<CompletableFuture<DkgResult>> results = new ArrayList<>();
    for (int i = 0; i < identities.size(); i++) {
      DkgCeremony ceremony = new DkgCeremony(new DkgConfig(definition, identities.get(i), addresses.get(i), addresses,
          timeout, random, faults.apply(i)));
      CompletableFuture<DkgResult> result = new CompletableFuture<>();
      Thread.ofPlatform().daemon().name("ceremony-" + i).start(() -> {
        try {
          result.complete(ceremony.run());
        } catch (RuntimeException e) {
          result.completeExceptionally(new CompletionException(e));
        }
      });
      results.add(result);
    }
    return results;
  }

  /** Runs an honest ceremony and waits for every node's result. */
  public List<DkgResult> run(Duration timeout, SecureRandom random) {
    return start(timeout, random, i -> DealerFault.HONEST).stream().map(CompletableFuture::join).toList();
  }

  private static List<InetSocketAddress> freeAddresses(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(s -> new InetSocketAddress("127.0.0.1", s.getLocalPort())).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // a port we did not get to use
        }
      }
    }
  }
}
