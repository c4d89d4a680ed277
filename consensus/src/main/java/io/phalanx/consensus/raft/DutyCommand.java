package io.phalanx.consensus.raft;

import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One Raft log entry: a node proposes {@code value} for {@code key}, to be signed by the
 * validators at {@code signers} (indices into the lock's validators, ascending, no repeats).
 *
 * <p>Encoded with our SSZ engine rather than protobuf (which the design first named): SSZ is
 * already Phalanx's own deterministic encoding, it rejects non-canonical and trailing bytes on
 * decode, and it needs no code generator in this module. The schema:
 *
 * <pre>
 * class DutyCommand(Container):
 *     slot: uint64
 *     duty_type: ByteList[32]      # UTF-8 name of the DutyType, so reordering the enum changes nothing
 *     value: ByteList[16777216]    # the proposed value; an attester duty's is an SSZ AttestationData
 *     signers: List[uint64, 65536] # lock validator indices that sign the value (attester duties)
 * </pre>
 */
record DutyCommand(DutyKey key, Bytes value, List<Long> signers) implements Command {
  /**
   * The largest value a node may propose: a block with its blobs and proofs (Fulu's 21 blobs with
   * their cell proofs are about 3.4 MiB; later forks raise the count). It was 1 MiB, which a block
   * with more than about 7 blobs outgrew. Ratis is configured in {@link RatisSettings} to carry it.
   */
  static final int MAX_VALUE_BYTES = 16 << 20;

  /** As many as a lock holds validators. */
  static final int MAX_SIGNERS = 1 << 16;

  private static final int MAX_TYPE_NAME_BYTES = 32;

  /** The schema; snapshots list commands with it too. */
  static final SszContainer<DutyCommand> SSZ =
      SszContainer.builder(DutyCommand.class)
          .field("slot", Ssz.UINT64, (DutyCommand c) -> c.key().slot())
          .field("duty_type", Ssz.byteList(MAX_TYPE_NAME_BYTES), (DutyCommand c) -> typeName(c.key().type()))
          .field("value", Ssz.byteList(MAX_VALUE_BYTES), DutyCommand::value)
          .field("signers", Ssz.list(Ssz.UINT64, MAX_SIGNERS), DutyCommand::signers)
          .build(v -> fromWire(v.next(), v.next(), v.next(), v.next()));

  DutyCommand(DutyKey key, Bytes value) {
    this(key, value, List.of());
  }

  DutyCommand {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    signers = List.copyOf(signers);
    if (value.size() > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException(
          "a proposed value is at most " + MAX_VALUE_BYTES + " bytes, got " + value.size() + " for " + key);
    }
    for (int i = 0; i < signers.size(); i++) {
      if (signers.get(i) < 0 || (i > 0 && signers.get(i) <= signers.get(i - 1))) {
        throw new IllegalArgumentException("the signers of " + key + " must be ascending lock validator indices");
      }
    }
  }

  @Override
  public Bytes encode() {
    return Command.frame(Command.DUTY, SSZ.serialize(this));
  }

  /**
   * Decodes a duty command (without the entry's kind byte).
   *
   * @throws IllegalArgumentException if the bytes are not a well-formed command, naming what is wrong
   */
  static DutyCommand decodeBody(Bytes bytes) {
    return SSZ.deserialize(bytes);
  }

  private static DutyCommand fromWire(long slot, Bytes typeName, Bytes value, List<Long> signers) {
    if (slot < 0) {
      throw new IllegalArgumentException("slot " + Long.toUnsignedString(slot) + " is out of range");
    }
    String name = new String(typeName.toArray(), StandardCharsets.UTF_8);
    DutyType type;
    try {
      type = DutyType.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown duty type '" + name + "'");
    }
    return new DutyCommand(new DutyKey(slot, type), value, signers);
  }

  private static Bytes typeName(DutyType type) {
    return Bytes.of(type.name().getBytes(StandardCharsets.UTF_8));
  }
}
