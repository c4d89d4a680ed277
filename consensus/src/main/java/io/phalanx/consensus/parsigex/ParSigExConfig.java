package io.phalanx.consensus.parsigex;

import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.lock.ClusterLock;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a node takes part in the partial-signature exchange.
 *
 * @param nodeIndex this node's index in the lock
 * @param lock the cluster lock: it pins the peers' certificates and names the validators
 * @param identity this node's identity; its certificate must be the one the lock pins at {@code
 *     nodeIndex}
 * @param bindAddress where this node listens for peers (port 0: any free port)
 * @param peerAddresses where each node listens, by node index; this node's own entry is not used
 * @param retryDeadline how long a broadcast keeps retrying a peer that is down before it drops
 *     the message for that peer
 * @param maxMessageBytes the largest batch a node sends or accepts
 * @param clock the time the retry deadlines and the log rate limits are measured in
 */
public record ParSigExConfig(
    int nodeIndex,
    ClusterLock lock,
    NodeIdentity identity,
    InetSocketAddress bindAddress,
    List<InetSocketAddress> peerAddresses,
    Duration retryDeadline,
    int maxMessageBytes,
    Clock clock) {
  /** Long enough to ride out a peer's restart, short against a 12-second slot. */
  public static final Duration DEFAULT_RETRY_DEADLINE = Duration.ofSeconds(4);

  /**
   * 16 MiB. An attestation partial takes about 430 bytes on the wire (a 240-byte
   * SingleAttestation, a 48-byte key, a 32-byte root, a 96-byte signature, framing), so 10,000
   * validators' attestations in one batch take about 4.3 MB; the rest is headroom for larger
   * signed messages such as aggregates.
   */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  public ParSigExConfig {
    Objects.requireNonNull(lock, "lock");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(retryDeadline, "retryDeadline");
    Objects.requireNonNull(clock, "clock");
    peerAddresses = List.copyOf(peerAddresses);
    if (nodeIndex < 0 || nodeIndex >= lock.nodeCount()) {
      throw new IllegalArgumentException(
          "node index " + nodeIndex + " is not in the lock, which has " + lock.nodeCount() + " nodes");
    }
    if (!lock.operators().get(nodeIndex).certificateFingerprint().equals(identity.certificateFingerprint())) {
      throw new IllegalArgumentException(
          "the identity's certificate " + identity.certificateFingerprint() + " is not the one the lock pins for node "
              + nodeIndex);
    }
    if (peerAddresses.size() != lock.nodeCount()) {
      throw new IllegalArgumentException(
          peerAddresses.size() + " peer addresses for the lock's " + lock.nodeCount() + " nodes");
    }
    if (retryDeadline.isNegative() || retryDeadline.isZero()) {
      throw new IllegalArgumentException("retry deadline must be positive, got " + retryDeadline);
    }
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException("max message size must be at least 1 KiB, got " + maxMessageBytes);
    }
  }

  /** A configuration with the default retry deadline, message size and the system clock. */
  public static ParSigExConfig of(
      int nodeIndex,
      ClusterLock lock,
      NodeIdentity identity,
      InetSocketAddress bindAddress,
      List<InetSocketAddress> peerAddresses) {
    return new ParSigExConfig(nodeIndex, lock, identity, bindAddress, peerAddresses, DEFAULT_RETRY_DEADLINE,
        DEFAULT_MAX_MESSAGE_BYTES, Clock.systemUTC());
  }

  public ParSigExConfig withRetryDeadline(Duration deadline) {
    return new ParSigExConfig(nodeIndex, lock, identity, bindAddress, peerAddresses, deadline, maxMessageBytes, clock);
  }

  public ParSigExConfig withMaxMessageBytes(int bytes) {
    return new ParSigExConfig(nodeIndex, lock, identity, bindAddress, peerAddresses, retryDeadline, bytes, clock);
  }

  public ParSigExConfig withClock(Clock newClock) {
    return new ParSigExConfig(nodeIndex, lock, identity, bindAddress, peerAddresses, retryDeadline, maxMessageBytes,
        newClock);
  }
}
