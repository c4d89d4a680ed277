package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/**
 * A request to switch a validator's withdrawal credentials from a BLS key to an execution address.
 */
public record BLSToExecutionChange(
    long validatorIndex,
    Bytes fromBlsPubkey,
    Bytes toExecutionAddress) {
  public static final SszContainer<BLSToExecutionChange> SSZ =
      SszContainer.builder(BLSToExecutionChange.class)
          .field("validator_index", Ssz.UINT64, BLSToExecutionChange::validatorIndex)
          .field("from_bls_pubkey", Ssz.BYTES48, BLSToExecutionChange::fromBlsPubkey)
          .field("to_execution_address", Ssz.BYTES20, BLSToExecutionChange::toExecutionAddress)
          .build(v -> new BLSToExecutionChange(v.next(), v.next(), v.next()));

  public BLSToExecutionChange {
    Check.pubkey(fromBlsPubkey, "from_bls_pubkey");
    Check.address(toExecutionAddress, "to_execution_address");
  }
}
