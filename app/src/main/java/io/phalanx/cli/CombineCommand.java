package io.phalanx.cli;

import io.phalanx.cluster.dealer.KeyCombiner;
import io.phalanx.cluster.layout.NodeDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phalanx combine}: whole validator keys from the shares of at least T nodes. */
@Command(
    name = "combine",
    header = "Recover whole validator keys from the node folders of at least T nodes.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Recover the whole validator keys from the node folders of at least THRESHOLD nodes, e.g.",
      "to leave DVT or to sign an exit alone. Each share is checked against the cluster lock and",
      "each recovered key against the validator's public key before anything is written.",
      "",
      "Writes, in OUTPUT: keystore-<j>.json with its password in keystore-<j>.txt (0600) for",
      "every validator j of the lock.",
      "Never run the recovered keys while the cluster still runs: the validator would sign twice",
      "and be slashed.",
      ""
    })
public final class CombineCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--cluster-dir", required = true, paramLabel = "DIR",
      description = "Folder holding the node folders (node0/, node1/, ...), as 'create cluster' wrote it.")
  Path clusterDir;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Folder to create for the recovered keystores; must not exist or be empty.")
  Path output;

  @CommandLine.Mixin KdfOption kdfOption;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    KeyCombiner.Result result = new KeyCombiner(new SecureRandom()).combine(clusterDir, output, kdfOption.kdf());
    out.println("Recovered " + result.recovered().size() + " validator key(s) of cluster '"
        + result.lock().content().name() + "' from the shares of "
        + result.nodesUsed().stream().map(NodeDirectory::nodeName).collect(Collectors.joining(", ")));
    for (int j = 0; j < result.recovered().size(); j++) {
      out.println("  validator " + j + "  " + result.recovered().get(j).toHex());
    }
    out.println("Wrote " + output + " (keystores and their passwords, 0600). Keep them offline: never run them"
        + " while the cluster runs.");
    return 0;
  }
}
