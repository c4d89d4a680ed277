package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.Objects;

/** A beacon block with its proposer's signature (Electra form, unchanged in Fulu). */
public record SignedBeaconBlock(BeaconBlock message, Bytes signature) {
  public static final SszContainer<SignedBeaconBlock> SSZ =
      SszContainer.builder(SignedBeaconBlock.class)
          .field("message", BeaconBlock.SSZ, SignedBeaconBlock::message)
          .field("signature", Ssz.BYTES96, SignedBeaconBlock::signature)
          .build(v -> new SignedBeaconBlock(v.next(), v.next()));

  public SignedBeaconBlock {
    Objects.requireNonNull(message, "message");
    Check.signature(signature, "signature");
  }
}
