package io.phalanx.spec.ssz;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.spec.util.Bytes;

/**
 * An SSZ schema for Java values of type {@code T}: serialization, strict deserialization, hash
 * tree root, and the beacon-API JSON form.
 *
 * <p>Schemas are immutable and thread-safe; build them once, as static constants, with the
 * factories in {@link Ssz} and {@link SszContainer#builder(Class)}. Other packages cannot subclass
 * this: every SSZ kind is here, so one merkleization engine serves all of them.
 */
public abstract class SszType<T> {
  /** BYTES_PER_LENGTH_OFFSET: a variable-size field takes this much room in the fixed part. */
  static final int OFFSET_SIZE = 4;

  /** What subclasses pass as their fixed size when values vary in size. */
  static final int VARIABLE_SIZE = -1;

  private final int fixedSize;

  SszType(int fixedSize) {
    this.fixedSize = fixedSize;
  }

  /** Whether every value of this type serializes to the same number of bytes. */
  public final boolean isFixedSize() {
    return fixedSize != VARIABLE_SIZE;
  }

  /**
   * The serialized length of every value of this fixed-size type.
   *
   * @throws IllegalStateException if the type is variable-size
   */
  public final int fixedSize() {
    if (!isFixedSize()) {
      throw new IllegalStateException(this + " is variable-size");
    }
    return fixedSize;
  }

  /**
   * @throws IllegalArgumentException if the value breaks its schema (a list over its limit, a
   *     vector of the wrong length), naming where
   */
  public final byte[] serialize(T value) {
    try {
      byte[] out = new byte[serializedSize(value)];
      int end = write(value, out, 0);
      if (end != out.length) {
        throw new IllegalStateException(this + " wrote " + end + " of " + out.length + " bytes");
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw Problems.at(toString(), e);
    }
  }

  /**
   * Decodes exactly {@code bytes}: wrong lengths, malformed offsets, trailing bytes and
   * non-canonical encodings are rejected.
   *
   * @throws IllegalArgumentException naming where in the value the problem is and what it is
   */
  public final T deserialize(byte[] bytes) {
    try {
      return read(bytes, 0, bytes.length);
    } catch (IllegalArgumentException e) {
      throw Problems.at(toString(), e);
    }
  }

  public final T deserialize(Bytes bytes) {
    return deserialize(bytes.toArray());
  }

  /**
   * The 32-byte hash tree root.
   *
   * @throws IllegalArgumentException if the value breaks its schema, naming where
   */
  public final Bytes hashTreeRoot(T value) {
    try {
      byte[] out = new byte[Merkle.CHUNK];
      hashTreeRoot(value, Merkle.forThisThread(), out, 0);
      return Bytes.of(out);
    } catch (IllegalArgumentException e) {
      throw Problems.at(toString(), e);
    }
  }

  /** The beacon-API JSON form of {@code value}. */
  public abstract JsonNode toJson(T value);

  /**
   * Reads the beacon-API JSON form.
   *
   * @throws IllegalArgumentException naming where in the value the problem is and what it is
   */
  public final T fromJson(JsonNode json) {
    try {
      return readJson(json);
    } catch (IllegalArgumentException e) {
      throw Problems.at(toString(), e);
    }
  }

  // The machinery below works on shared buffers so that a whole block is written, read and
  // hashed without copying each nested value into a fresh array.

  /** Basic types (booleans, uints) are packed several to a chunk when in a vector or list. */
  boolean isBasic() {
    return false;
  }

  /** Room this type takes in its parent's fixed part. */
  final int fixedPartSize() {
    return isFixedSize() ? fixedSize() : OFFSET_SIZE;
  }

  abstract int serializedSize(T value);

  /** Writes {@code value} at {@code offset}; returns the offset just past it. */
  abstract int write(T value, byte[] out, int offset);

  /** Reads a value that occupies exactly {@code in[from..to)}. */
  abstract T read(byte[] in, int from, int to);

  abstract T readJson(JsonNode json);

  /** Writes the 32-byte root at {@code out[offset]}. */
  abstract void hashTreeRoot(T value, Merkle merkle, byte[] out, int offset);
}
