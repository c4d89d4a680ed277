package io.phalanx.consensus.dkg;

import io.phalanx.cluster.definition.ClusterDefinition;
import io.phalanx.cluster.identity.NodeIdentity;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a node takes part in a DKG ceremony.
 *
 * @param definition the cluster definition, signed by every operator
 * @param identity this node's identity, one of the definition's operators
 * @param bindAddress where this node listens for its peers
 * @param peerAddresses every operator's address in definition order, this node's own included
 * @param timeout how long the node waits for a peer in each round (the first round included:
 *     that is how long operators have to start their nodes)
 * @param random where the polynomials and keystore salts come from
 * @param dealerFault {@link DealerFault#HONEST} but in fault-injection tests
 */
public record DkgConfig(
    ClusterDefinition definition,
    NodeIdentity identity,
    InetSocketAddress bindAddress,
    List<InetSocketAddress> peerAddresses,
    Duration timeout,
    SecureRandom random,
    DealerFault dealerFault) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  public DkgConfig {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(dealerFault, "dealerFault");
    peerAddresses = List.copyOf(peerAddresses);
    if (peerAddresses.size() != definition.nodeCount()) {
      throw new IllegalArgumentException(peerAddresses.size() + " peer addresses for the definition's "
          + definition.nodeCount() + " operators: give every operator's host:port in definition order, this node's"
          + " own included");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }

  public static DkgConfig of(ClusterDefinition definition, NodeIdentity identity, InetSocketAddress bindAddress,
      List<InetSocketAddress> peerAddresses, Duration timeout) {
    return new DkgConfig(definition, identity, bindAddress, peerAddresses, timeout, new SecureRandom(),
        DealerFault.HONEST);
  }

  public DkgConfig withDealerFault(DealerFault fault) {
    return new DkgConfig(definition, identity, bindAddress, peerAddresses, timeout, random, fault);
  }
}
