package io.phalanx.consensus.parsigex;

import io.phalanx.spec.testing.SeededRandom;

import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.cluster.lock.LockContent;
import io.phalanx.cluster.lock.Operator;
import io.phalanx.consensus.PartialSignature;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.ThresholdBls;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.network.Network;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A 4-node, threshold-3 cluster of 1,000 validators, built once per test JVM from a fixed seed:
 * identities, key shares and a signed lock, plus partial signatures made with the shares.
 * Identities are named "test-node-i", not "phalanx-node<i>" as the channels' authority is, so
 * every test also shows that pinning, not the hostname, decides who a peer is.
 */
final class ParSigExFixture {
  static final int NODES = 4;
  static final int THRESHOLD = 3;
  static final int VALIDATORS = 1_000;

  private static ParSigExFixture shared;

  final SecureRandom random;
  final List<NodeIdentity> identities;
  final List<List<BlsSecretKey>> sharesByValidator;
  final List<DistributedValidator> validators;
  final ClusterLock lock;

  private ParSigExFixture(SecureRandom random) {
    this.random = random;
    List<NodeIdentity> ids = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      ids.add(NodeIdentity.generate("test-node-" + i, random));
    }
    identities = List.copyOf(ids);
    List<List<BlsSecretKey>> shares = new ArrayList<>();
    List<DistributedValidator> vs = new ArrayList<>();
    for (int v = 0; v < VALIDATORS; v++) {
      BlsSecretKey key = BlsSecretKey.random(random);
      List<BlsSecretKey> split = ThresholdBls.split(key, NODES, THRESHOLD, random);
      shares.add(split);
      List<BlsPublicKey> publicShares = split.stream().map(BlsSecretKey::publicKey).toList();
      vs.add(new DistributedValidator(key.publicKey(), publicShares, Bytes.zero(20), Bytes.zero(20)));
    }
    sharesByValidator = List.copyOf(shares);
    validators = List.copyOf(vs);
    lock = lockFor(identities);
  }

  static synchronized ParSigExFixture shared() {
    if (shared == null) {
      shared = new ParSigExFixture(SeededRandom.of(20261125));
    }
    return shared;
  }

  /** A lock over the same validators that pins {@code nodes}' certificates, in that order. */
  ClusterLock lockFor(List<NodeIdentity> nodes) {
    List<Operator> operators = nodes.stream()
        .map(id -> new Operator(id.publicKey(), id.certificateFingerprint(), Optional.empty()))
        .toList();
    LockContent content = new LockContent(ClusterLock.VERSION, "parsigex-test", Network.HOODI, THRESHOLD, operators,
        validators, "2026-11-25T00:00:00Z");
    return ClusterLock.sign(content, nodes);
  }

  NodeIdentity newIdentity(String name) {
    return NodeIdentity.generate(name, random);
  }

  /**
   * Node {@code nodeIndex}'s partial for validator {@code validator}, signed with its share over a
   * message that names the key and the validator, claiming share index {@code shareIndex}.
   */
  PartialSignature partial(int nodeIndex, int shareIndex, int validator, DutyKey key) {
    Bytes message = Bytes.of(ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(key.slot()).putLong(key.type().ordinal()).putLong(validator).array());
    Bytes root = Bytes.of(Sha256.hash(message.toArray()));
    BlsSecretKey share = sharesByValidator.get(validator).get(nodeIndex);
    return new PartialSignature(validators.get(validator).groupPublicKey().toBytes(), shareIndex, message, root,
        share.sign(root));
  }

  /** Node {@code nodeIndex}'s own partials for the first {@code count} validators. */
  List<PartialSignature> partials(int nodeIndex, DutyKey key, int count) {
    List<PartialSignature> partials = new ArrayList<>();
    for (int v = 0; v < count; v++) {
      partials.add(partial(nodeIndex, nodeIndex + 1, v, key));
    }
    return List.copyOf(partials);
  }

  /** {@code n} loopback addresses whose ports were free a moment ago. */
  static List<InetSocketAddress> freeAddresses(int n) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream()
          .map(s -> new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // Best effort.
        }
      }
    }
  }

  /** Polls {@code condition} until it holds or {@code timeout} has passed; fails in the latter case. */
  static void eventually(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      Thread.sleep(20);
    }
  }
}
