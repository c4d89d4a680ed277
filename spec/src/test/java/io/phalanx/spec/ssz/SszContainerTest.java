package io.phalanx.spec.ssz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Hex;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SszContainerTest {
  record Pair(long epoch, Bytes root) {
    static final SszContainer<Pair> SSZ =
        SszContainer.builder(Pair.class)
            .field("epoch", Ssz.UINT64, Pair::epoch)
            .field("root", Ssz.BYTES32, Pair::root)
            .build(v -> new Pair(v.next(), v.next()));
  }

  /** Fixed, variable, fixed, variable: exercises offsets between fixed fields. */
  record Mixed(boolean flag, Bytes data, Pair pair, List<Pair> pairs, Bitfield bits) {
    static final SszContainer<Mixed> SSZ =
        SszContainer.builder(Mixed.class)
            .field("flag", Ssz.BOOLEAN, Mixed::flag)
            .field("data", Ssz.byteList(16), Mixed::data)
            .field("pair", Pair.SSZ, Mixed::pair)
            .field("pairs", Ssz.list(Pair.SSZ, 4), Mixed::pairs)
            .field("bits", Ssz.bitlist(16), Mixed::bits)
            .build(v -> new Mixed(v.next(), v.next(), v.next(), v.next(), v.next()));
  }

  private static final Pair PAIR = new Pair(3, Bytes.fromHex("11".repeat(32)));
  private static final Mixed MIXED =
      new Mixed(true, Bytes.fromHex("0xabcd"), PAIR, List.of(PAIR, PAIR), Bitfield.of(3, 1));

  @Test
  void fixedContainerRoot() {
    assertTrue(Pair.SSZ.isFixedSize());
    assertEquals(40, Pair.SSZ.fixedSize());
    assertEquals(
        Bytes.fromHex("0x8d7ec135ffb397a99e8b3794c3adf61271572d368226dc807636996c30776aa6"),
        Pair.SSZ.hashTreeRoot(PAIR));
  }

  @Test
  void roundTrips() throws Exception {
    byte[] encoded = Mixed.SSZ.serialize(MIXED);
    // fixed part: 1 + 4 + 40 + 4 + 4 = 53; data at 53, pairs at 55, bits at 55 + 80
    assertEquals(53 + 2 + 80 + 1, encoded.length);
    assertEquals(MIXED, Mixed.SSZ.deserialize(encoded));

    JsonNode json = Mixed.SSZ.toJson(MIXED);
    JsonNode expected =
        new ObjectMapper()
            .readTree(
                """
                {"flag": true, "data": "0xabcd",
                 "pair": {"epoch": "3", "root": "0x%s"},
                 "pairs": [{"epoch": "3", "root": "0x%s"}, {"epoch": "3", "root": "0x%s"}],
                 "bits": "0x0a"}
                """
                    .formatted("11".repeat(32), "11".repeat(32), "11".repeat(32)));
    assertEquals(expected, json);
    assertEquals(MIXED, Mixed.SSZ.fromJson(json));
  }

  @Test
  void malformedOffsetsAreRejected() {
    byte[] good = Mixed.SSZ.serialize(MIXED);
    assertEquals(53, Byte.toUnsignedInt(good[1]));

    byte[] firstOffsetNotAtFixedEnd = good.clone();
    firstOffsetNotAtFixedEnd[1] = 54;
    assertRejected(firstOffsetNotAtFixedEnd, "first offset");

    byte[] offsetPastEnd = good.clone();
    offsetPastEnd[45] = (byte) 200;
    assertRejected(offsetPastEnd, "offset");

    byte[] offsetsBackwards = good.clone();
    offsetsBackwards[49] = 54;
    assertRejected(offsetsBackwards, "offset");

    byte[] truncated = Arrays.copyOf(good, 40);
    assertRejected(truncated, "at least");
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] pair = Pair.SSZ.serialize(PAIR);
    assertThrows(
        IllegalArgumentException.class, () -> Pair.SSZ.deserialize(Arrays.copyOf(pair, 41)));
    // In a variable-size container, trailing bytes land in the last field and fail its check.
    byte[] mixed = Mixed.SSZ.serialize(MIXED);
    byte[] longer = Arrays.copyOf(mixed, mixed.length + 1);
    assertRejected(longer, "bits");
  }

  @Test
  void errorsNameTheFieldPath() {
    byte[] encoded = Mixed.SSZ.serialize(MIXED);
    encoded[encoded.length - 1] = 0; // the bitlist loses its delimiter
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Mixed.SSZ.deserialize(encoded));
    assertEquals("Mixed.bits: bitlist has no delimiter bit: its last byte is zero", e.getMessage());

    Mixed badRoot =
        new Mixed(
            true, Bytes.EMPTY, PAIR, List.of(PAIR, new Pair(1, Bytes.zero(31))), Bitfield.zeros(0));
    IllegalArgumentException json =
        assertThrows(
            IllegalArgumentException.class,
            () -> Mixed.SSZ.fromJson(((ObjectNode) Mixed.SSZ.toJson(MIXED)).put("flag", 1)));
    assertTrue(json.getMessage().startsWith("Mixed.flag: "), json.getMessage());
    IllegalArgumentException root =
        assertThrows(IllegalArgumentException.class, () -> Mixed.SSZ.hashTreeRoot(badRoot));
    assertTrue(root.getMessage().startsWith("Mixed.pairs[1].root: "), root.getMessage());
  }

  @Test
  void jsonWithMissingOrUnknownFieldsIsRejected() {
    ObjectNode json = (ObjectNode) Pair.SSZ.toJson(PAIR);
    assertThrows(
        IllegalArgumentException.class, () -> Pair.SSZ.fromJson(json.deepCopy().put("extra", "1")));
    var missing = json.deepCopy();
    missing.remove("root");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Pair.SSZ.fromJson(missing));
    assertEquals("Pair.root: missing", e.getMessage());
  }

  @Test
  void constructorMustReadEveryField() {
    SszContainer<Pair> wrong =
        SszContainer.builder(Pair.class)
            .field("epoch", Ssz.UINT64, Pair::epoch)
            .field("root", Ssz.BYTES32, Pair::root)
            .build(v -> new Pair(v.next(), Bytes.zero(32)));
    assertThrows(IllegalStateException.class, () -> wrong.deserialize(Pair.SSZ.serialize(PAIR)));
  }

  @Test
  void duplicateFieldNamesAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SszContainer.builder(Pair.class)
                .field("a", Ssz.UINT64, Pair::epoch)
                .field("a", Ssz.UINT64, Pair::epoch));
  }

  @Test
  void writesTheSpecLayout() {
    assertArrayEquals(
        Hex.decode("0x0300000000000000" + "11".repeat(32)), Pair.SSZ.serialize(PAIR));
  }

  private static void assertRejected(byte[] encoded, String messagePart) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Mixed.SSZ.deserialize(encoded));
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
  }
}
