package io.phalanx.spec.types;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;

/** What a signature signs: the object's root bound to a domain (compute_signing_root). */
public record SigningData(Bytes objectRoot, Bytes domain) {
  public static final SszContainer<SigningData> SSZ =
      SszContainer.builder(SigningData.class)
          .field("object_root", Ssz.BYTES32, SigningData::objectRoot)
          .field("domain", Ssz.BYTES32, SigningData::domain)
          .build(v -> new SigningData(v.next(), v.next()));

  public SigningData {
    Check.root(objectRoot, "object_root");
    Check.root(domain, "domain");
  }
}
