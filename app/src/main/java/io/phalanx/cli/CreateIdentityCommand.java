package io.phalanx.cli;

import io.phalanx.cluster.definition.OperatorToken;
import io.phalanx.cluster.files.SafeFiles;
import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.layout.NodeDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phalanx create identity}: a node's identity key and certificate, for a DKG ceremony. */
@Command(
    name = "identity",
    header = "Create this node's identity (key and TLS certificate) for a DKG ceremony.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Create the node's identity: an ECDSA P-256 key (0600) and a self-signed TLS certificate,",
      "in DATA_DIR/identity/ as 'create cluster' lays it out. Peers pin the certificate; the key",
      "signs the cluster definition and the lock. Refuses to replace an existing identity.",
      "",
      "The last line printed is the node's public identity: give it to the cluster's creator for",
      "'phalanx create definition --operator'.",
      ""
    },
    footer = {
      "",
      "Example:",
      "  phalanx create identity --data-dir ./node --address node0.example:3610"
    })
public final class CreateIdentityCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data-dir", required = true, paramLabel = "DIR",
      description = "The node's folder; created if missing.")
  Path dataDir;

  @Option(names = "--address", paramLabel = "HOST:PORT",
      description = "Where peers will reach this node (optional; goes into the token, the definition and the lock).")
  String address;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    NodeDirectory node = new NodeDirectory(dataDir);
    Optional<String> peerAddress = Optional.ofNullable(address).map(String::trim).filter(a -> !a.isEmpty());
    NodeIdentity identity = NodeIdentity.generate("phalanx-node", new SecureRandom());
    String token = OperatorToken.of(identity, peerAddress); // checks --address before anything is written
    if (Files.exists(node.identityDir().resolve(NodeIdentity.KEY_FILE))
        || Files.exists(node.identityDir().resolve(NodeIdentity.CERT_FILE))) {
      throw new IllegalArgumentException(node.identityDir() + " already holds an identity; it is never replaced"
          + " (a cluster may pin it). Use another --data-dir for a new node");
    }
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create " + dataDir + ": " + e.getMessage(), e);
    }
    SafeFiles.createPrivateDirectory(dataDir);
    identity.write(node.identityDir());
    out.println("Created the node identity in " + node.identityDir() + " (" + NodeIdentity.KEY_FILE + " 0600, "
        + NodeIdentity.CERT_FILE + ")");
    out.println("  identity public key      " + identity.publicKey());
    out.println("  certificate fingerprint  " + identity.certificateFingerprint());
    out.println("Give the cluster's creator this line for 'phalanx create definition --operator':");
    out.println(token);
    return 0;
  }
}
