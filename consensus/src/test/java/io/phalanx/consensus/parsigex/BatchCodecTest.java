package io.phalanx.consensus.parsigex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.phalanx.consensus.PartialSignature;
import io.phalanx.consensus.parsigex.proto.Partial;
import io.phalanx.consensus.parsigex.proto.PartialSignatureBatch;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class BatchCodecTest {
  private static final ParSigExFixture FX = ParSigExFixture.shared();
  private static final DutyKey KEY = new DutyKey(42, DutyType.ATTESTER);
  private static final int SENDER = 1;

  private final BatchCodec codec = new BatchCodec(FX.lock);

  @ParameterizedTest
  @EnumSource(DutyType.class)
  void aBatchSurvivesTheWire(DutyType type) throws Exception {
    DutyKey key = new DutyKey(Long.MAX_VALUE, type);
    List<PartialSignature> partials = FX.partials(SENDER, key, 3);
    BatchCodec.Decoded decoded = codec.decode(SENDER, BatchCodec.encode(77, key, partials).toByteArray());
    assertEquals(new BatchCodec.Decoded(77, key, partials), decoded);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        malformed("message id 0", "message id 0", b -> b.setMessageId(0)),
        malformed("slot past 2^63", "out of range", b -> b.setSlot(-1)),
        malformed("unspecified duty", "unknown duty type 0", b -> b.setDutyValue(0)),
        malformed("future duty", "unknown duty type 99", b -> b.setDutyValue(99)),
        malformed("no partials", "no partial signatures", PartialSignatureBatch.Builder::clearPartials),
        malformed("short group key", "group public key must be 48 bytes, got 47",
            b -> b.setPartials(1, partial(b, 1).setGroupPublicKey(trim(partial(b, 1).getGroupPublicKey())))),
        malformed("validator not in the lock", "is not in the cluster lock",
            b -> b.setPartials(0, partial(b, 0).setGroupPublicKey(ByteString.copyFrom(new byte[48])))),
        malformed("another node's share index", "share index 3 is not the sender's (2)",
            b -> b.setPartials(1, partial(b, 1).setShareIndex(3))),
        malformed("share index 0", "share index 0 is not the sender's",
            b -> b.setPartials(0, partial(b, 0).setShareIndex(0))),
        malformed("empty signed message", "empty signed message",
            b -> b.setPartials(2, partial(b, 2).setSignedMessage(ByteString.EMPTY))),
        malformed("long signing root", "signing root must be 32 bytes, got 33",
            b -> b.setPartials(2, partial(b, 2).setSigningRoot(partial(b, 2).getSigningRoot().concat(ByteString.copyFrom(new byte[1]))))),
        malformed("signature not on the curve", "partial 0: ",
            b -> b.setPartials(0, partial(b, 0).setSignature(notAFieldElement()))),
        malformed("short signature", "signature must be 96 bytes, got 0",
            b -> b.setPartials(0, partial(b, 0).clearSignature())));
  }

  private static Arguments malformed(String name, String expected, UnaryOperator<PartialSignatureBatch.Builder> change) {
    return Arguments.of(name, expected, change);
  }

  private static Partial.Builder partial(PartialSignatureBatch.Builder batch, int i) {
    return batch.getPartials(i).toBuilder();
  }

  /** A compressed G2 point whose x coordinate is not below the field modulus. */
  private static ByteString notAFieldElement() {
    byte[] bytes = new byte[96];
    Arrays.fill(bytes, (byte) 0x9f);
    return ByteString.copyFrom(bytes);
  }

  private static ByteString trim(ByteString bytes) {
    return bytes.substring(0, bytes.size() - 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void aMalformedBatchIsRejectedNamingWhy(String name, String expected,
      UnaryOperator<PartialSignatureBatch.Builder> change) {
    PartialSignatureBatch good = BatchCodec.encode(5, KEY, FX.partials(SENDER, KEY, 3));
    byte[] wire = change.apply(good.toBuilder()).build().toByteArray();
    MalformedBatchException e = assertThrows(MalformedBatchException.class, () -> codec.decode(SENDER, wire));
    assertTrue(e.getMessage().contains(expected), name + ": " + e.getMessage());
  }

  @Test
  void bytesThatAreNotProtobufAreRejected() {
    MalformedBatchException e = assertThrows(MalformedBatchException.class,
        () -> codec.decode(SENDER, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}));
    assertTrue(e.getMessage().startsWith("not a protobuf"), e.getMessage());
  }

  @Test
  void tenThousandAttestationPartialsFitTheDefaultMessageSize() {
    // 240 bytes: the SSZ size of a SingleAttestation, what an attester's partial carries.
    PartialSignature one = FX.partial(SENDER, SENDER + 1, 0, KEY);
    PartialSignature attestation = new PartialSignature(one.groupPublicKey(), one.shareIndex(),
        Bytes.zero(240), one.signingRoot(), one.signature());
    List<PartialSignature> partials = new ArrayList<>(Collections.nCopies(10_000, attestation));
    int size = BatchCodec.encode(1, KEY, partials).getSerializedSize();
    assertTrue(size < ParSigExConfig.DEFAULT_MAX_MESSAGE_BYTES / 3, "10,000 partials take " + size + " bytes");
  }
}
