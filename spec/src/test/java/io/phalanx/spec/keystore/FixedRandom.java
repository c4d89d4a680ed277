package io.phalanx.spec.keystore;

import io.phalanx.spec.util.Bytes;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A "random" source that hands out given byte strings in order, one per {@code nextBytes}
 * call, so that encrypting with a known salt, IV and UUID can be compared with a known keystore.
 */
final class FixedRandom extends SecureRandom {
  private final Deque<Bytes> values;

  FixedRandom(List<Bytes> values) {
    this.values = new ArrayDeque<>(values);
  }

  @Override
  public void nextBytes(byte[] bytes) {
    Bytes next = values.poll();
    if (next == null || next.size() != bytes.length) {
      throw new IllegalStateException(
          "asked for " + bytes.length + " random bytes, next prepared value is "
              + (next == null ? "none" : next.size() + " bytes"));
    }
    next.copyTo(bytes, 0);
  }
}
