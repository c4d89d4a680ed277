package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.Objects;

/** A BeaconBlockHeader with its proposer's signature, which equals the block's signature. */
public record SignedBeaconBlockHeader(BeaconBlockHeader message, Bytes signature) {
  public static final SszContainer<SignedBeaconBlockHeader> SSZ =
      SszContainer.builder(SignedBeaconBlockHeader.class)
          .field("message", BeaconBlockHeader.SSZ, SignedBeaconBlockHeader::message)
          .field("signature", Ssz.BYTES96, SignedBeaconBlockHeader::signature)
          .build(v -> new SignedBeaconBlockHeader(v.next(), v.next()));

  public SignedBeaconBlockHeader {
    Objects.requireNonNull(message, "message");
    Check.signature(signature, "signature");
  }
}
