package io.phalanx.cluster.dealer;

import io.phalanx.cluster.deposit.DepositDataFile;
import io.phalanx.cluster.deposit.DepositDataEntry;
import io.phalanx.cluster.files.Parallel;
import io.phalanx.cluster.files.SafeFiles;
import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.layout.KeystoreFiles;
import io.phalanx.cluster.layout.NodeDirectory;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.cluster.lock.LockContent;
import io.phalanx.cluster.lock.Operator;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.ThresholdBls;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates a cluster in one place (the trusted dealer): splits each validator key into N shares by
 * Shamir sharing, signs each deposit with the whole key, gives every node an identity, signs the
 * lock with every identity, and writes all node folders at once. The whole keys exist only in this
 * process's memory; nothing but the shares reaches the disk.
 */
public final class TrustedDealer {
  public static final String DEPOSIT_DATA_FILE = "deposit-data.json";

  private final SecureRandom random;

  public TrustedDealer(SecureRandom random) {
    this.random = random;
  }

  /** What was written. */
  public record Result(Path output, ClusterLock lock, List<DepositDataEntry> deposits) {}

  /**
   * Splits {@code validatorKeys} among {@code spec.nodes()} new nodes and writes the cluster to
   * {@code output}, which must not exist or be empty. Either the whole cluster is written or
   * nothing is.
   */
  public Result create(ClusterSpec spec, List<BlsSecretKey> validatorKeys, Path output) {
    if (validatorKeys.isEmpty()) {
      throw new IllegalArgumentException("a cluster needs at least one validator");
    }
    SafeFiles.requireAbsentOrEmpty(output);
    int n = spec.nodes();

    List<List<BlsSecretKey>> sharesByValidator = new ArrayList<>();
    List<DistributedValidator> validators = new ArrayList<>();
    List<DepositDataEntry> deposits = new ArrayList<>();
    for (BlsSecretKey key : validatorKeys) {
      List<BlsSecretKey> shares = ThresholdBls.split(key, n, spec.threshold(), random);
      sharesByValidator.add(shares);
      List<BlsPublicKey> publicShares = shares.stream().map(BlsSecretKey::publicKey).toList();
      validators.add(new DistributedValidator(
          key.publicKey(), publicShares, spec.feeRecipient(), spec.withdrawalAddress()));
      deposits.add(DepositDataFile.sign(
          key,
          DepositDataFile.executionWithdrawalCredentials(spec.withdrawalAddress()),
          spec.depositAmountGwei(),
          spec.network()));
    }

    List<NodeIdentity> identities = new ArrayList<>();
    List<Operator> operators = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      NodeIdentity identity = NodeIdentity.generate("phalanx-" + NodeDirectory.nodeName(i), random);
      identities.add(identity);
      operators.add(new Operator(identity.publicKey(), identity.certificateFingerprint(), spec.peerAddress(i)));
    }
    LockContent content = new LockContent(
        ClusterLock.VERSION,
        spec.name(),
        spec.network(),
        spec.threshold(),
        operators,
        validators,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    ClusterLock lock = ClusterLock.sign(content, identities);

    SafeFiles.buildDirectory(output, staging -> {
      List<Runnable> keystoreWrites = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        NodeDirectory node = NodeDirectory.inCluster(staging, i);
        SafeFiles.createPrivateDirectory(node.root());
        lock.write(node.lockFile());
        identities.get(i).write(node.identityDir());
        SafeFiles.createPrivateDirectory(node.keysDir());
        for (int j = 0; j < validatorKeys.size(); j++) {
          BlsSecretKey share = sharesByValidator.get(j).get(i);
          Path file = node.keystore(j);
          String description = "Phalanx share " + (i + 1) + " of " + n + " of validator " + j
              + " (" + validators.get(j).groupPublicKey().toHex() + ")";
          keystoreWrites.add(() -> KeystoreFiles.write(file, share, spec.kdf(), description, random));
        }
      }
      Parallel.run(keystoreWrites);
      SafeFiles.writeString(staging.resolve(DEPOSIT_DATA_FILE), DepositDataFile.toJson(deposits));
    });
    return new Result(output, lock, deposits);
  }
}
