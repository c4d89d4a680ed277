package io.phalanx.cli;

import io.phalanx.spec.keystore.KdfParams;
import picocli.CommandLine.Option;

/** How written keystores are encrypted. */
public final class KdfOption {
  /** The key-derivation functions EIP-2335 allows. */
  public enum Kdf {
    scrypt,
    pbkdf2
  }

  @Option(names = "--keystore-kdf", defaultValue = "scrypt", paramLabel = "KDF",
      description = "Key derivation of the written keystores: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Kdf kdf;

  KdfParams kdf() {
    return kdf == Kdf.pbkdf2 ? KdfParams.pbkdf2Default() : KdfParams.scryptDefault();
  }
}
