package io.phalanx.consensus.slashing;

import io.phalanx.spec.util.Bytes;
import java.util.List;
import java.util.Objects;

/**
 * An EIP-3076 slashing-protection interchange (format version 5): the genesis validators root of
 * the chain it belongs to and, per validator, the blocks and attestations it signed.
 * {@link InterchangeJson} reads and writes it.
 */
public record Interchange(Bytes genesisValidatorsRoot, List<ValidatorData> data) {
  public static final String FORMAT_VERSION = "5";

  public Interchange {
    Objects.requireNonNull(genesisValidatorsRoot, "genesisValidatorsRoot");
    if (genesisValidatorsRoot.size() != 32) {
      throw new IllegalArgumentException("genesis_validators_root has 32 bytes, got " + genesisValidatorsRoot.size());
    }
    data = List.copyOf(data);
  }

  /** One validator's signed messages. */
  public record ValidatorData(Bytes pubkey, List<SignedBlock> signedBlocks, List<SignedAttestation> signedAttestations) {
    public ValidatorData {
      Objects.requireNonNull(pubkey, "pubkey");
      if (pubkey.size() != 48) {
        throw new IllegalArgumentException("a validator public key has 48 bytes, got " + pubkey.size());
      }
      signedBlocks = List.copyOf(signedBlocks);
      signedAttestations = List.copyOf(signedAttestations);
    }
  }

  /**
   * Checks that this interchange is for the chain with {@code expected} as genesis validators root.
   *
   * @throws IllegalArgumentException naming both roots if not
   */
  public void requireGenesisValidatorsRoot(Bytes expected, String chainName) {
    if (!genesisValidatorsRoot.equals(expected)) {
      throw new IllegalArgumentException("the interchange's genesis_validators_root " + genesisValidatorsRoot
          + " is not that of " + chainName + " (" + expected + "): it holds another chain's history;"
          + " export it again from a client on the same network");
    }
  }
}
