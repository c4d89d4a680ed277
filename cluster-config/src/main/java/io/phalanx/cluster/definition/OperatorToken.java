package io.phalanx.cluster.definition;

import io.phalanx.cluster.identity.IdentityPublicKey;
import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.lock.Operator;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Hex;
import java.util.Optional;

/**
 * A node's public identity as one token an operator can paste: {@code
 * phalanx-id1:<identity public key>:<certificate fingerprint>[@host:port]}, both in hex without
 * 0x (33 and 32 bytes). {@code create identity} prints it; {@code create definition --operator}
 * reads it.
 */
public final class OperatorToken {
  public static final String PREFIX = "phalanx-id1:";

  private OperatorToken() {}

  public static String of(NodeIdentity identity, Optional<String> address) {
    return of(new Operator(identity.publicKey(), identity.certificateFingerprint(), address));
  }

  public static String of(Operator operator) {
    return PREFIX + Hex.encodeBare(operator.identityPublicKey().compressed().toArray()) + ":"
        + Hex.encodeBare(operator.certificateFingerprint().toArray())
        + operator.address().map(a -> "@" + a).orElse("");
  }

  /**
   * Reads a token.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static Operator parse(String token) {
    String t = token == null ? "" : token.trim();
    if (!t.startsWith(PREFIX)) {
      throw new IllegalArgumentException("operator identity '" + token + "' does not start with " + PREFIX
          + " (copy the last line 'phalanx create identity' printed)");
    }
    String rest = t.substring(PREFIX.length());
    Optional<String> address = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      address = Optional.of(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    String[] parts = rest.split(":", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("operator identity '" + token
          + "' must be " + PREFIX + "<identity key hex>:<certificate fingerprint hex>[@host:port]");
    }
    try {
      return new Operator(
          new IdentityPublicKey(Bytes.fromHex(parts[0], 33, "identity public key")),
          Bytes.fromHex(parts[1], 32, "certificate fingerprint"),
          address);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("operator identity '" + token + "': " + e.getMessage(), e);
    }
  }
}
