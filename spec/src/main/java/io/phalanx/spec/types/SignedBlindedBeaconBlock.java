package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.Objects;

/** A blinded block with its proposer's signature (Electra form, unchanged in Fulu). */
public record SignedBlindedBeaconBlock(BlindedBeaconBlock message, Bytes signature) {
  public static final SszContainer<SignedBlindedBeaconBlock> SSZ =
      SszContainer.builder(SignedBlindedBeaconBlock.class)
          .field("message", BlindedBeaconBlock.SSZ, SignedBlindedBeaconBlock::message)
          .field("signature", Ssz.BYTES96, SignedBlindedBeaconBlock::signature)
          .build(v -> new SignedBlindedBeaconBlock(v.next(), v.next()));

  public SignedBlindedBeaconBlock {
    Objects.requireNonNull(message, "message");
    Check.signature(signature, "signature");
  }
}
