package io.phalanx.spec.duty;

import java.util.Objects;

/** What the cluster agrees on once: one duty type in one slot, for all validators at once. */
public record DutyKey(long slot, DutyType type) implements Comparable<DutyKey> {
  public DutyKey {
    Objects.requireNonNull(type, "type");
    if (slot < 0) {
      throw new IllegalArgumentException("slot must not be negative, got " + slot);
    }
  }

  @Override
  public int compareTo(DutyKey o) {
    int bySlot = Long.compare(slot, o.slot);
    return bySlot != 0 ? bySlot : type.compareTo(o.type);
  }

  @Override
  public String toString() {
    return type + "@" + slot;
  }
}
