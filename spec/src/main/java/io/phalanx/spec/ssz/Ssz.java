package io.phalanx.spec.ssz;

import io.phalanx.spec.util.Bytes;
import java.math.BigInteger;
import java.util.List;

/** The SSZ types: basic types as constants, composite types from factories. */
public final class Ssz {
  public static final SszType<Boolean> BOOLEAN = new BasicType.Bool();
  public static final SszType<Integer> UINT8 = new BasicType.Uint8();

  /** uint64 as a Java long with unsigned meaning: compare with {@link Long#compareUnsigned}. */
  public static final SszType<Long> UINT64 = new BasicType.Uint64();

  public static final SszType<BigInteger> UINT256 = new BasicType.Uint256();

  /** Version, DomainType. */
  public static final SszType<Bytes> BYTES4 = byteVector(4);

  /** ExecutionAddress. */
  public static final SszType<Bytes> BYTES20 = byteVector(20);

  /** Root, Hash32, Domain. */
  public static final SszType<Bytes> BYTES32 = byteVector(32);

  /** BLSPubkey, KZGCommitment. */
  public static final SszType<Bytes> BYTES48 = byteVector(48);

  /** BLSSignature. */
  public static final SszType<Bytes> BYTES96 = byteVector(96);

  private Ssz() {}

  /** ByteVector[length]. */
  public static SszType<Bytes> byteVector(int length) {
    return new ByteVectorType(length);
  }

  /** ByteList[limit]. */
  public static SszType<Bytes> byteList(long limit) {
    return new ByteListType(limit);
  }

  /** Vector[element, length]. */
  public static <E> SszType<List<E>> vector(SszType<E> element, int length) {
    return new SequenceType.Vector<>(element, length);
  }

  /** List[element, limit]. */
  public static <E> SszType<List<E>> list(SszType<E> element, long limit) {
    return new SequenceType.ListOf<>(element, limit);
  }

  /** Bitvector[length]. */
  public static SszType<Bitfield> bitvector(int length) {
    return new BitvectorType(length);
  }

  /** Bitlist[limit]. */
  public static SszType<Bitfield> bitlist(long limit) {
    return new BitlistType(limit);
  }
}
