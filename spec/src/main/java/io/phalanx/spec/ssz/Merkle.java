package io.phalanx.spec.ssz;

import io.phalanx.spec.util.Sha256;
import java.security.DigestException;
import java.security.MessageDigest;

/**
 * The one merkleization engine: merkleize with padding to the limit, mix_in_length, and packed
 * chunks. An instance reuses one {@link MessageDigest}, so it is confined to a thread ({@link
 * #forThisThread()}). Each hash is fed and finished without calling out, so a nested
 * hash_tree_root on the same thread (say, from a container accessor) cannot disturb one in
 * progress.
 */
final class Merkle {
  private static final ThreadLocal<Merkle> PER_THREAD = ThreadLocal.withInitial(Merkle::new);
  static final int CHUNK = 32;

  /** Deep enough for any SSZ limit (2^64 chunks). */
  private static final int MAX_DEPTH = 64;

  /**
   * ZERO_HASHES[d] is the root of a subtree of depth d with only zero chunks: padding to the limit
   * costs one lookup per level instead of hashing 2^d zero chunks.
   */
  private static final byte[][] ZERO_HASHES = new byte[MAX_DEPTH + 1][];

  static {
    ZERO_HASHES[0] = new byte[CHUNK];
    for (int d = 1; d <= MAX_DEPTH; d++) {
      ZERO_HASHES[d] = Sha256.hash(ZERO_HASHES[d - 1], ZERO_HASHES[d - 1]);
    }
  }

  private final MessageDigest digest = Sha256.newDigest();
  private final byte[] lengthChunk = new byte[CHUNK];
  private final byte[] pair = new byte[2 * CHUNK];

  /** Looking up a MessageDigest costs about as much as hashing a small container. */
  static Merkle forThisThread() {
    return PER_THREAD.get();
  }

  /** Chunks needed for {@code bytes} bytes. */
  static int chunkCount(int bytes) {
    return (bytes + CHUNK - 1) / CHUNK;
  }

  /** Chunks needed for {@code count} items of {@code itemBytes} each. */
  static long chunkLimit(long count, int itemBytes) {
    return Math.ceilDiv(Math.multiplyExact(count, itemBytes), CHUNK);
  }

  /** Tree depth for {@code limit} leaves: the next power of two, at least one leaf. */
  static int depth(long limit) {
    return limit <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(limit - 1);
  }

  /** A byte array with room for {@code bytes} bytes, padded to whole chunks. */
  static byte[] chunkBuffer(int bytes) {
    return new byte[chunkCount(bytes) * CHUNK];
  }

  /**
   * merkleize(chunks, limit): the root of the first {@code count} chunks of {@code chunks}, padded
   * with zero chunks to the next power of two of {@code limit}, written at {@code out[offset]}.
   * Hashes in place, so {@code chunks} is overwritten.
   */
  void merkleize(byte[] chunks, int count, long limit, byte[] out, int offset) {
    if (count > limit) {
      throw Problems.problem(count + " chunks exceed the limit of " + limit);
    }
    int depth = depth(limit);
    if (count == 0) {
      System.arraycopy(ZERO_HASHES[depth], 0, out, offset, CHUNK);
      return;
    }
    int n = count;
    for (int level = 0; level < depth; level++) {
      int parents = (n + 1) / 2;
      for (int i = 0; i < parents; i++) {
        int left = 2 * i * CHUNK;
        if (2 * i + 1 < n) {
          digest.update(chunks, left, 2 * CHUNK); // siblings are adjacent: one call, not two
        } else {
          hashPair(chunks, left, ZERO_HASHES[level]);
        }
        finish(chunks, i * CHUNK);
      }
      n = parents;
    }
    System.arraycopy(chunks, 0, out, offset, CHUNK);
  }

  /**
   * merkleize(pack(value), limit) for a value already packed into {@code packed}, a {@link
   * #chunkBuffer}: byte vectors and lists, bitfields and lists of basic types all hash this way.
   */
  void merkleizePacked(byte[] packed, long limit, byte[] out, int offset) {
    merkleize(packed, packed.length / CHUNK, limit, out, offset);
  }

  /** mix_in_length: replaces the root at {@code root[offset]} by hash(root + uint256(length)). */
  void mixInLength(byte[] root, int offset, long length) {
    Uints.putLong(lengthChunk, 0, length);
    hashPair(root, offset, lengthChunk);
    finish(root, offset);
  }

  /** Feeds left + right as one 64-byte update: each call into the digest has a fixed cost. */
  private void hashPair(byte[] left, int leftOffset, byte[] right) {
    System.arraycopy(left, leftOffset, pair, 0, CHUNK);
    System.arraycopy(right, 0, pair, CHUNK, CHUNK);
    digest.update(pair, 0, 2 * CHUNK);
  }

  private void finish(byte[] out, int offset) {
    try {
      digest.digest(out, offset, CHUNK);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 always fits 32 bytes", e);
    }
  }
}
