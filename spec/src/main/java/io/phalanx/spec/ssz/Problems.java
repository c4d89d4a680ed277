package io.phalanx.spec.ssz;

/**
 * Errors that say where in a nested value decoding failed, e.g. {@code
 * SignedBeaconBlock.message.body.attestations[2].aggregation_bits: bitlist has no delimiter bit},
 * because "offset out of range" alone does not tell anyone which of a block's hundred fields to
 * look at.
 */
final class Problems {
  private Problems() {}

  /** A problem with its location inside the value being decoded. */
  static final class Located extends IllegalArgumentException {
    private final String path;
    private final String problem;

    Located(String path, String problem, Throwable cause) {
      super(path + ": " + problem, cause);
      this.path = path;
      this.problem = problem;
    }
  }

  /** Prefixes the location of {@code e} with {@code segment}: a field name, "[i]", or a type. */
  static IllegalArgumentException at(String segment, IllegalArgumentException e) {
    if (e instanceof Located located) {
      String joint = located.path.startsWith("[") ? "" : ".";
      return new Located(segment + joint + located.path, located.problem, e.getCause());
    }
    return new Located(segment, e.getMessage(), e);
  }

  static IllegalArgumentException problem(String message) {
    return new IllegalArgumentException(message);
  }

  /** A JSON value short enough for an error message. */
  static String describe(Object json) {
    String s = String.valueOf(json);
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  /**
   * Reads the offset stored at {@code in[at]}, relative to {@code from}, and checks it lies between
   * {@code min} and the end of the value: offsets that point backwards or past the end are how
   * malformed SSZ shows itself.
   */
  static int offset(byte[] in, int at, int from, int to, long min) {
    if (at + SszType.OFFSET_SIZE > to) {
      throw problem("no room for an offset at byte " + (at - from) + " of " + (to - from));
    }
    long offset = Uints.getOffset(in, at);
    if (offset < min || offset > to - from) {
      throw problem(
          "offset " + offset + " at byte " + (at - from) + " must lie between " + min + " and "
              + (to - from));
    }
    return (int) offset;
  }

  static void requireLength(int actual, int expected, Object type) {
    requireExactly(actual, expected, type, "bytes");
  }

  /** For vectors: {@code type} must hold exactly {@code expected} {@code units}. */
  static void requireExactly(long actual, long expected, Object type, String units) {
    if (actual != expected) {
      throw problem(type + " must have " + expected + " " + units + ", got " + actual);
    }
  }

  /** For lists: {@code type} may hold at most {@code limit} {@code units}. */
  static void requireAtMost(long actual, long limit, Object type, String units) {
    if (actual > limit) {
      throw problem(type + " holds at most " + limit + " " + units + ", got " + actual);
    }
  }

  /** Checks a schema's length or limit when the schema is built: a programming error if wrong. */
  static long requireBound(long bound, long min, String what) {
    if (bound < min) {
      throw new IllegalArgumentException(what + " must be at least " + min + ", got " + bound);
    }
    return bound;
  }
}
