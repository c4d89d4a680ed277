package io.phalanx.cluster.layout;

import io.phalanx.cluster.lock.ClusterLock;
import java.nio.file.Path;

/**
 * The layout of one node's folder, as {@code create cluster} writes it and {@code run} reads it:
 *
 * <pre>
 * node0/
 *   cluster-lock.json
 *   identity/          node-key.pem (0600), node-cert.pem
 *   validator_keys/    keystore-0.json, keystore-0.txt (0600), keystore-1.json, ...
 * </pre>
 *
 * Keystore {@code j} holds this node's share of validator {@code j} of the lock.
 */
public record NodeDirectory(Path root) {
  public static final String IDENTITY_DIR = "identity";
  public static final String KEYS_DIR = "validator_keys";

  /** The folder of node {@code index} inside a cluster folder. */
  public static NodeDirectory inCluster(Path clusterDir, int index) {
    return new NodeDirectory(clusterDir.resolve(nodeName(index)));
  }

  public static String nodeName(int index) {
    return "node" + index;
  }

  public Path lockFile() {
    return root.resolve(ClusterLock.FILE_NAME);
  }

  public Path identityDir() {
    return root.resolve(IDENTITY_DIR);
  }

  public Path keysDir() {
    return root.resolve(KEYS_DIR);
  }

  public Path keystore(int validatorIndex) {
    return keysDir().resolve(KeystoreFiles.keystoreName(validatorIndex));
  }

  public Path password(int validatorIndex) {
    return keysDir().resolve(KeystoreFiles.passwordName(validatorIndex));
  }
}
