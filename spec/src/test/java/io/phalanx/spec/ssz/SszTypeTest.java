package io.phalanx.spec.ssz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Hex;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Edge cases of the basic and collection types. Expected roots were computed independently with a
 * few lines of Python following the SSZ spec's merkleize and mix_in_length.
 */
class SszTypeTest {
  private static final SszType<List<Long>> UINT64_LIST = Ssz.list(Ssz.UINT64, 1024);

  @Test
  void uint64MaxIsUnsigned() {
    long max = -1L;
    assertArrayEquals(Hex.decode("0xffffffffffffffff"), Ssz.UINT64.serialize(max));
    assertEquals(max, Ssz.UINT64.deserialize(Hex.decode("0xffffffffffffffff")));
    assertEquals(new TextNode("18446744073709551615"), Ssz.UINT64.toJson(max));
    assertEquals(max, Ssz.UINT64.fromJson(new TextNode("18446744073709551615")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"18446744073709551616", "-1", "+1", "1.0", "0x10", ""})
  void uint64JsonOutOfRangeOrMalformedIsRejected(String text) {
    assertThrows(IllegalArgumentException.class, () -> Ssz.UINT64.fromJson(new TextNode(text)));
  }

  @Test
  void uintJsonAcceptsBareNumbers() {
    assertEquals(7L, Ssz.UINT64.fromJson(IntNode.valueOf(7)));
  }

  @Test
  void uint256IsLittleEndian() {
    BigInteger max = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    assertEquals(Bytes.fromHex("ff".repeat(32)), Bytes.of(Ssz.UINT256.serialize(max)));
    byte[] one = Ssz.UINT256.serialize(BigInteger.ONE);
    assertEquals(1, one[0]);
    assertEquals(BigInteger.ONE, Ssz.UINT256.deserialize(one));
    assertThrows(
        IllegalArgumentException.class, () -> Ssz.UINT256.serialize(max.add(BigInteger.ONE)));
    assertEquals(new TextNode(max.toString()), Ssz.UINT256.toJson(max));
  }

  @Test
  void booleanOtherThanZeroOrOneIsRejected() {
    assertEquals(true, Ssz.BOOLEAN.deserialize(new byte[] {1}));
    assertThrows(IllegalArgumentException.class, () -> Ssz.BOOLEAN.deserialize(new byte[] {2}));
  }

  @Test
  void fixedSizeTypesRejectWrongLengths() {
    assertThrows(IllegalArgumentException.class, () -> Ssz.UINT64.deserialize(new byte[7]));
    assertThrows(IllegalArgumentException.class, () -> Ssz.UINT64.deserialize(new byte[9]));
    assertThrows(IllegalArgumentException.class, () -> Ssz.BYTES32.deserialize(new byte[33]));
    assertThrows(IllegalArgumentException.class, () -> Ssz.BYTES32.serialize(Bytes.zero(31)));
  }

  @Test
  void emptyListRootIsZeroHashMixedWithLengthZero() {
    assertEquals(
        Bytes.fromHex("0x76859427a26d01891b23e04cfc6342b72e4f52caca9d7535d16cd7f36b5d52bb"),
        UINT64_LIST.hashTreeRoot(List.of()));
    assertEquals(
        Bytes.fromHex("0xf5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb4b"),
        Ssz.byteList(32).hashTreeRoot(Bytes.EMPTY));
    assertArrayEquals(new byte[0], UINT64_LIST.serialize(List.of()));
    assertEquals(List.of(), UINT64_LIST.deserialize(new byte[0]));
  }

  @Test
  void basicListIsPacked() {
    assertEquals(
        Bytes.fromHex("0x7d71cb79deb3cc392afd800f19c07b5733b177b0bcd92f607052a1ffe314efb0"),
        UINT64_LIST.hashTreeRoot(List.of(1L, 2L, 3L)));
  }

  @Test
  void listsRejectMoreThanTheLimit() {
    SszType<List<Long>> two = Ssz.list(Ssz.UINT64, 2);
    assertThrows(IllegalArgumentException.class, () -> two.serialize(List.of(1L, 2L, 3L)));
    assertThrows(IllegalArgumentException.class, () -> two.deserialize(new byte[24]));
    assertThrows(IllegalArgumentException.class, () -> two.deserialize(new byte[12]));
    assertThrows(IllegalArgumentException.class, () -> Ssz.byteList(2).deserialize(new byte[3]));
  }

  @Test
  void vectorsNeedExactlyTheirLength() {
    SszType<List<Bytes>> proof = Ssz.vector(Ssz.BYTES32, 3);
    assertTrue(proof.isFixedSize());
    assertEquals(96, proof.fixedSize());
    assertThrows(IllegalArgumentException.class, () -> proof.serialize(List.of(Bytes.zero(32))));
    assertThrows(IllegalArgumentException.class, () -> proof.deserialize(new byte[64]));
  }

  @Test
  void bitlistEncodingEndsWithTheDelimiter() {
    SszType<Bitfield> bitlist = Ssz.bitlist(2048);
    assertArrayEquals(new byte[] {1}, bitlist.serialize(Bitfield.zeros(0)));
    assertArrayEquals(
        new byte[] {(byte) 0xff, 1}, bitlist.serialize(Bitfield.of(8, 0, 1, 2, 3, 4, 5, 6, 7)));
    assertArrayEquals(new byte[] {0b100101}, bitlist.serialize(Bitfield.of(5, 0, 2)));
    assertEquals(Bitfield.of(5, 0, 2), bitlist.deserialize(new byte[] {0b100101}));
    assertEquals(Bitfield.of(8, 7), bitlist.deserialize(new byte[] {(byte) 0x80, 1}));
    assertEquals(Bitfield.zeros(0), bitlist.deserialize(new byte[] {1}));
    assertEquals(new TextNode("0x25"), bitlist.toJson(Bitfield.of(5, 0, 2)));
    assertEquals(Bitfield.of(5, 0, 2), bitlist.fromJson(new TextNode("0x25")));
    assertEquals(
        Bytes.fromHex("0x44b6726e4b6ff83b78451d8e3d7cce7097de1e73bd4cda7eca933d75074981d9"),
        bitlist.hashTreeRoot(Bitfield.of(5, 0, 2)));
  }

  @Test
  void bitlistWithoutDelimiterIsRejected() {
    SszType<Bitfield> bitlist = Ssz.bitlist(2048);
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> bitlist.deserialize(new byte[0]));
    assertTrue(empty.getMessage().contains("delimiter"), empty.getMessage());
    IllegalArgumentException zero =
        assertThrows(IllegalArgumentException.class, () -> bitlist.deserialize(new byte[] {1, 0}));
    assertTrue(zero.getMessage().contains("delimiter"), zero.getMessage());
  }

  @Test
  void bitlistLongerThanItsLimitIsRejected() {
    SszType<Bitfield> four = Ssz.bitlist(4);
    assertEquals(Bitfield.of(4, 3), four.deserialize(new byte[] {0b11000}));
    assertThrows(IllegalArgumentException.class, () -> four.deserialize(new byte[] {0b100000}));
    assertThrows(IllegalArgumentException.class, () -> four.serialize(Bitfield.zeros(5)));
  }

  @Test
  void bitvectorRejectsBitsPastItsLength() {
    SszType<Bitfield> four = Ssz.bitvector(4);
    assertEquals(Bitfield.of(4, 0, 3), four.deserialize(new byte[] {0b1001}));
    assertThrows(IllegalArgumentException.class, () -> four.deserialize(new byte[] {0b10000}));
    assertThrows(IllegalArgumentException.class, () -> four.serialize(Bitfield.zeros(5)));
  }

  @Test
  void bitfieldIsAValue() {
    Bitfield bits = Bitfield.zeros(10).set(9).set(1);
    assertEquals(Bitfield.of(10, 1, 9), bits);
    assertEquals(Bitfield.of(10, 1, 9).hashCode(), bits.hashCode());
    assertTrue(bits.get(9));
    assertFalse(bits.get(8));
    assertEquals(2, bits.cardinality());
    assertArrayEquals(new int[] {1, 9}, bits.setBits().toArray());
    assertEquals(Bitfield.of(10, 0, 1, 9), bits.or(Bitfield.of(10, 0)));
    assertThrows(IndexOutOfBoundsException.class, () -> bits.get(10));
    assertThrows(IllegalArgumentException.class, () -> Bitfield.fromBytes(new byte[] {0, 4}, 10));
  }

  @Test
  void listOfVariableSizeElementsRejectsMalformedOffsets() {
    SszType<List<Bytes>> lists = Ssz.list(Ssz.byteList(8), 4);
    List<Bytes> value = List.of(Bytes.fromHex("0xaa"), Bytes.EMPTY, Bytes.fromHex("0xbbcc"));
    byte[] good = lists.serialize(value);
    assertArrayEquals(Hex.decode("0x0c0000000d0000000d000000aabbcc"), good);
    assertEquals(value, lists.deserialize(good));

    // first offset not a multiple of 4
    assertRejected(lists, "0x0b0000000d0000000d000000aabbcc");
    // first offset past the end
    assertRejected(lists, "0x100000000d0000000d000000aabbcc");
    // offsets going backwards
    assertRejected(lists, "0x0c0000000e0000000d000000aabbcc");
    // an offset past the end
    assertRejected(lists, "0x0c0000000d00000010000000aabbcc");
    // too short for even one offset
    assertRejected(lists, "0x0c00");
    // first offset 0
    assertRejected(lists, "0x00000000");
    // count above the limit
    assertRejected(lists, "0x14000000140000001400000014000000140000");
  }

  private static void assertRejected(SszType<?> type, String hex) {
    assertThrows(IllegalArgumentException.class, () -> type.deserialize(Hex.decode(hex)), hex);
  }

  @Test
  void byteTypesUseHexJson() {
    assertEquals(new TextNode("0x0102"), Ssz.byteList(4).toJson(Bytes.fromHex("0x0102")));
    assertEquals(Bytes.fromHex("0x0102"), Ssz.byteList(4).fromJson(new TextNode("0x0102")));
    assertThrows(
        IllegalArgumentException.class, () -> Ssz.byteList(4).fromJson(new TextNode("0102")));
    assertThrows(IllegalArgumentException.class, () -> Ssz.BYTES4.fromJson(new TextNode("0x0102")));
  }

  @Test
  void fixedSizeOfVariableTypeIsAnError() {
    assertFalse(UINT64_LIST.isFixedSize());
    assertThrows(IllegalStateException.class, UINT64_LIST::fixedSize);
  }
}
