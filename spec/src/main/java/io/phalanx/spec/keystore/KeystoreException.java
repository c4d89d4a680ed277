package io.phalanx.spec.keystore;

/**
 * A keystore that is malformed or uses something EIP-2335 does not define. It is an {@link
 * IllegalArgumentException} because the keystore is the caller's input. Messages name the
 * offending field and never carry a password or secret.
 */
public final class KeystoreException extends IllegalArgumentException {
  public KeystoreException(String message) {
    super(message);
  }

  public KeystoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
