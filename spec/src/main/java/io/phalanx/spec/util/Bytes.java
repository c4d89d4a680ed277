package io.phalanx.spec.util;

import java.util.Arrays;

/**
 * An immutable byte string with value equality, for roots, public keys, signatures and other
 * fixed-size values kept in records.
 */
public final class Bytes implements Comparable<Bytes> {
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] bytes;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies {@code bytes}. */
  public static Bytes of(byte[] bytes) {
    return new Bytes(bytes.clone());
  }

  /** Copies {@code bytes}, which must be {@code length} long. */
  public static Bytes of(byte[] bytes, int length, String what) {
    if (bytes.length != length) {
      throw new IllegalArgumentException(
          what + " must be " + length + " bytes, got " + bytes.length);
    }
    return of(bytes);
  }

  public static Bytes fromHex(String hex) {
    return new Bytes(Hex.decode(hex));
  }

  public static Bytes fromHex(String hex, int length, String what) {
    return new Bytes(Hex.decode(hex, length, what));
  }

  /** {@code length} zero bytes. */
  public static Bytes zero(int length) {
    return new Bytes(new byte[length]);
  }

  public int size() {
    return bytes.length;
  }

  public byte get(int i) {
    return bytes[i];
  }

  /** A copy of the content. */
  public byte[] toArray() {
    return bytes.clone();
  }

  /** Copies the content into {@code dest} at {@code offset}. */
  public void copyTo(byte[] dest, int offset) {
    System.arraycopy(bytes, 0, dest, offset, bytes.length);
  }

  public Bytes slice(int from, int to) {
    return new Bytes(Arrays.copyOfRange(bytes, from, to));
  }

  public Bytes concat(Bytes other) {
    byte[] out = Arrays.copyOf(bytes, bytes.length + other.bytes.length);
    System.arraycopy(other.bytes, 0, out, bytes.length, other.bytes.length);
    return new Bytes(out);
  }

  public boolean isZero() {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  public String toHex() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Bytes o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
