package io.phalanx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.cluster.dealer.TrustedDealer;
import io.phalanx.cluster.deposit.DepositDataFile;
import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.layout.KeystoreFiles;
import io.phalanx.cluster.layout.NodeDirectory;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.bls.ThresholdBls;
import io.phalanx.spec.keystore.KdfParams;
import io.phalanx.spec.network.Network;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CreateClusterCommandTest {
  static final String FEE_RECIPIENT = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
  static final String WITHDRAWAL = "0x00000000219ab540356cbb839cbe05303d7705fa";

  @TempDir Path dir;

  /**
   * The arguments of a valid 4-node, threshold-3, 2-validator cluster, with {@code overrides}
   * (options, each followed by its value unless it is a flag) replacing or adding to them.
   */
  static String[] create(Path output, String... overrides) {
    List<String> args = new ArrayList<>(List.of("create", "cluster", "--nodes", "4", "--threshold", "3",
        "--validators", "2", "--network", "hoodi", "--fee-recipient", FEE_RECIPIENT,
        "--withdrawal-address", WITHDRAWAL, "--output", output.toString(), "--keystore-kdf", "pbkdf2"));
    for (int k = 0; k < overrides.length; k++) {
      String option = overrides[k];
      boolean hasValue = k + 1 < overrides.length && !overrides[k + 1].startsWith("--");
      int at = args.indexOf(option);
      if (at >= 0 && hasValue) {
        args.set(at + 1, overrides[k + 1]);
      } else if (at < 0) {
        args.add(option);
        if (hasValue) {
          args.add(overrides[k + 1]);
        }
      }
      if (hasValue) {
        k++;
      }
    }
    return args.toArray(String[]::new);
  }

  @Test
  void createThenReloadEveryNodeAndCombineTheKeys() throws Exception {
    Path cluster = dir.resolve("cluster");
    CliRun run = CliRun.of(create(cluster));
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("lock hash"), run.toString());

    ClusterLock lock = null;
    Map<Integer, Map<Integer, BlsSecretKey>> sharesByValidator = new TreeMap<>();
    for (int i = 0; i < 4; i++) {
      NodeDirectory node = NodeDirectory.inCluster(cluster, i);
      ClusterLock nodeLock = ClusterLock.load(node.lockFile());
      if (lock == null) {
        lock = nodeLock;
      }
      assertEquals(lock, nodeLock, "every node holds the same lock");
      NodeIdentity identity = NodeIdentity.load(node.identityDir());
      assertEquals(identity.publicKey(), lock.operators().get(i).identityPublicKey());
      assertEquals(identity.certificateFingerprint(), lock.operators().get(i).certificateFingerprint());
      assertOwnerOnly(node.identityDir().resolve(NodeIdentity.KEY_FILE));
      for (int j = 0; j < 2; j++) {
        BlsSecretKey share = KeystoreFiles.read(node.keystore(j));
        assertEquals(lock.validators().get(j).publicShare(i), share.publicKey(), "share " + i + " of " + j);
        assertOwnerOnly(node.keystore(j));
        assertOwnerOnly(node.password(j));
        sharesByValidator.computeIfAbsent(j, k -> new TreeMap<>()).put(i + 1, share);
      }
    }
    assertEquals(3, lock.threshold());
    assertEquals(Network.HOODI, lock.content().network());
    assertEquals(2, lock.validators().size());

    // Any 3 nodes' shares sign for the validator; the result verifies against the group key.
    Bytes message = Bytes.fromHex("0x" + "5a".repeat(32));
    for (int j = 0; j < 2; j++) {
      Map<Integer, BlsSignature> partials = new TreeMap<>();
      for (int x : List.of(1, 3, 4)) {
        partials.put(x, sharesByValidator.get(j).get(x).sign(message));
      }
      assertTrue(ThresholdBls.combineSignatures(partials).verify(lock.validators().get(j).groupPublicKey(), message));
    }

    assertDepositData(cluster.resolve(TrustedDealer.DEPOSIT_DATA_FILE), lock);

    Path recovered = dir.resolve("recovered");
    CliRun combine = CliRun.of("combine", "--cluster-dir", cluster.toString(), "--output", recovered.toString(),
        "--keystore-kdf", "pbkdf2");
    assertEquals(0, combine.exitCode(), combine.toString());
    for (int j = 0; j < 2; j++) {
      BlsSecretKey key = KeystoreFiles.read(recovered.resolve(KeystoreFiles.keystoreName(j)));
      assertEquals(lock.validators().get(j).groupPublicKey(), key.publicKey());
      assertOwnerOnly(recovered.resolve(KeystoreFiles.passwordName(j)));
    }
  }

  private static void assertDepositData(Path file, ClusterLock lock) throws IOException {
    JsonNode deposits = new ObjectMapper().readTree(file.toFile());
    assertEquals(lock.validators().size(), deposits.size());
    for (int j = 0; j < deposits.size(); j++) {
      JsonNode d = deposits.get(j);
      DistributedValidator v = lock.validators().get(j);
      assertEquals(v.groupPublicKey().toHex(), "0x" + d.get("pubkey").asText());
      assertEquals("01" + "00".repeat(11) + WITHDRAWAL.substring(2), d.get("withdrawal_credentials").asText());
      assertEquals(32_000_000_000L, d.get("amount").asLong());
      assertEquals("10000910", d.get("fork_version").asText());
      assertEquals("hoodi", d.get("network_name").asText());
      assertTrue(d.hasNonNull("deposit_cli_version"));
    }
    // Signatures verify over the deposit domain and both roots are those of the entries.
    assertEquals(lock.validators().size(), DepositDataFile.parseAndVerify(Files.readString(file)).size());
  }

  @Test
  void theDefaultKeystoresAreScryptAndDecrypt() throws Exception {
    Path cluster = dir.resolve("c");
    CliRun run = CliRun.of("create", "cluster", "--nodes", "3", "--validators", "1", "--network", "sepolia",
        "--fee-recipient", FEE_RECIPIENT, "--withdrawal-address", WITHDRAWAL, "--output", cluster.toString());
    assertEquals(0, run.exitCode(), run.toString());
    ClusterLock lock = ClusterLock.load(NodeDirectory.inCluster(cluster, 0).lockFile());
    assertEquals(2, lock.threshold(), "default threshold is ceil(2N/3)");
    String keystore = Files.readString(NodeDirectory.inCluster(cluster, 2).keystore(0));
    assertTrue(keystore.contains("\"scrypt\""), keystore);
    assertEquals(lock.validators().get(0).publicShare(2),
        KeystoreFiles.read(NodeDirectory.inCluster(cluster, 2).keystore(0)).publicKey());
  }

  @Test
  void existingKeysAreSplitInsteadOfNewOnes() throws Exception {
    Path keys = Files.createDirectory(dir.resolve("keys"));
    SecureRandom random = new SecureRandom();
    List<BlsSecretKey> originals = List.of(BlsSecretKey.random(random), BlsSecretKey.random(random));
    for (int j = 0; j < originals.size(); j++) {
      KeystoreFiles.write(keys.resolve("keystore-m_12381_3600_" + j + "_0_0.json"), originals.get(j),
          new KdfParams.Pbkdf2(1024, 32, "hmac-sha256"), "", random);
    }
    Path cluster = dir.resolve("cluster");
    CliRun run = CliRun.of("create", "cluster", "--nodes", "4", "--network", "mainnet", "--fee-recipient", FEE_RECIPIENT,
        "--withdrawal-address", WITHDRAWAL, "--output", cluster.toString(), "--keystore-kdf", "pbkdf2",
        "--split-existing-keys", "--keys-dir", keys.toString());
    assertEquals(0, run.exitCode(), run.toString());
    ClusterLock lock = ClusterLock.load(NodeDirectory.inCluster(cluster, 1).lockFile());
    assertEquals(originals.get(0).publicKey(), lock.validators().get(0).groupPublicKey());
    assertEquals(originals.get(1).publicKey(), lock.validators().get(1).groupPublicKey());
  }

  @Test
  void aWrongKeystorePasswordIsNamedAndNothingIsWritten() throws Exception {
    Path keys = Files.createDirectory(dir.resolve("keys"));
    KeystoreFiles.write(keys.resolve("keystore-0.json"), BlsSecretKey.random(new SecureRandom()),
        new KdfParams.Pbkdf2(1024, 32, "hmac-sha256"), "", new SecureRandom());
    Files.writeString(keys.resolve("keystore-0.txt"), "not the password");
    Path cluster = dir.resolve("cluster");
    CliRun run = CliRun.of("create", "cluster", "--network", "hoodi", "--fee-recipient", FEE_RECIPIENT,
        "--withdrawal-address", WITHDRAWAL, "--output", cluster.toString(),
        "--split-existing-keys", "--keys-dir", keys.toString());
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("wrong password for " + keys.resolve("keystore-0.json")), run.toString());
    assertFalse(run.err().contains("not the password"), "the password never reaches the output");
    assertFalse(Files.exists(cluster));
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of("threshold above nodes", List.of("--threshold", "5"), "--threshold 5 is impossible with 4 nodes"),
        Arguments.of("threshold below one", List.of("--threshold", "0"), "--threshold 0 is impossible"),
        Arguments.of("threshold of half", List.of("--threshold", "2"), "must be more than half"),
        Arguments.of("two nodes", List.of("--nodes", "2", "--threshold", "2"), "at least 3 nodes"),
        Arguments.of("unknown network", List.of("--network", "goerli"), "unknown network 'goerli'"),
        Arguments.of("custom network with a short fork version",
            List.of("--network", "devnet", "--fork-version", "0x01", "--genesis-validators-root", "0x" + "00".repeat(32)),
            "genesis fork version must be 4 bytes"),
        Arguments.of("malformed fee recipient", List.of("--fee-recipient", "0x1234"), "--fee-recipient must be a 0x-prefixed 20-byte address"),
        Arguments.of("bad address checksum", List.of("--withdrawal-address", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"), "EIP-55 checksum"),
        Arguments.of("no validators", List.of("--validators", "0"), "--validators must be at least 1"),
        Arguments.of("keys dir without the flag", List.of("--keys-dir", "/tmp"), "--keys-dir is only read with --split-existing-keys"),
        Arguments.of("split without a keys dir", List.of("--split-existing-keys"), "--split-existing-keys needs --keys-dir"),
        Arguments.of("bad peer address", List.of("--peer-addresses", "a:1,b:2,c,d:4"), "peer address must be host:port"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void badInputFailsWithAClearMessageAndWritesNothing(String name, List<String> override, String expected) {
    Path cluster = dir.resolve("cluster");
    CliRun run = CliRun.of(create(cluster, override.toArray(String[]::new)));
    assertNotEquals(0, run.exitCode(), run.toString());
    assertTrue(run.err().contains(expected), name + ": " + run);
    assertFalse(Files.exists(cluster), "nothing written");
  }

  @Test
  void aNonEmptyOutputFolderIsRefusedAndKeptAsItWas() throws IOException {
    Path cluster = Files.createDirectory(dir.resolve("cluster"));
    Files.writeString(cluster.resolve("precious.txt"), "keep me");
    CliRun run = CliRun.of(create(cluster));
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("already exists and is not empty"), run.toString());
    try (Stream<Path> entries = Files.list(cluster)) {
      assertEquals(List.of(cluster.resolve("precious.txt")), entries.toList());
    }
  }

  @Test
  void aMissingRequiredOptionIsAUsageError() {
    CliRun run = CliRun.of("create", "cluster", "--network", "hoodi");
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains("--fee-recipient"), run.toString());
  }

  static void assertOwnerOnly(Path file) throws IOException {
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
  }
}
