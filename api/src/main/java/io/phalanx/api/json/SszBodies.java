package io.phalanx.api.json;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszType;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import java.util.List;

/**
 * The request bodies the beacon API (v4.0.0) lets a client send as SSZ ({@code
 * application/octet-stream}) besides JSON, with the list limits its descriptions name.
 */
public final class SszBodies {
  /** The media type of an SSZ body. */
  public static final String OCTET_STREAM = "application/octet-stream";

  /** {@code List[SingleAttestation, MAX_VALIDATORS_PER_COMMITTEE * MAX_COMMITTEES_PER_SLOT]}. */
  public static final SszType<List<SingleAttestation>> SINGLE_ATTESTATIONS =
      Ssz.list(SingleAttestation.SSZ, 2048L * 64);

  /** {@code List[SignedAggregateAndProof, MAX_COMMITTEES_PER_SLOT * TARGET_AGGREGATORS_PER_COMMITTEE]}. */
  public static final SszType<List<SignedAggregateAndProof>> AGGREGATE_AND_PROOFS =
      Ssz.list(SignedAggregateAndProof.SSZ, 64L * 16);

  private SszBodies() {}
}
