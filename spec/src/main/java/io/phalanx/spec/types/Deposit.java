package io.phalanx.spec.types;

import static io.phalanx.spec.types.MainnetPreset.DEPOSIT_PROOF_LENGTH;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.List;
import java.util.Objects;

/** A deposit with its Merkle proof against the deposit root (tree depth plus the length mix-in). */
public record Deposit(List<Bytes> proof, DepositData data) {
  public static final SszContainer<Deposit> SSZ =
      SszContainer.builder(Deposit.class)
          .field("proof", Ssz.vector(Ssz.BYTES32, DEPOSIT_PROOF_LENGTH), Deposit::proof)
          .field("data", DepositData.SSZ, Deposit::data)
          .build(v -> new Deposit(v.next(), v.next()));

  public Deposit {
    proof = Check.vector(proof, DEPOSIT_PROOF_LENGTH, "proof");
    Objects.requireNonNull(data, "data");
  }
}
