package io.phalanx.consensus.raft;

import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One Raft log entry: a node proposes {@code value} for {@code key}.
 *
 * <p>Encoded with our SSZ engine rather than protobuf (which the design first named): SSZ is
 * already Phalanx's own deterministic encoding, it rejects non-canonical and trailing bytes on
 * decode, and it needs no code generator in this module. The schema:
 *
 * <pre>
 * class DutyCommand(Container):
 *     slot: uint64
 *     duty_type: ByteList[32]      # UTF-8 name of the DutyType, so reordering the enum changes nothing
 *     value: ByteList[1048576]     # the proposed value, opaque to consensus
 * </pre>
 */
record DutyCommand(DutyKey key, Bytes value) {
  /** The largest value a node may propose: one slot's data for all of a cluster's validators fits. */
  static final int MAX_VALUE_BYTES = 1 << 20;

  private static final int MAX_TYPE_NAME_BYTES = 32;

  /** The schema; snapshots list commands with it too. */
  static final SszContainer<DutyCommand> SSZ =
      SszContainer.builder(DutyCommand.class)
          .field("slot", Ssz.UINT64, (DutyCommand c) -> c.key().slot())
          .field("duty_type", Ssz.byteList(MAX_TYPE_NAME_BYTES), (DutyCommand c) -> typeName(c.key().type()))
          .field("value", Ssz.byteList(MAX_VALUE_BYTES), DutyCommand::value)
          .build(v -> fromWire(v.next(), v.next(), v.next()));

  public DutyCommand {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (value.size() > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException(
          "a proposed value is at most " + MAX_VALUE_BYTES + " bytes, got " + value.size() + " for " + key);
    }
  }

  Bytes encode() {
    return Bytes.of(SSZ.serialize(this));
  }

  /**
   * Decodes a log entry.
   *
   * @throws IllegalArgumentException if the bytes are not a well-formed command, naming what is wrong
   */
  static DutyCommand decode(Bytes bytes) {
    return SSZ.deserialize(bytes);
  }

  private static DutyCommand fromWire(long slot, Bytes typeName, Bytes value) {
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
    return new DutyCommand(new DutyKey(slot, type), value);
  }

  private static Bytes typeName(DutyType type) {
    return Bytes.of(type.name().getBytes(StandardCharsets.UTF_8));
  }
}
