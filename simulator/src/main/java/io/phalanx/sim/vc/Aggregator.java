package io.phalanx.sim.vc;

import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A duty whose validator was selected to aggregate, with the combined selection proof showing it. */
record Aggregator(AttesterDuty duty, Bytes selectionProof) {
  /** TARGET_AGGREGATORS_PER_COMMITTEE, a phase0 constant. */
  static final long TARGET_AGGREGATORS_PER_COMMITTEE = 16;

  /**
   * is_aggregator (phase0 validator.md): about 16 members of each committee aggregate, and which
   * ones follows from a signature no one can predict before the validator (here, the cluster)
   * reveals it.
   */
  static boolean isAggregator(long committeeLength, Bytes selectionProof) {
    long modulo = Math.max(1, committeeLength / TARGET_AGGREGATORS_PER_COMMITTEE);
    long firstEightBytes = ByteBuffer.wrap(Sha256.hash(selectionProof.toArray()), 0, 8)
        .order(ByteOrder.LITTLE_ENDIAN)
        .getLong();
    return Long.remainderUnsigned(firstEightBytes, modulo) == 0;
  }
}
