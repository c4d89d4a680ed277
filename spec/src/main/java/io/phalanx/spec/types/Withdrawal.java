package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/** A withdrawal the execution layer pays out. */
public record Withdrawal(long index, long validatorIndex, Bytes address, long amount) {
  public static final SszContainer<Withdrawal> SSZ =
      SszContainer.builder(Withdrawal.class)
          .field("index", Ssz.UINT64, Withdrawal::index)
          .field("validator_index", Ssz.UINT64, Withdrawal::validatorIndex)
          .field("address", Ssz.BYTES20, Withdrawal::address)
          .field("amount", Ssz.UINT64, Withdrawal::amount)
          .build(v -> new Withdrawal(v.next(), v.next(), v.next(), v.next()));

  public Withdrawal {
    Check.address(address, "address");
  }
}
