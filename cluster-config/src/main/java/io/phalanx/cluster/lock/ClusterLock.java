package io.phalanx.cluster.lock;

import io.phalanx.cluster.files.SafeFiles;
import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.ThresholdBls;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code cluster-lock.json}: what the cluster is (its operators, threshold and distributed
 * validators), the lock hash over that content ({@link LockHash}) and every operator's signature
 * of the hash with its identity key. Every node holds the same lock; peers are pinned to it.
 *
 * <p>A lock is only ever handed out verified: {@link #load} and {@link #parse} run every check
 * and throw {@link InvalidClusterLockException} naming the first one that fails.
 */
public record ClusterLock(LockContent content, Bytes lockHash, List<Bytes> signatures) {
  public static final String VERSION = "phalanx-lock/v1";
  public static final String FILE_NAME = "cluster-lock.json";

  public ClusterLock {
    signatures = List.copyOf(signatures);
  }

  /** Hashes {@code content} and signs the hash with every operator's identity, in node order. */
  public static ClusterLock sign(LockContent content, List<NodeIdentity> identities) {
    if (identities.size() != content.operators().size()) {
      throw new IllegalArgumentException(
          identities.size() + " identities for " + content.operators().size() + " operators");
    }
    Bytes hash = LockHash.of(content);
    List<Bytes> signatures = identities.stream().map(identity -> identity.sign(hash)).toList();
    ClusterLock lock = new ClusterLock(content, hash, signatures);
    lock.verify();
    return lock;
  }

  /** Reads and verifies a lock file. */
  public static ClusterLock load(Path file) {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidClusterLockException("cluster lock not found: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
    }
    try {
      return parse(json);
    } catch (InvalidClusterLockException e) {
      throw new InvalidClusterLockException(file + ": " + e.getMessage(), e);
    }
  }

  /** Parses and verifies a lock. */
  public static ClusterLock parse(String json) {
    ClusterLock lock = ClusterLockJson.read(json);
    lock.verify();
    return lock;
  }

  public String toJson() {
    return ClusterLockJson.write(this);
  }

  /** Writes the lock to {@code file} atomically. */
  public void write(Path file) {
    SafeFiles.writeString(file, toJson());
  }

  public int threshold() {
    return content.threshold();
  }

  public int nodeCount() {
    return content.nodeCount();
  }

  public List<Operator> operators() {
    return content.operators();
  }

  public List<DistributedValidator> validators() {
    return content.validators();
  }

  /**
   * Runs every check: the structure, the lock hash, each operator's signature, and the
   * consistency of each validator's public shares with its group key.
   *
   * @throws InvalidClusterLockException naming the check that failed
   */
  public void verify() {
    verifyStructure();
    Bytes expected = LockHash.of(content);
    if (!expected.equals(lockHash)) {
      throw new InvalidClusterLockException(
          "lock hash mismatch: the file says " + lockHash + " but its content hashes to " + expected
              + " (the lock was edited or corrupted)");
    }
    if (signatures.size() != content.operators().size()) {
      throw new InvalidClusterLockException(
          "the lock has " + signatures.size() + " operator signatures for " + content.operators().size()
              + " operators");
    }
    for (int i = 0; i < signatures.size(); i++) {
      Operator operator = content.operators().get(i);
      if (!operator.identityPublicKey().verify(lockHash, signatures.get(i))) {
        throw new InvalidClusterLockException(
            "signature of operator " + i + " (" + operator.identityPublicKey()
                + ") does not verify over the lock hash");
      }
    }
    verifyShares();
  }

  private void verifyStructure() {
    int n = content.operators().size();
    int t = content.threshold();
    if (content.name().isBlank()) {
      throw new InvalidClusterLockException("the cluster name is empty");
    }
    if (content.name().getBytes(StandardCharsets.UTF_8).length > LockHash.MAX_NAME_BYTES) {
      throw new InvalidClusterLockException(
          "the cluster name is longer than " + LockHash.MAX_NAME_BYTES + " bytes");
    }
    if (n < 1 || n > LockHash.MAX_OPERATORS) {
      throw new InvalidClusterLockException(
          "the lock names " + n + " operators; a cluster has 1 to " + LockHash.MAX_OPERATORS);
    }
    if (t < 1 || t > n) {
      throw new InvalidClusterLockException(
          "threshold " + t + " is impossible for " + n + " operators (it must be between 1 and " + n + ")");
    }
    Set<Object> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      Operator o = content.operators().get(i);
      if (!seen.add(o.identityPublicKey()) || !seen.add(o.certificateFingerprint())) {
        throw new InvalidClusterLockException("operator " + i + " repeats another operator's identity or certificate");
      }
    }
    if (content.validators().isEmpty()) {
      throw new InvalidClusterLockException("the lock has no validators");
    }
    if (content.validators().size() > LockHash.MAX_VALIDATORS) {
      throw new InvalidClusterLockException(
          "the lock has " + content.validators().size() + " validators; at most " + LockHash.MAX_VALIDATORS);
    }
    Set<BlsPublicKey> keys = new HashSet<>();
    for (int j = 0; j < content.validators().size(); j++) {
      DistributedValidator v = content.validators().get(j);
      if (v.publicShares().size() != n) {
        throw new InvalidClusterLockException(
            "validator " + j + " has " + v.publicShares().size() + " public shares but the lock names "
                + n + " operators");
      }
      if (!keys.add(v.groupPublicKey())) {
        throw new InvalidClusterLockException("validator " + j + " repeats the public key " + v.groupPublicKey());
      }
    }
  }

  /**
   * Checks that each validator's public shares lie on one polynomial of degree T-1 whose value at
   * 0 is the group key: the first T shares must combine to the group key, and so must the first
   * T-1 together with each later share. Without this a lock could pair a group key with shares
   * that can never sign for it.
   */
  private void verifyShares() {
    int n = content.operators().size();
    int t = content.threshold();
    for (int j = 0; j < content.validators().size(); j++) {
      DistributedValidator v = content.validators().get(j);
      for (int extra = t - 1; extra < n; extra++) {
        Map<Integer, BlsPublicKey> subset = new HashMap<>();
        for (int i = 0; i < t - 1; i++) {
          subset.put(i + 1, v.publicShare(i));
        }
        subset.put(extra + 1, v.publicShare(extra));
        if (!ThresholdBls.combinePublicKeys(subset).equals(v.groupPublicKey())) {
          throw new InvalidClusterLockException(
              "validator " + j + ": the public share of node " + extra
                  + " does not fit the group public key " + v.groupPublicKey()
                  + " (shares and group key are inconsistent)");
        }
      }
    }
  }
}
