package io.phalanx.spec.ssz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Vector[E, N] and List[E, N] of any element type, as immutable Java lists. They differ only in
 * whether the count is fixed or bounded and whether the root mixes in the length.
 */
abstract sealed class SequenceType<E> extends SszType<List<E>> {
  final SszType<E> element;
  final long maxCount;

  private SequenceType(SszType<E> element, long maxCount, int fixedSize) {
    super(fixedSize);
    this.element = element;
    this.maxCount = maxCount;
  }

  abstract void requireCount(long count);

  abstract void mixInLength(Merkle merkle, byte[] out, int offset, int count);

  @Override
  int serializedSize(List<E> value) {
    if (element.isFixedSize()) {
      return value.size() * element.fixedSize();
    }
    int size = 0;
    for (E e : value) {
      size += OFFSET_SIZE + element.serializedSize(e);
    }
    return size;
  }

  @Override
  int write(List<E> value, byte[] out, int offset) {
    requireCount(value.size());
    boolean offsets = !element.isFixedSize();
    int cursor = offsets ? offset + OFFSET_SIZE * value.size() : offset;
    for (int i = 0; i < value.size(); i++) {
      if (offsets) {
        Uints.putOffset(out, offset + OFFSET_SIZE * i, cursor - offset);
      }
      try {
        cursor = element.write(value.get(i), out, cursor);
      } catch (IllegalArgumentException e) {
        throw Problems.at(index(i), e);
      }
    }
    return cursor;
  }

  @Override
  List<E> read(byte[] in, int from, int to) {
    int length = to - from;
    if (element.isFixedSize()) {
      int size = element.fixedSize();
      if (length % size != 0) {
        throw Problems.problem(
            this + ": " + length + " bytes is not a whole number of " + size + "-byte elements");
      }
      requireCount(length / size);
      List<E> out = new ArrayList<>(length / size);
      for (int at = from; at < to; at += size) {
        out.add(readElement(in, at, at + size, out.size()));
      }
      return List.copyOf(out);
    }
    if (length == 0) {
      requireCount(0);
      return List.of();
    }
    // The first offset says where the data starts, so it also says how many offsets there are.
    int first = Problems.offset(in, from, from, to, OFFSET_SIZE);
    if (first % OFFSET_SIZE != 0) {
      throw Problems.problem(this + ": first offset " + first + " is not a multiple of 4");
    }
    int count = first / OFFSET_SIZE;
    requireCount(count);
    List<E> out = new ArrayList<>(count);
    int start = first;
    for (int i = 0; i < count; i++) {
      int end = i + 1 < count
          ? Problems.offset(in, from + OFFSET_SIZE * (i + 1), from, to, start)
          : length;
      out.add(readElement(in, from + start, from + end, i));
      start = end;
    }
    return List.copyOf(out);
  }

  private E readElement(byte[] in, int from, int to, int index) {
    try {
      return element.read(in, from, to);
    } catch (IllegalArgumentException e) {
      throw Problems.at(index(index), e);
    }
  }

  private static String index(int i) {
    return "[" + i + "]";
  }

  @Override
  void hashTreeRoot(List<E> value, Merkle merkle, byte[] out, int offset) {
    requireCount(value.size());
    if (element.isBasic()) {
      // Basic elements are packed several to a chunk: their serialization is the chunk data.
      int size = element.fixedSize();
      byte[] packed = Merkle.chunkBuffer(value.size() * size);
      write(value, packed, 0);
      merkle.merkleizePacked(packed, Merkle.chunkLimit(maxCount, size), out, offset);
    } else {
      byte[] roots = new byte[value.size() * Merkle.CHUNK];
      for (int i = 0; i < value.size(); i++) {
        try {
          element.hashTreeRoot(value.get(i), merkle, roots, i * Merkle.CHUNK);
        } catch (IllegalArgumentException e) {
          throw Problems.at(index(i), e);
        }
      }
      merkle.merkleize(roots, value.size(), maxCount, out, offset);
    }
    mixInLength(merkle, out, offset, value.size());
  }

  @Override
  public JsonNode toJson(List<E> value) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode(value.size());
    for (E e : value) {
      array.add(element.toJson(e));
    }
    return array;
  }

  @Override
  List<E> readJson(JsonNode json) {
    if (json == null || !json.isArray()) {
      throw Problems.problem("expected a JSON array, got " + Problems.describe(json));
    }
    requireCount(json.size());
    List<E> out = new ArrayList<>(json.size());
    for (int i = 0; i < json.size(); i++) {
      try {
        out.add(element.readJson(json.get(i)));
      } catch (IllegalArgumentException e) {
        throw Problems.at(index(i), e);
      }
    }
    return List.copyOf(out);
  }

  static final class Vector<E> extends SequenceType<E> {
    Vector(SszType<E> element, int length) {
      super(
          element,
          Problems.requireBound(length, 1, "a vector's length"),
          element.isFixedSize() ? Math.multiplyExact(length, element.fixedSize()) : VARIABLE_SIZE);
    }

    @Override
    void requireCount(long count) {
      Problems.requireExactly(count, maxCount, this, "elements");
    }

    @Override
    void mixInLength(Merkle merkle, byte[] out, int offset, int count) {
      // A vector's length is part of its type, so the root does not commit to it.
    }

    @Override
    public String toString() {
      return "Vector[" + element + ", " + maxCount + "]";
    }
  }

  static final class ListOf<E> extends SequenceType<E> {
    ListOf(SszType<E> element, long limit) {
      super(element, Problems.requireBound(limit, 0, "a list's limit"), VARIABLE_SIZE);
    }

    @Override
    void requireCount(long count) {
      Problems.requireAtMost(count, maxCount, this, "elements");
    }

    @Override
    void mixInLength(Merkle merkle, byte[] out, int offset, int count) {
      merkle.mixInLength(out, offset, count);
    }

    @Override
    public String toString() {
      return "List[" + element + ", " + maxCount + "]";
    }
  }
}
