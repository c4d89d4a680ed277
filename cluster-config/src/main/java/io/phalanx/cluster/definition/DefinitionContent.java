package io.phalanx.cluster.definition;

import io.phalanx.cluster.dealer.ClusterSpec;
import io.phalanx.cluster.lock.LockHash;
import io.phalanx.cluster.lock.Operator;
import io.phalanx.spec.keystore.KdfParams;
import io.phalanx.spec.network.Network;
import io.phalanx.spec.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a cluster definition says, without its hash and signatures: the part the definition hash
 * covers. The same rules as for {@code create cluster} hold (at least 3 nodes, a threshold of more
 * than half), and no two operators share an identity or certificate.
 *
 * @param version the format, {@link ClusterDefinition#VERSION}
 * @param operators the nodes, in node order: node i holds the share at x = i + 1
 * @param createdAt when the definition was made, ISO-8601 UTC; the lock made from it carries it
 */
public record DefinitionContent(
    String version,
    String name,
    Network network,
    int threshold,
    int validatorCount,
    Bytes feeRecipient,
    Bytes withdrawalAddress,
    long depositAmountGwei,
    List<Operator> operators,
    String createdAt) {
  /** At most this many validators per ceremony, as at most this many fit one lock. */
  public static final int MAX_VALIDATORS = LockHash.MAX_VALIDATORS;

  /** @throws InvalidDefinitionException naming what is wrong */
  public DefinitionContent {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(createdAt, "createdAt");
    operators = List.copyOf(operators);
    if (!ClusterDefinition.VERSION.equals(version)) {
      throw new InvalidDefinitionException(
          "unsupported definition version '" + version + "'; this Phalanx reads " + ClusterDefinition.VERSION);
    }
    if (name != null && name.getBytes(StandardCharsets.UTF_8).length > LockHash.MAX_NAME_BYTES) {
      throw new InvalidDefinitionException("the cluster name is longer than " + LockHash.MAX_NAME_BYTES + " bytes");
    }
    if (operators.size() > LockHash.MAX_OPERATORS) {
      throw new InvalidDefinitionException(
          operators.size() + " operators; a cluster has at most " + LockHash.MAX_OPERATORS);
    }
    if (validatorCount < 1 || validatorCount > MAX_VALIDATORS) {
      throw new InvalidDefinitionException(
          "the number of validators must be 1 to " + MAX_VALIDATORS + ", got " + validatorCount);
    }
    try {
      // The trusted dealer's rules for names, sizes, thresholds, addresses and deposit amounts.
      new ClusterSpec(name, network, operators.size(), threshold, feeRecipient, withdrawalAddress,
          List.<Optional<String>>of(), depositAmountGwei, KdfParams.pbkdf2Default());
    } catch (IllegalArgumentException e) {
      throw new InvalidDefinitionException(e.getMessage(), e);
    }
    Set<Object> seen = new HashSet<>();
    for (int i = 0; i < operators.size(); i++) {
      Operator o = operators.get(i);
      if (!seen.add(o.identityPublicKey()) || !seen.add(o.certificateFingerprint())) {
        throw new InvalidDefinitionException(
            "operator " + i + " repeats another operator's identity or certificate (each operator must be"
                + " named once)");
      }
    }
  }

  public int nodeCount() {
    return operators.size();
  }
}
