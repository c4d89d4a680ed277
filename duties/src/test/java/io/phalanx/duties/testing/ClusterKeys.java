package io.phalanx.duties.testing;

import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.cluster.lock.LockContent;
import io.phalanx.cluster.lock.Operator;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.ThresholdBls;
import io.phalanx.spec.network.Network;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.util.Bytes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The keys of a test cluster: each validator's whole key, its shares (one per node) and the signed
 * lock over them, all drawn from one seeded random source, so a seed gives the same cluster on
 * every run. The constants are the test chain's: four nodes of threshold three by default, four
 * slots an epoch, one fork record.
 *
 * @param keys each validator's whole secret key, to check what the cluster combined
 * @param shares each validator's shares, {@code shares.get(validator).get(node)}
 * @param validators the lock's validators, in the order of {@code keys}
 * @param lock the cluster lock, signed by freshly made node identities
 */
public record ClusterKeys(List<BlsSecretKey> keys, List<List<BlsSecretKey>> shares,
    List<DistributedValidator> validators, ClusterLock lock) {
  public static final int N = 4;
  public static final int T = 3;
  public static final long SLOTS_PER_EPOCH = 4;
  public static final Fork FORK = new Fork(Bytes.fromHex("0x10000910"), Bytes.fromHex("0x10000910"), 0);
  public static final Bytes GVR = Bytes.fromHex("0x" + "ab".repeat(32));

  public ClusterKeys {
    keys = List.copyOf(keys);
    shares = shares.stream().map(List::copyOf).toList();
    validators = List.copyOf(validators);
  }

  /**
   * A cluster of {@code nodes} nodes and {@code threshold} over {@code validatorCount} validators:
   * the validators' keys and shares are drawn first, then the node identities.
   */
  public static ClusterKeys generate(int nodes, int threshold, int validatorCount, SecureRandom random) {
    List<BlsSecretKey> keys = new ArrayList<>();
    List<List<BlsSecretKey>> shares = new ArrayList<>();
    List<DistributedValidator> validators = new ArrayList<>();
    for (int j = 0; j < validatorCount; j++) {
      BlsSecretKey key = BlsSecretKey.random(random);
      List<BlsSecretKey> split = ThresholdBls.split(key, nodes, threshold, random);
      keys.add(key);
      shares.add(split);
      validators.add(new DistributedValidator(key.publicKey(), split.stream().map(BlsSecretKey::publicKey).toList(),
          Bytes.zero(20), Bytes.zero(20)));
    }
    return new ClusterKeys(keys, shares, validators, lock(nodes, threshold, validators, random));
  }

  /** {@link #generate} with {@link #N} nodes and threshold {@link #T}. */
  public static ClusterKeys generate(int validatorCount, SecureRandom random) {
    return generate(N, T, validatorCount, random);
  }

  /** A lock of {@link #N} freshly made operators over {@code validators}, threshold {@link #T}. */
  public static ClusterLock lock(List<DistributedValidator> validators, SecureRandom random) {
    return lock(N, T, validators, random);
  }

  /** A lock of {@code nodes} freshly made operators over {@code validators}. */
  public static ClusterLock lock(int nodes, int threshold, List<DistributedValidator> validators,
      SecureRandom random) {
    List<NodeIdentity> identities = new ArrayList<>();
    List<Operator> operators = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      NodeIdentity id = NodeIdentity.generate("n" + i, random);
      identities.add(id);
      operators.add(new Operator(id.publicKey(), id.certificateFingerprint(), Optional.empty()));
    }
    return ClusterLock.sign(new LockContent(ClusterLock.VERSION, "t", Network.HOODI, threshold, operators,
        validators, "2026-01-01T00:00:00Z"), identities);
  }

  /** A validator whose key is split into {@link #N} shares, threshold {@link #T}; the shares go into {@code shares}. */
  public static DistributedValidator validator(SecureRandom random, List<BlsSecretKey> shares) {
    BlsSecretKey key = BlsSecretKey.random(random);
    shares.addAll(ThresholdBls.split(key, N, T, random));
    return new DistributedValidator(key.publicKey(), shares.stream().map(BlsSecretKey::publicKey).toList(),
        Bytes.zero(20), Bytes.zero(20));
  }

  /** Node {@code node}'s share of every validator, in the validators' order: what its validator client holds. */
  public List<BlsSecretKey> sharesOf(int node) {
    return shares.stream().map(s -> s.get(node)).toList();
  }
}
