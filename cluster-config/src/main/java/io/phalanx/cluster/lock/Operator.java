package io.phalanx.cluster.lock;

import io.phalanx.cluster.identity.IdentityPublicKey;
import io.phalanx.spec.util.Bytes;
import java.util.Objects;
import java.util.Optional;

/**
 * One node of the cluster as the lock records it.
 *
 * @param identityPublicKey the key that signs the lock and backs the node's TLS certificate
 * @param certificateFingerprint SHA-256 of the node's certificate (DER): what peers pin
 * @param address where peers reach the node ({@code host:port}), if known when the lock was made
 */
public record Operator(
    IdentityPublicKey identityPublicKey, Bytes certificateFingerprint, Optional<String> address) {
  public static final int MAX_ADDRESS_LENGTH = 256;

  public Operator {
    Objects.requireNonNull(identityPublicKey, "identityPublicKey");
    if (certificateFingerprint.size() != 32) {
      throw new IllegalArgumentException(
          "certificate fingerprint must be 32 bytes (SHA-256), got " + certificateFingerprint.size());
    }
    address = address.filter(a -> !a.isBlank());
    address.ifPresent(Operator::checkAddress);
  }

  private static void checkAddress(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1 || address.length() > MAX_ADDRESS_LENGTH) {
      throw new IllegalArgumentException(
          "peer address must be host:port (at most " + MAX_ADDRESS_LENGTH + " characters), got '" + address + "'");
    }
    try {
      int port = Integer.parseInt(address.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("peer address '" + address + "' has no valid port (1-65535)");
    }
  }
}
