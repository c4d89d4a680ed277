package io.phalanx.cli;

import io.phalanx.cluster.definition.ClusterDefinition;
import io.phalanx.cluster.dkg.DkgNodeFiles;
import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.layout.NodeDirectory;
import io.phalanx.consensus.dkg.DealerFault;
import io.phalanx.consensus.dkg.DkgAbortedException;
import io.phalanx.consensus.dkg.DkgCeremony;
import io.phalanx.consensus.dkg.DkgConfig;
import io.phalanx.consensus.dkg.DkgResult;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phalanx dkg}: this node's part in a distributed key generation ceremony. */
@Command(
    name = "dkg",
    header = "Run a distributed key generation ceremony with the other operators (no trusted dealer).",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Create the cluster of a signed definition together with every other operator, at about the",
      "same time, so that no one ever holds a whole validator key: each node deals a random",
      "polynomial per validator (Feldman VSS), sends each peer its share over mutual TLS pinned to",
      "the definition's certificates and publishes commitments; a dealer caught cheating is",
      "excluded, or the ceremony stops naming it. The nodes then sign the deposits and the lock",
      "with their new shares and check the combined signatures against the group keys.",
      "",
      "Writes, in DATA_DIR, only when everything verified (as 'create cluster' lays out a node):",
      "  cluster-lock.json                      the cluster, signed by every operator's identity",
      "  validator_keys/keystore-<j>.json, .txt this node's share of validator j and its password (0600)",
      "  deposit-data.json                      the whole cluster's deposits (staking-deposit-cli format)",
      "A ceremony that stops writes nothing and can be run again. Then: 'phalanx run --data-dir DATA_DIR'.",
      ""
    },
    footer = {
      "",
      "Example (operator 0 of 4):",
      "  phalanx dkg --data-dir ./node --definition cluster-definition.json --p2p-address 0.0.0.0:3610 \\",
      "      --peers node0.example:3610,node1.example:3610,node2.example:3610,node3.example:3610"
    })
public final class DkgCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data-dir", required = true, paramLabel = "DIR",
      description = "The node's folder, holding identity/ from 'phalanx create identity' and no cluster yet.")
  Path dataDir;

  @Option(names = "--definition", defaultValue = ClusterDefinition.FILE_NAME, paramLabel = "FILE",
      description = "The cluster definition, signed by every operator (default: ${DEFAULT-VALUE}).")
  Path definitionFile;

  @Option(names = "--p2p-address", defaultValue = "0.0.0.0:3610", paramLabel = "HOST:PORT",
      description = "Where this node listens for the other operators (default: ${DEFAULT-VALUE}).")
  String p2pAddress;

  @Option(names = "--peers", split = ",", paramLabel = "HOST:PORT",
      description = {"Every operator's address in definition order, this node's own included,",
          "comma-separated (default: the addresses in the definition, if it has all of them)."})
  List<String> peers;

  @Option(names = "--timeout", defaultValue = "120", paramLabel = "SECONDS",
      description = {"How long to wait for a peer in each step, the first included: how long the",
          "operators have to start (default: ${DEFAULT-VALUE})."})
  long timeoutSeconds;

  @CommandLine.Mixin KdfOption kdfOption;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (timeoutSeconds < 1) {
      throw new IllegalArgumentException("--timeout must be at least 1 second, got " + timeoutSeconds);
    }
    NodeDirectory node = new NodeDirectory(dataDir);
    ClusterDefinition definition = ClusterDefinition.load(definitionFile);
    DkgNodeFiles.requireReadyForCeremony(node);
    NodeIdentity identity = NodeIdentity.load(node.identityDir());
    List<InetSocketAddress> addresses = HostPorts.peers(peers, definition.operators(), HostPorts.Source.DEFINITION);
    DkgConfig config = new DkgConfig(definition, identity, HostPorts.parse(p2pAddress, "--p2p-address"),
        addresses, Duration.ofSeconds(timeoutSeconds), new SecureRandom(), DealerFault.HONEST);
    DkgCeremony ceremony = new DkgCeremony(config);
    out.println("Node " + ceremony.nodeIndex() + " of " + definition.nodeCount() + " joins the ceremony for "
        + definition.content().validatorCount() + " validator(s) of cluster '" + definition.content().name()
        + "' (definition " + definition.definitionHash() + "); waiting up to " + timeoutSeconds
        + " s for the other operators ...");
    out.flush();
    DkgResult result;
    try {
      result = ceremony.run();
    } catch (DkgAbortedException e) {
      err.println("error: the ceremony stopped: " + e.getMessage());
      err.println("Nothing was written; fix the cause and run 'phalanx dkg' again on every node.");
      return PhalanxCommand.EXIT_FAILURE;
    }
    result.excludedDealers().forEach((d, why) ->
        err.println("warning: node " + d + "'s dealing was excluded: " + why));
    DkgNodeFiles.write(node, result.nodeIndex(), result.lock(), result.shares(), result.deposits(), kdfOption.kdf(),
        new SecureRandom());
    out.println("Ceremony done: cluster '" + definition.content().name() + "', threshold " + definition.threshold()
        + " of " + definition.nodeCount());
    out.println("  lock hash  " + result.lock().lockHash());
    for (int j = 0; j < result.lock().validators().size(); j++) {
      out.println("  validator " + j + "  " + result.lock().validators().get(j).groupPublicKey());
    }
    out.println("Wrote " + node.lockFile() + ", " + node.keysDir() + "/ and " + DkgNodeFiles.DEPOSIT_DATA_FILE
        + ". Start the node with 'phalanx run --data-dir " + dataDir + "'.");
    return 0;
  }
}
