package io.phalanx.spec.util;

import java.util.HexFormat;

/** Hex strings as Ethereum writes them: lower case, with a {@code 0x} prefix. */
public final class Hex {
  private static final HexFormat FORMAT = HexFormat.of();

  private Hex() {}

  /** Encodes with a {@code 0x} prefix. */
  public static String encode(byte[] bytes) {
    return "0x" + FORMAT.formatHex(bytes);
  }

  /** Encodes without a prefix, as EIP-2335 keystores and the deposit CLI write hex. */
  public static String encodeBare(byte[] bytes) {
    return FORMAT.formatHex(bytes);
  }

  /**
   * Decodes hex with or without a {@code 0x} prefix.
   *
   * @throws IllegalArgumentException naming what is wrong with the text
   */
  public static byte[] decode(String hex) {
    if (hex == null) {
      throw new IllegalArgumentException("expected a hex string, got nothing");
    }
    String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if (digits.length() % 2 != 0) {
      throw new IllegalArgumentException(
          "hex string has an odd number of digits (" + digits.length() + "): " + abbreviate(hex));
    }
    try {
      return FORMAT.parseHex(digits);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a hex string: " + abbreviate(hex), e);
    }
  }

  /**
   * Decodes hex that must be exactly {@code length} bytes long.
   *
   * @param what names the value in the error message, e.g. "fee recipient"
   */
  public static byte[] decode(String hex, int length, String what) {
    byte[] bytes;
    try {
      bytes = decode(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
    if (bytes.length != length) {
      throw new IllegalArgumentException(
          what + " must be " + length + " bytes (" + (2 * length) + " hex digits), got "
              + bytes.length + " bytes: " + abbreviate(hex));
    }
    return bytes;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
