package io.phalanx.cluster.lock;

import io.phalanx.spec.network.Network;
import java.util.List;
import java.util.Objects;

/**
 * What a cluster lock says, without its hash and signatures: the part the lock hash covers.
 *
 * @param version the lock format, {@link ClusterLock#VERSION}
 * @param name the cluster's name, for operators and metrics labels
 * @param network the network whose fork version and genesis validators root sign its messages
 * @param threshold how many of the operators' shares make a signature
 * @param operators the nodes, in node order
 * @param validators the distributed validators
 * @param createdAt when the lock was made, ISO-8601 UTC
 */
public record LockContent(
    String version,
    String name,
    Network network,
    int threshold,
    List<Operator> operators,
    List<DistributedValidator> validators,
    String createdAt) {
  public LockContent {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(createdAt, "createdAt");
    operators = List.copyOf(operators);
    validators = List.copyOf(validators);
  }

  public int nodeCount() {
    return operators.size();
  }
}
