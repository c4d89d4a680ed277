package io.phalanx.spec.ssz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * An SSZ container schema for a Java type {@code R}, usually a record: named fields, each with its
 * SSZ type and accessor, and a constructor function that receives the field values in order.
 *
 * <pre>{@code
 * public record Checkpoint(long epoch, Bytes root) {
 *   public static final SszContainer<Checkpoint> SSZ =
 *       SszContainer.builder(Checkpoint.class)
 *           .field("epoch", Ssz.UINT64, Checkpoint::epoch)
 *           .field("root", Ssz.BYTES32, Checkpoint::root)
 *           .build(v -> new Checkpoint(v.next(), v.next()));
 * }
 * }</pre>
 *
 * <p>Field names are the spec's snake_case names: they are the JSON keys and appear in errors.
 */
public final class SszContainer<R> extends SszType<R> {
  private final String name;
  private final List<Field<R, ?>> fields;
  private final Function<Values, R> constructor;
  private final int fixedPartSize;

  private SszContainer(String name, List<Field<R, ?>> fields, Function<Values, R> constructor) {
    super(fixedSizeOf(fields));
    this.name = name;
    this.fields = List.copyOf(fields);
    this.constructor = constructor;
    this.fixedPartSize = fields.stream().mapToInt(f -> f.type.fixedPartSize()).sum();
  }

  private static <R> int fixedSizeOf(List<Field<R, ?>> fields) {
    boolean fixed = fields.stream().allMatch(f -> f.type.isFixedSize());
    return fixed ? fields.stream().mapToInt(f -> f.type.fixedSize()).sum() : VARIABLE_SIZE;
  }

  /** Starts a schema for {@code type}; its simple name names the container in errors. */
  public static <R> Builder<R> builder(Class<R> type) {
    return new Builder<>(type.getSimpleName());
  }

  /** The field values of one container, handed to its constructor function in field order. */
  public interface Values {
    /** The next field's value, typed by the constructor parameter it is passed to. */
    <V> V next();
  }

  public static final class Builder<R> {
    private final String name;
    private final List<Field<R, ?>> fields = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /** Adds the next field, in the spec's order: order decides the encoding and the root. */
    public <V> Builder<R> field(String fieldName, SszType<V> type, Function<R, V> accessor) {
      if (fields.stream().anyMatch(f -> f.name.equals(fieldName))) {
        throw new IllegalArgumentException(name + " already has a field " + fieldName);
      }
      fields.add(new Field<>(fieldName, type, accessor));
      return this;
    }

    /**
     * @param constructor builds the value from the field values, read with {@link Values#next()}
     *     in the order the fields were added
     */
    public SszContainer<R> build(Function<Values, R> constructor) {
      if (fields.isEmpty()) {
        throw new IllegalStateException("SSZ containers need at least one field: " + name);
      }
      return new SszContainer<>(name, fields, constructor);
    }
  }

  /** The field names in order. */
  public List<String> fieldNames() {
    return fields.stream().map(f -> f.name).toList();
  }

  @Override
  int serializedSize(R value) {
    int size = fixedPartSize;
    for (Field<R, ?> field : fields) {
      if (!field.type.isFixedSize()) {
        size += field.serializedSize(value);
      }
    }
    return size;
  }

  @Override
  int write(R value, byte[] out, int offset) {
    int fixed = offset;
    int variable = offset + fixedPartSize;
    for (Field<R, ?> field : fields) {
      if (field.type.isFixedSize()) {
        fixed = field.write(value, out, fixed);
      } else {
        Uints.putOffset(out, fixed, variable - offset);
        fixed += OFFSET_SIZE;
        variable = field.write(value, out, variable);
      }
    }
    return variable;
  }

  @Override
  R read(byte[] in, int from, int to) {
    if (isFixedSize()) {
      Problems.requireLength(to - from, fixedPartSize, this);
    } else if (to - from < fixedPartSize) {
      throw Problems.problem(
          this + " needs at least " + fixedPartSize + " bytes, got " + (to - from));
    }
    // First pass: where each field starts. Variable-size fields start at their offsets, the first
    // exactly where the fixed part ends, each at or after the one before.
    int[] starts = new int[fields.size()];
    int at = from;
    int previousOffset = -1;
    for (int i = 0; i < fields.size(); i++) {
      SszType<?> type = fields.get(i).type;
      if (type.isFixedSize()) {
        starts[i] = at;
      } else {
        int min = previousOffset < 0 ? fixedPartSize : previousOffset;
        int offset = Problems.offset(in, at, from, to, min);
        if (previousOffset < 0 && offset != fixedPartSize) {
          throw Problems.problem(
              this + ": first offset " + offset + " must equal the fixed part's length "
                  + fixedPartSize);
        }
        starts[i] = from + offset;
        previousOffset = offset;
      }
      at += type.fixedPartSize();
    }
    // Second pass: each field ends where the next variable-size field starts, or at the end.
    Object[] values = new Object[fields.size()];
    int end = to;
    for (int i = fields.size() - 1; i >= 0; i--) {
      Field<R, ?> field = fields.get(i);
      int fieldEnd = field.type.isFixedSize() ? starts[i] + field.type.fixedSize() : end;
      try {
        values[i] = field.type.read(in, starts[i], fieldEnd);
      } catch (IllegalArgumentException e) {
        throw Problems.at(field.name, e);
      }
      if (!field.type.isFixedSize()) {
        end = starts[i];
      }
    }
    return construct(values);
  }

  @Override
  void hashTreeRoot(R value, Merkle merkle, byte[] out, int offset) {
    byte[] roots = new byte[fields.size() * Merkle.CHUNK];
    for (int i = 0; i < fields.size(); i++) {
      fields.get(i).hashTreeRoot(value, merkle, roots, i * Merkle.CHUNK);
    }
    merkle.merkleize(roots, fields.size(), fields.size(), out, offset);
  }

  @Override
  public JsonNode toJson(R value) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    for (Field<R, ?> field : fields) {
      object.set(field.name, field.toJson(value));
    }
    return object;
  }

  @Override
  R readJson(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw Problems.problem("expected a JSON object, got " + Problems.describe(json));
    }
    // Unknown keys mean the JSON is of another type or fork; better to say so than drop data.
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      if (fields.stream().noneMatch(f -> f.name.equals(key))) {
        throw Problems.problem(this + " has no field " + key);
      }
    }
    Object[] values = new Object[fields.size()];
    for (int i = 0; i < fields.size(); i++) {
      Field<R, ?> field = fields.get(i);
      try {
        if (!json.has(field.name)) {
          throw Problems.problem("missing");
        }
        values[i] = field.type.readJson(json.get(field.name));
      } catch (IllegalArgumentException e) {
        throw Problems.at(field.name, e);
      }
    }
    return construct(values);
  }

  private R construct(Object[] values) {
    ValueCursor cursor = new ValueCursor(values);
    R value = constructor.apply(cursor);
    if (cursor.next != values.length) {
      throw new IllegalStateException(
          name + "'s constructor function read " + cursor.next + " of " + values.length
              + " fields");
    }
    return value;
  }

  @Override
  public String toString() {
    return name;
  }

  private record Field<R, V>(String name, SszType<V> type, Function<R, V> accessor) {
    private V get(R container) {
      return Objects.requireNonNull(accessor.apply(container), () -> name + " is null");
    }

    int serializedSize(R container) {
      return type.serializedSize(get(container));
    }

    int write(R container, byte[] out, int offset) {
      try {
        return type.write(get(container), out, offset);
      } catch (IllegalArgumentException e) {
        throw Problems.at(name, e);
      }
    }

    void hashTreeRoot(R container, Merkle merkle, byte[] out, int offset) {
      try {
        type.hashTreeRoot(get(container), merkle, out, offset);
      } catch (IllegalArgumentException e) {
        throw Problems.at(name, e);
      }
    }

    JsonNode toJson(R container) {
      return type.toJson(get(container));
    }
  }

  private static final class ValueCursor implements Values {
    private final Object[] values;
    private int next;

    ValueCursor(Object[] values) {
      this.values = values;
    }

    @Override
    @SuppressWarnings("unchecked") // the constructor function's parameter types match the fields
    public <V> V next() {
      if (next == values.length) {
        throw new IllegalStateException("the constructor function read more fields than exist");
      }
      return (V) values[next++];
    }
  }
}
