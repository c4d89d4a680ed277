package io.phalanx.spec.network;

import io.phalanx.spec.util.Bytes;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An Ethereum network as far as signing needs it: the genesis fork version (deposits are signed
 * under it) and the genesis validators root (every other domain mixes it in).
 *
 * @param name the name the deposit CLI writes as {@code network_name}
 * @param genesisForkVersion 4 bytes
 * @param genesisValidatorsRoot 32 bytes
 */
public record Network(String name, Bytes genesisForkVersion, Bytes genesisValidatorsRoot) {
  public static final Network MAINNET =
      known("mainnet", "0x00000000", "0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95");
  public static final Network HOODI =
      known("hoodi", "0x10000910", "0x212f13fc4df078b6cb7db228f1c8307566dcecf900867401a92023d7ba99cb5f");
  public static final Network SEPOLIA =
      known("sepolia", "0x90000069", "0xd8ea171f3c94aea21ebc42a1ed61052acf3f9209c00e4efbaaddac09ed9b8078");

  /** The networks Phalanx knows by name. */
  public static final List<Network> KNOWN = List.of(MAINNET, HOODI, SEPOLIA);

  public Network {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("network name must not be empty");
    }
    if (genesisForkVersion.size() != 4) {
      throw new IllegalArgumentException(
          "genesis fork version must be 4 bytes, got " + genesisForkVersion.size());
    }
    if (genesisValidatorsRoot.size() != 32) {
      throw new IllegalArgumentException(
          "genesis validators root must be 32 bytes, got " + genesisValidatorsRoot.size());
    }
  }

  private static Network known(String name, String forkVersion, String genesisValidatorsRoot) {
    return new Network(name, Bytes.fromHex(forkVersion), Bytes.fromHex(genesisValidatorsRoot));
  }

  /** A known network by name, case-insensitively. */
  public static Optional<Network> byName(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return KNOWN.stream().filter(n -> n.name.equals(wanted)).findFirst();
  }

  /**
   * A network that is not one of {@link #KNOWN}, e.g. a devnet.
   *
   * @throws IllegalArgumentException naming the malformed value
   */
  public static Network custom(String name, String genesisForkVersionHex, String genesisValidatorsRootHex) {
    return new Network(
        name,
        Bytes.fromHex(genesisForkVersionHex, 4, "genesis fork version"),
        Bytes.fromHex(genesisValidatorsRootHex, 32, "genesis validators root"));
  }

  /** The names of {@link #KNOWN}, for help texts and errors. */
  public static String knownNames() {
    return String.join(", ", KNOWN.stream().map(Network::name).toList());
  }
}
