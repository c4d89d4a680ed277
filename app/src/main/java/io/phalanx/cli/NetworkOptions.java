package io.phalanx.cli;

import io.phalanx.spec.network.Network;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --network} and its custom-network options, for the commands that create a cluster. */
final class NetworkOptions {
  @Option(names = "--network", required = true, paramLabel = "NAME",
      description = {"mainnet, hoodi or sepolia; any other name needs --fork-version and",
          "--genesis-validators-root (a custom network, e.g. a devnet)."})
  String name;

  @Option(names = "--fork-version", paramLabel = "HEX",
      description = "Genesis fork version (4 bytes) of a custom network.")
  String forkVersion;

  @Option(names = "--genesis-validators-root", paramLabel = "HEX",
      description = "Genesis validators root (32 bytes) of a custom network.")
  String genesisValidatorsRoot;

  /** The network the options name: a known one, or a custom one with both of its values. */
  Network resolve() {
    Optional<Network> known = Network.byName(name);
    if (known.isPresent()) {
      if (forkVersion != null || genesisValidatorsRoot != null) {
        throw new IllegalArgumentException(
            "--fork-version and --genesis-validators-root are for custom networks; " + name
                + " is known and has its own");
      }
      return known.get();
    }
    if (forkVersion == null || genesisValidatorsRoot == null) {
      throw new IllegalArgumentException(
          "unknown network '" + name + "': use one of " + Network.knownNames()
              + ", or give a custom network both --fork-version and --genesis-validators-root");
    }
    try {
      return Network.custom(name, forkVersion, genesisValidatorsRoot);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("custom network '" + name + "': " + e.getMessage(), e);
    }
  }
}
