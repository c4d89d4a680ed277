package io.phalanx.spec.keystore;

import io.phalanx.spec.util.Bytes;
import java.util.Optional;
import java.util.UUID;

/**
 * The password does not open the keystore: the checksum over the derived key and the
 * ciphertext did not match. The same happens when the checksum or ciphertext was altered, and
 * the two cannot be told apart. The message names the keystore, never the password.
 */
public final class WrongPasswordException extends Exception {
  private final UUID uuid;
  private final Optional<Bytes> pubkey;

  public WrongPasswordException(Keystore keystore) {
    super(
        "wrong password for keystore "
            + keystore.uuid()
            + keystore.pubkey().map(key -> " (pubkey " + key.toHex() + ")").orElse(""));
    this.uuid = keystore.uuid();
    this.pubkey = keystore.pubkey();
  }

  public UUID uuid() {
    return uuid;
  }

  public Optional<Bytes> pubkey() {
    return pubkey;
  }
}
