package io.phalanx.spec.util;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.bouncycastle.crypto.digests.KeccakDigest;

/** 20-byte execution-layer addresses as operators type them: 0x-hex, EIP-55 checksummed or not. */
public final class ExecutionAddress {
  private ExecutionAddress() {}

  /**
   * Parses an address. All-lower or all-upper case hex is taken as it is; mixed case must carry a
   * valid EIP-55 checksum, since a mistyped address would send rewards or withdrawals to nobody.
   *
   * @param what names the value in errors, e.g. "--fee-recipient"
   * @throws IllegalArgumentException saying what is wrong
   */
  public static Bytes parse(String text, String what) {
    if (text == null || !text.startsWith("0x") || text.length() != 42) {
      throw new IllegalArgumentException(
          what + " must be a 0x-prefixed 20-byte address (0x and 40 hex digits), got '" + text + "'");
    }
    Bytes address;
    try {
      address = Bytes.fromHex(text, 20, what);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not hex: '" + text + "'", e);
    }
    String digits = text.substring(2);
    boolean mixedCase =
        !digits.equals(digits.toLowerCase(Locale.ROOT)) && !digits.equals(digits.toUpperCase(Locale.ROOT));
    if (mixedCase && !checksummed(address).equals(text)) {
      throw new IllegalArgumentException(
          what + " '" + text + "' fails its EIP-55 checksum (a typo?); the checksummed form of these digits is "
              + checksummed(address));
    }
    return address;
  }

  /** The EIP-55 mixed-case form of {@code address}. */
  public static String checksummed(Bytes address) {
    String lower = Hex.encodeBare(address.toArray());
    KeccakDigest keccak = new KeccakDigest(256);
    byte[] ascii = lower.getBytes(StandardCharsets.US_ASCII);
    keccak.update(ascii, 0, ascii.length);
    byte[] hash = new byte[32];
    keccak.doFinal(hash, 0);
    StringBuilder out = new StringBuilder("0x");
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
      out.append(nibble >= 8 ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }
}
