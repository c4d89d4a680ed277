package io.phalanx.cli;

import io.phalanx.consensus.slashing.Interchange;
import io.phalanx.node.runtime.NodeData;
import io.phalanx.node.runtime.SlashingProtectionFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phalanx slashing-protection import|export}: EIP-3076 interchange files, node stopped. */
@Command(
    name = "slashing-protection",
    header = "Import or export slashing-protection history (EIP-3076 interchange, version 5).",
    mixinStandardHelpOptions = true,
    description = {
      "Import or export a node's slashing-protection history in the EIP-3076 interchange format",
      "(version 5), as every Ethereum client does. Run them while the node is stopped.",
      "The history is the cluster's: every node keeps the same copy, replicated by Raft. An",
      "import into one node reaches all of them when that node starts.",
      ""
    },
    subcommands = {SlashingProtectionCommand.Import.class, SlashingProtectionCommand.Export.class})
public final class SlashingProtectionCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: import or export");
  }

  @Command(
      name = "import",
      header = "Import an EIP-3076 interchange file into a stopped node; it reaches the cluster when the node starts.",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Checks the file (format version 5, genesis_validators_root equal to the cluster lock's",
        "network) and records its history for the lock's validators (others are skipped) in",
        "state/slashing-protection-import.ssz, written to a temporary name and renamed: an",
        "interrupted import leaves the previous state, never a part. When the node starts it",
        "proposes that history to the cluster through Raft, signs nothing for those validators",
        "until every node has merged it, then deletes the file. Importing twice is harmless.",
        ""
      })
  static final class Import implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
        description = "The stopped node's folder (as 'create cluster' wrote it, e.g. cluster/node0).")
    Path dataDir;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "The interchange JSON file to import.")
    Path file;

    @Override
    public Integer call() {
      NodeData data = NodeData.load(dataDir);
      SlashingProtectionFiles.ImportResult result = SlashingProtectionFiles.importInterchange(data, file);
      PrintWriter out = spec.commandLine().getOut();
      out.println("Imported the history of " + result.validators() + " validator(s) of cluster '"
          + data.lock().content().name() + "'" + (result.skipped() > 0
              ? " (" + result.skipped() + " validator(s) in the file are not in the cluster lock and were skipped)" : ""));
      out.println("Pending for the cluster: " + result.records() + " record(s) in " + result.pendingFile()
          + "; start the node to hand them over.");
      return 0;
    }
  }

  @Command(
      name = "export",
      header = "Export a stopped node's slashing-protection history as an EIP-3076 interchange file.",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Reads the node's latest Raft snapshot and replays its Raft log after it, plus any import",
        "not yet handed to the cluster, and writes the history of the cluster's validators as",
        "version-5 JSON (to a temporary name, then renamed). Pruned history is exported as its",
        "low watermarks: one block and one attestation without signing root.",
        ""
      })
  static final class Export implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The stopped node's folder.")
    Path dataDir;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "Where to write the interchange JSON.")
    Path file;

    @Override
    public Integer call() {
      NodeData data = NodeData.load(dataDir);
      Interchange interchange = SlashingProtectionFiles.exportNow(data);
      SlashingProtectionFiles.writeInterchange(interchange, file);
      long attestations = interchange.data().stream().mapToLong(v -> v.signedAttestations().size()).sum();
      long blocks = interchange.data().stream().mapToLong(v -> v.signedBlocks().size()).sum();
      spec.commandLine().getOut().println("Exported " + interchange.data().size() + " validator(s), " + attestations
          + " attestation(s) and " + blocks + " block(s) to " + file);
      return 0;
    }
  }
}
