package io.phalanx.consensus.parsigex;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.consensus.PartialSignature;
import io.phalanx.consensus.parsigex.proto.Duty;
import io.phalanx.consensus.parsigex.proto.Partial;
import io.phalanx.consensus.parsigex.proto.PartialSignatureBatch;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The wire form of a batch, both ways. Decoding is strict: every field must have its size, the
 * duty must be known, every validator must be one of the lock's, and every partial must carry the
 * sender's own share index (node index + 1), so a node can only speak for its own share.
 * Unknown fields are tolerated so that a newer node can add some during a rolling upgrade.
 */
final class BatchCodec {
  static final int GROUP_PUBLIC_KEY_BYTES = 48;
  static final int SIGNING_ROOT_BYTES = 32;
  static final int SIGNATURE_BYTES = 96;

  private final Set<Bytes> groupPublicKeys;

  BatchCodec(ClusterLock lock) {
    this.groupPublicKeys =
        lock.validators().stream().map(v -> v.groupPublicKey().toBytes()).collect(Collectors.toUnmodifiableSet());
  }

  /** A batch was decoded: its id, its duty key and its partials in the order sent. */
  record Decoded(long messageId, DutyKey key, List<PartialSignature> partials) {}

  static PartialSignatureBatch encode(long messageId, DutyKey key, List<PartialSignature> partials) {
    PartialSignatureBatch.Builder batch =
        PartialSignatureBatch.newBuilder().setMessageId(messageId).setSlot(key.slot()).setDuty(toWire(key.type()));
    for (PartialSignature partial : partials) {
      batch.addPartials(Partial.newBuilder()
          .setGroupPublicKey(bytes(partial.groupPublicKey()))
          .setShareIndex(partial.shareIndex())
          .setSignedMessage(bytes(partial.signedMessage()))
          .setSigningRoot(bytes(partial.signingRoot()))
          .setSignature(bytes(partial.signature().toBytes())));
    }
    return batch.build();
  }

  /** Decodes the bytes {@code fromNodeIndex} sent. */
  Decoded decode(int fromNodeIndex, byte[] wire) throws MalformedBatchException {
    PartialSignatureBatch batch;
    try {
      batch = PartialSignatureBatch.parseFrom(wire);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedBatchException("not a protobuf PartialSignatureBatch: " + e.getMessage());
    }
    if (batch.getMessageId() == 0) {
      throw new MalformedBatchException("message id 0");
    }
    if (batch.getSlot() < 0) {
      throw new MalformedBatchException("slot " + Long.toUnsignedString(batch.getSlot()) + " is out of range");
    }
    DutyKey key = new DutyKey(batch.getSlot(), fromWire(batch.getDuty(), batch.getDutyValue()));
    if (batch.getPartialsCount() == 0) {
      throw new MalformedBatchException(key + ": no partial signatures");
    }
    int expectedShareIndex = fromNodeIndex + 1;
    List<PartialSignature> partials = new ArrayList<>(batch.getPartialsCount());
    for (int i = 0; i < batch.getPartialsCount(); i++) {
      Partial partial = batch.getPartials(i);
      String where = key + " partial " + i + ": ";
      Bytes groupPublicKey = fixed(partial.getGroupPublicKey(), GROUP_PUBLIC_KEY_BYTES, where + "group public key");
      if (!groupPublicKeys.contains(groupPublicKey)) {
        throw new MalformedBatchException(where + "validator " + groupPublicKey + " is not in the cluster lock");
      }
      if (partial.getShareIndex() != expectedShareIndex) {
        throw new MalformedBatchException(where + "share index " + Integer.toUnsignedString(partial.getShareIndex())
            + " is not the sender's (" + expectedShareIndex + ")");
      }
      if (partial.getSignedMessage().isEmpty()) {
        throw new MalformedBatchException(where + "empty signed message");
      }
      Bytes signingRoot = fixed(partial.getSigningRoot(), SIGNING_ROOT_BYTES, where + "signing root");
      BlsSignature signature;
      try {
        signature = BlsSignature.fromBytes(fixed(partial.getSignature(), SIGNATURE_BYTES, where + "signature"));
      } catch (IllegalArgumentException e) {
        throw new MalformedBatchException(where + e.getMessage());
      }
      partials.add(new PartialSignature(groupPublicKey, expectedShareIndex,
          Bytes.of(partial.getSignedMessage().toByteArray()), signingRoot, signature));
    }
    return new Decoded(batch.getMessageId(), key, List.copyOf(partials));
  }

  static Duty toWire(DutyType type) {
    return switch (type) {
      case ATTESTER -> Duty.DUTY_ATTESTER;
      case SELECTION_PROOF -> Duty.DUTY_SELECTION_PROOF;
      case AGGREGATOR -> Duty.DUTY_AGGREGATOR;
      case RANDAO -> Duty.DUTY_RANDAO;
      case PROPOSER -> Duty.DUTY_PROPOSER;
      case SYNC_MESSAGE -> Duty.DUTY_SYNC_MESSAGE;
      case SYNC_SELECTION_PROOF -> Duty.DUTY_SYNC_SELECTION_PROOF;
      case SYNC_CONTRIBUTION -> Duty.DUTY_SYNC_CONTRIBUTION;
      case VOLUNTARY_EXIT -> Duty.DUTY_VOLUNTARY_EXIT;
      case BUILDER_REGISTRATION -> Duty.DUTY_BUILDER_REGISTRATION;
    };
  }

  static DutyType fromWire(Duty duty, int wireValue) throws MalformedBatchException {
    return switch (duty) {
      case DUTY_ATTESTER -> DutyType.ATTESTER;
      case DUTY_SELECTION_PROOF -> DutyType.SELECTION_PROOF;
      case DUTY_AGGREGATOR -> DutyType.AGGREGATOR;
      case DUTY_RANDAO -> DutyType.RANDAO;
      case DUTY_PROPOSER -> DutyType.PROPOSER;
      case DUTY_SYNC_MESSAGE -> DutyType.SYNC_MESSAGE;
      case DUTY_SYNC_SELECTION_PROOF -> DutyType.SYNC_SELECTION_PROOF;
      case DUTY_SYNC_CONTRIBUTION -> DutyType.SYNC_CONTRIBUTION;
      case DUTY_VOLUNTARY_EXIT -> DutyType.VOLUNTARY_EXIT;
      case DUTY_BUILDER_REGISTRATION -> DutyType.BUILDER_REGISTRATION;
      case DUTY_UNSPECIFIED, UNRECOGNIZED -> throw new MalformedBatchException("unknown duty type " + wireValue);
    };
  }

  private static ByteString bytes(Bytes bytes) {
    // toArray() is already a private copy, so wrapping it without another copy is safe.
    return UnsafeByteOperations.unsafeWrap(bytes.toArray());
  }

  private static Bytes fixed(ByteString bytes, int length, String what) throws MalformedBatchException {
    if (bytes.size() != length) {
      throw new MalformedBatchException(what + " must be " + length + " bytes, got " + bytes.size());
    }
    return Bytes.of(bytes.toByteArray());
  }
}
