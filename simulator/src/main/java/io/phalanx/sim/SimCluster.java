package io.phalanx.sim;

import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.cluster.lock.LockContent;
import io.phalanx.cluster.lock.Operator;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.ThresholdBls;
import io.phalanx.spec.network.Network;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A whole cluster made in memory for a simulation, as the trusted dealer would make it but without
 * writing keystores: the lock (with every node's peer address on 127.0.0.1), the identities, and
 * each node's shares, which the simulated validator clients hold.
 *
 * @param sharesByNode node i's share of validator j at [i][j]
 */
public record SimCluster(
    ClusterLock lock, List<NodeIdentity> identities, List<List<BlsSecretKey>> sharesByNode, Network network) {

  /** The simulated chain's network: a devnet of its own, so nothing signed here is valid elsewhere. */
  public static final Network SIMNET = new Network("phalanx-simnet", Bytes.fromHex("0x50484c58"),
      Bytes.of(Sha256.hash("phalanx simnet genesis validators root".getBytes(StandardCharsets.UTF_8))));

  /**
   * @param p2pPorts each node's Raft port; the partial-signature exchange listens on the next port
   */
  public static SimCluster create(int nodes, int threshold, int validators, List<Integer> p2pPorts,
      SecureRandom random) {
    List<NodeIdentity> identities = new ArrayList<>();
    List<Operator> operators = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      NodeIdentity identity = NodeIdentity.generate("phalanx-node" + i, random);
      identities.add(identity);
      operators.add(new Operator(identity.publicKey(), identity.certificateFingerprint(),
          Optional.of("127.0.0.1:" + p2pPorts.get(i))));
    }
    List<List<BlsSecretKey>> sharesByNode = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      sharesByNode.add(new ArrayList<>());
    }
    List<DistributedValidator> distributed = new ArrayList<>();
    Bytes address = Bytes.fromHex("0x" + "5a".repeat(20));
    for (int j = 0; j < validators; j++) {
      BlsSecretKey key = BlsSecretKey.random(random);
      List<BlsSecretKey> shares = ThresholdBls.split(key, nodes, threshold, random);
      for (int i = 0; i < nodes; i++) {
        sharesByNode.get(i).add(shares.get(i));
      }
      distributed.add(new DistributedValidator(key.publicKey(),
          shares.stream().map(BlsSecretKey::publicKey).toList(), address, address));
    }
    LockContent content = new LockContent(ClusterLock.VERSION, "simnet", SIMNET, threshold, operators, distributed,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    ClusterLock lock = ClusterLock.sign(content, identities);
    return new SimCluster(lock, identities, sharesByNode.stream().map(List::copyOf).toList(), SIMNET);
  }
}
