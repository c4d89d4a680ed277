package io.phalanx.cli;

import io.phalanx.cluster.definition.ClusterDefinition;
import io.phalanx.cluster.definition.OperatorToken;
import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.layout.NodeDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phalanx definition ...}: signing and checking a cluster definition. */
@Command(
    name = "definition",
    mixinStandardHelpOptions = true,
    description = "Sign or verify a cluster definition before a DKG ceremony.",
    subcommands = {DefinitionCommand.Sign.class, DefinitionCommand.Verify.class})
public final class DefinitionCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name what to do, e.g. 'phalanx definition sign'");
  }

  @Command(
      name = "sign",
      header = "Add this operator's signature of the definition hash to the definition.",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Check the definition (its hash and the signatures already in it), then sign its definition",
        "hash with the identity key in DATA_DIR/identity/ and write the definition back (atomically).",
        "The identity must be one of the definition's operators. Operators sign one after another,",
        "passing the file on, or each signs a copy and the creator gathers the signatures.",
        ""
      })
  public static final class Sign implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
        description = "The node's folder, holding identity/ from 'phalanx create identity'.")
    Path dataDir;

    @Option(names = "--definition", defaultValue = ClusterDefinition.FILE_NAME, paramLabel = "FILE",
        description = "The cluster definition (default: ${DEFAULT-VALUE}).")
    Path definitionFile;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ClusterDefinition definition = ClusterDefinition.load(definitionFile);
      NodeIdentity identity = NodeIdentity.load(new NodeDirectory(dataDir).identityDir());
      int index = definition.operatorIndexOf(identity);
      ClusterDefinition signed = definition.signedBy(identity);
      signed.write(definitionFile);
      long valid = signed.signatureStatuses().stream().filter(s -> s == ClusterDefinition.SignatureStatus.VALID).count();
      out.println("Operator " + index + " signed definition " + signed.definitionHash() + " in " + definitionFile);
      out.println(valid + " of " + signed.nodeCount() + " operators have signed"
          + (valid == signed.nodeCount() ? "; the ceremony can start ('phalanx dkg')" : ""));
      return 0;
    }
  }

  @Command(
      name = "verify",
      header = "Say which operators' signatures of the definition are present and valid.",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Check the definition's hash against its content and every operator's signature. Prints one",
        "line per operator; exits with 1 unless every operator has signed validly (as 'phalanx dkg'",
        "requires).",
        ""
      })
  public static final class Verify implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--definition", defaultValue = ClusterDefinition.FILE_NAME, paramLabel = "FILE",
        description = "The cluster definition (default: ${DEFAULT-VALUE}).")
    Path definitionFile;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ClusterDefinition definition = ClusterDefinition.loadWithoutSignatureCheck(definitionFile);
      out.println("Definition " + definitionFile + " of cluster '" + definition.content().name() + "': "
          + definition.nodeCount() + " operators, threshold " + definition.threshold() + ", "
          + definition.content().validatorCount() + " validator(s) on " + definition.content().network().name());
      out.println("  definition hash  " + definition.definitionHash() + " (matches its content)");
      List<ClusterDefinition.SignatureStatus> statuses = definition.signatureStatuses();
      int good = 0;
      for (int i = 0; i < statuses.size(); i++) {
        ClusterDefinition.SignatureStatus status = statuses.get(i);
        good += status == ClusterDefinition.SignatureStatus.VALID ? 1 : 0;
        String what = switch (status) {
          case VALID -> "signed, valid";
          case MISSING -> "NOT SIGNED";
          case INVALID -> "SIGNATURE INVALID";
        };
        out.println("  operator " + i + "  " + what + "  " + OperatorToken.of(definition.operators().get(i)));
      }
      if (good != statuses.size()) {
        err.println("error: " + (statuses.size() - good) + " of " + statuses.size()
            + " operators have no valid signature; the ceremony cannot start until every operator runs"
            + " 'phalanx definition sign'");
        return PhalanxCommand.EXIT_FAILURE;
      }
      out.println("All " + good + " operators have signed; the ceremony can start.");
      return 0;
    }
  }

}
