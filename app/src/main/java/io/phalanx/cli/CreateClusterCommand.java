package io.phalanx.cli;

import io.phalanx.cluster.dealer.ClusterSpec;
import io.phalanx.cluster.dealer.ExistingKeys;
import io.phalanx.cluster.dealer.TrustedDealer;
import io.phalanx.cluster.layout.NodeDirectory;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.network.Network;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phalanx create cluster}: a whole cluster from one trusted dealer. */
@Command(
    name = "cluster",
    header = "Create a cluster with a trusted dealer: keys, shares, locks, deposits.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Create a cluster with a trusted dealer: generate validator keys (or take existing ones),",
      "split each into one share per node so that any THRESHOLD nodes can sign, and write one",
      "folder per node plus the deposit data. The whole keys exist only in this process's memory.",
      "",
      "Writes, in OUTPUT:",
      "  node<i>/cluster-lock.json              the cluster, signed by every node's identity",
      "  node<i>/identity/                      the node's identity key (0600) and TLS certificate",
      "  node<i>/validator_keys/keystore-<j>.json, keystore-<j>.txt",
      "                                         node i's share of validator j and its password (0600)",
      "  deposit-data.json                      deposits in the staking-deposit-cli format",
      "Give each operator their node<i>/ folder, and only that one: anyone holding THRESHOLD",
      "node folders holds the validator keys.",
      ""
    },
    footer = {
      "",
      "Example:",
      "  phalanx create cluster --nodes 4 --threshold 3 --validators 2 --network hoodi \\",
      "      --fee-recipient 0x<20 bytes> --withdrawal-address 0x<20 bytes> --output ./cluster"
    })
public final class CreateClusterCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--name", defaultValue = "phalanx", description = "The cluster's name (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--nodes", defaultValue = "4", paramLabel = "N",
      description = "How many nodes hold a share of each key; at least 3 (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--threshold", paramLabel = "T",
      description = "How many nodes must sign; more than half of N (default: ceil(2N/3), e.g. 3 of 4).")
  Integer threshold;

  @Option(names = "--validators", paramLabel = "V",
      description = "How many validator keys to generate (default: 1; not with --split-existing-keys).")
  Integer validators;

  @CommandLine.Mixin NetworkOptions network = new NetworkOptions();

  @CommandLine.Mixin PayoutOptions payout = new PayoutOptions();

  @Option(names = "--output", defaultValue = "./cluster", paramLabel = "DIR",
      description = "Folder to create; must not exist or be empty (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--split-existing-keys",
      description = "Split the keystores in --keys-dir instead of generating new keys.")
  boolean splitExistingKeys;

  @Option(names = "--keys-dir", paramLabel = "DIR",
      description = {"With --split-existing-keys: folder of EIP-2335 keystores (*.json), each with",
          "its password in a .txt file of the same name."})
  Path keysDir;

  @Option(names = "--peer-addresses", split = ",", paramLabel = "HOST:PORT",
      description = "Each node's p2p address, in node order, comma-separated (optional; recorded in the lock).")
  List<String> peerAddresses;

  @Option(names = "--deposit-amount-gwei", defaultValue = "32000000000", paramLabel = "GWEI",
      description = "Amount of each deposit in gwei (default: ${DEFAULT-VALUE}, 32 ETH).")
  long depositAmountGwei;

  @CommandLine.Mixin KdfOption kdfOption;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Network net = network.resolve();
    if (splitExistingKeys && keysDir == null) {
      throw usage("--split-existing-keys needs --keys-dir DIR, the folder of keystores to split");
    }
    if (!splitExistingKeys && keysDir != null) {
      throw usage("--keys-dir is only read with --split-existing-keys");
    }
    if (splitExistingKeys && validators != null) {
      throw usage("--validators cannot be combined with --split-existing-keys: the keystores in --keys-dir decide how many validators there are");
    }
    int validatorCount = validators == null ? 1 : validators;
    if (validatorCount < 1) {
      throw usage("--validators must be at least 1, got " + validatorCount);
    }
    int t = threshold == null ? ClusterSpec.defaultThreshold(nodes) : threshold;
    List<Optional<String>> addresses = new ArrayList<>();
    if (peerAddresses != null) {
      peerAddresses.forEach(a -> addresses.add(Optional.of(a.trim())));
    }
    ClusterSpec clusterSpec = new ClusterSpec(
        name,
        net,
        nodes,
        t,
        payout.feeRecipient(),
        payout.withdrawalAddress(),
        addresses,
        depositAmountGwei,
        kdfOption.kdf());
    if (clusterSpec.thresholdBelowDefault()) {
      err.println("warning: threshold " + t + " of " + nodes + " is below the default "
          + ClusterSpec.defaultThreshold(nodes) + ": the cluster stays safe against crashed nodes,"
          + " but not against a faulty node that signs what it should not");
    }

    SecureRandom random = new SecureRandom();
    List<BlsSecretKey> keys = new ArrayList<>();
    if (splitExistingKeys) {
      keys.addAll(ExistingKeys.load(keysDir));
      out.println("Read " + keys.size() + " validator key(s) from " + keysDir);
    } else {
      for (int j = 0; j < validatorCount; j++) {
        keys.add(BlsSecretKey.random(random));
      }
    }
    TrustedDealer.Result result = new TrustedDealer(random).create(clusterSpec, keys, output);
    ClusterLock lock = result.lock();
    out.println("Created cluster '" + name + "' on " + net.name() + ": " + nodes + " nodes, threshold " + t
        + ", " + keys.size() + " validator(s)");
    out.println("  lock hash  " + lock.lockHash());
    for (int j = 0; j < lock.validators().size(); j++) {
      out.println("  validator " + j + "  " + lock.validators().get(j).groupPublicKey());
    }
    out.println("Wrote " + output + ": " + NodeDirectory.nodeName(0) + "/ .. " + NodeDirectory.nodeName(nodes - 1)
        + "/ and " + TrustedDealer.DEPOSIT_DATA_FILE);
    out.println("Give each operator their own node folder and nothing else; any " + t
        + " node folders together hold the validator keys.");
    if (splitExistingKeys) {
      out.println("The original keystores in " + keysDir + " still hold the whole keys: once the cluster runs,"
          + " never start them in a validator client again (it would be slashed), and store or destroy them safely.");
    }
    return 0;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
