package io.phalanx.cli;

import io.phalanx.cluster.dealer.ClusterSpec;
import io.phalanx.cluster.definition.ClusterDefinition;
import io.phalanx.cluster.definition.DefinitionContent;
import io.phalanx.cluster.definition.OperatorToken;
import io.phalanx.cluster.lock.Operator;
import io.phalanx.spec.network.Network;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phalanx create definition}: what the operators of a DKG ceremony agree to create. */
@Command(
    name = "definition",
    header = "Create a cluster definition for a DKG ceremony (no trusted dealer).",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write a cluster definition (" + ClusterDefinition.VERSION + "): the cluster's name, network,",
      "threshold, number of validators, fee recipient, withdrawal address and its operators in node",
      "order, each named by the public identity 'phalanx create identity' printed. Its definition",
      "hash (SSZ hash_tree_root) is what every operator signs with 'phalanx definition sign'",
      "before they run 'phalanx dkg' together.",
      ""
    },
    footer = {
      "",
      "Example:",
      "  phalanx create definition --name my-cluster --nodes 4 --threshold 3 --validators 10 \\",
      "      --network hoodi --operator phalanx-id1:... --operator phalanx-id1:... (4 of them) \\",
      "      --fee-recipient 0x<20 bytes> --withdrawal-address 0x<20 bytes> --output cluster-definition.json"
    })
public final class CreateDefinitionCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--name", defaultValue = "phalanx", description = "The cluster's name (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--nodes", required = true, paramLabel = "N",
      description = "How many operators; at least 3, and as many as --operator options.")
  int nodes;

  @Option(names = "--threshold", paramLabel = "T",
      description = "How many nodes must sign; more than half of N (default: ceil(2N/3), e.g. 3 of 4).")
  Integer threshold;

  @Option(names = "--validators", defaultValue = "1", paramLabel = "V",
      description = "How many validators the ceremony creates (default: ${DEFAULT-VALUE}).")
  int validators;

  @CommandLine.Mixin NetworkOptions network = new NetworkOptions();

  @Option(names = "--operator", required = true, paramLabel = "IDENTITY",
      description = {"An operator's public identity (the last line of 'phalanx create identity'),",
          "once per operator, in node order: the first is node 0."})
  List<String> operators;

  @CommandLine.Mixin PayoutOptions payout = new PayoutOptions();

  @Option(names = "--deposit-amount-gwei", defaultValue = "32000000000", paramLabel = "GWEI",
      description = "Amount of each deposit in gwei (default: ${DEFAULT-VALUE}, 32 ETH).")
  long depositAmountGwei;

  @Option(names = "--output", defaultValue = ClusterDefinition.FILE_NAME, paramLabel = "FILE",
      description = "File to write; must not exist (default: ${DEFAULT-VALUE}).")
  Path output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Network net = network.resolve();
    if (operators.size() != nodes) {
      throw new IllegalArgumentException("--nodes " + nodes + " but " + operators.size()
          + " --operator identities: name every operator once, in node order");
    }
    List<Operator> named = new ArrayList<>();
    for (int i = 0; i < operators.size(); i++) {
      try {
        named.add(OperatorToken.parse(operators.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--operator " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    if (Files.exists(output)) {
      throw new IllegalArgumentException(output + " already exists; choose another --output (nothing was written)");
    }
    int t = threshold == null ? ClusterSpec.defaultThreshold(nodes) : threshold;
    ClusterDefinition definition = ClusterDefinition.of(new DefinitionContent(
        ClusterDefinition.VERSION,
        name,
        net,
        t,
        validators,
        payout.feeRecipient(),
        payout.withdrawalAddress(),
        depositAmountGwei,
        named,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
    if (t < ClusterSpec.defaultThreshold(nodes)) {
      spec.commandLine().getErr().println("warning: threshold " + t + " of " + nodes + " is below the default "
          + ClusterSpec.defaultThreshold(nodes) + ": the cluster stays safe against crashed nodes, but not against a"
          + " faulty node that signs what it should not");
    }
    Path parent = output.toAbsolutePath().getParent();
    if (!Files.isDirectory(parent)) {
      throw new IllegalArgumentException("folder " + parent + " does not exist; create it or choose another --output");
    }
    definition.write(output);
    out.println("Created the definition of cluster '" + name + "' on " + net.name() + ": " + nodes
        + " operators, threshold " + t + ", " + validators + " validator(s)");
    out.println("  definition hash  " + definition.definitionHash());
    out.println("Wrote " + output + ". Each operator signs it with 'phalanx definition sign --data-dir <node folder>"
        + " --definition " + output.getFileName() + "', then all run 'phalanx dkg' together.");
    return 0;
  }
}
