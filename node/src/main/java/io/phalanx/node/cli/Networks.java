package io.phalanx.node.cli;

import io.phalanx.spec.network.Network;
import java.util.Optional;

/** Turns {@code --network} and its custom-network options into a {@link Network}. */
final class Networks {
  private Networks() {}

  static Network resolve(String name, String forkVersion, String genesisValidatorsRoot) {
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
