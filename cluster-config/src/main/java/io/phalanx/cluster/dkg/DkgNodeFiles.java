package io.phalanx.cluster.dkg;

import io.phalanx.cluster.dealer.TrustedDealer;
import io.phalanx.cluster.definition.ClusterDefinition;
import io.phalanx.cluster.definition.DefinitionContent;
import io.phalanx.cluster.deposit.DepositDataEntry;
import io.phalanx.cluster.deposit.DepositDataFile;
import io.phalanx.cluster.files.Parallel;
import io.phalanx.cluster.files.SafeFiles;
import io.phalanx.cluster.layout.KeystoreFiles;
import io.phalanx.cluster.layout.NodeDirectory;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.cluster.lock.LockContent;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.keystore.KdfParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * What a DKG ceremony writes into a node's folder, beside the {@code identity/} that {@code
 * create identity} made: the same files {@code create cluster} gives a node ({@code
 * cluster-lock.json}, {@code validator_keys/keystore-<j>.json} and {@code .txt}, 0600) plus the
 * whole cluster's {@code deposit-data.json}, which every node of the ceremony holds alike.
 *
 * <p>The keystores are built in a staging folder renamed into place; the deposit data follows,
 * and the lock comes last, so a folder with a lock is complete.
 */
public final class DkgNodeFiles {
  public static final String DEPOSIT_DATA_FILE = TrustedDealer.DEPOSIT_DATA_FILE;

  private DkgNodeFiles() {}

  /**
   * Checks that the folder has an identity and no cluster yet, before a ceremony starts.
   *
   * @throws IllegalArgumentException saying what is in the way
   */
  public static void requireReadyForCeremony(NodeDirectory node) {
    if (!Files.isDirectory(node.identityDir())) {
      throw new IllegalArgumentException("no identity in " + node.root()
          + ": create it first with 'phalanx create identity --data-dir " + node.root() + "'");
    }
    if (Files.exists(node.lockFile())) {
      throw new IllegalArgumentException(node.root() + " already holds a cluster (" + ClusterLock.FILE_NAME
          + "); a ceremony writes a new cluster only into a node folder without one");
    }
    for (Path leftover : List.of(node.keysDir(), node.root().resolve(DEPOSIT_DATA_FILE))) {
      if (Files.exists(leftover)) {
        throw new IllegalArgumentException(leftover + " exists but " + ClusterLock.FILE_NAME
            + " does not: it is left from a ceremony interrupted while writing, or from elsewhere; move it away"
            + " and run the ceremony again");
      }
    }
  }

  /** The lock's content for a definition and the validators a ceremony made: every node computes the same. */
  public static LockContent lockContent(ClusterDefinition definition, List<DistributedValidator> validators) {
    DefinitionContent d = definition.content();
    return new LockContent(ClusterLock.VERSION, d.name(), d.network(), d.threshold(), d.operators(), validators,
        d.createdAt());
  }

  /**
   * Writes the node's files: its share keystores (share j of validator j), the deposit data and,
   * last, the lock.
   */
  public static void write(NodeDirectory node, int nodeIndex, ClusterLock lock, List<BlsSecretKey> shares,
      List<DepositDataEntry> deposits, KdfParams kdf, SecureRandom random) {
    requireReadyForCeremony(node);
    int n = lock.nodeCount();
    SafeFiles.buildDirectory(node.keysDir(), staging -> {
      List<Runnable> writes = new ArrayList<>();
      for (int j = 0; j < shares.size(); j++) {
        BlsSecretKey share = shares.get(j);
        Path file = staging.resolve(KeystoreFiles.keystoreName(j));
        String description = "Phalanx share " + (nodeIndex + 1) + " of " + n + " of validator " + j
            + " (" + lock.validators().get(j).groupPublicKey().toHex() + ")";
        writes.add(() -> KeystoreFiles.write(file, share, kdf, description, random));
      }
      Parallel.run(writes);
    });
    SafeFiles.createPrivateDirectory(node.keysDir());
    SafeFiles.writeString(node.root().resolve(DEPOSIT_DATA_FILE), DepositDataFile.toJson(deposits));
    lock.write(node.lockFile());
  }
}
