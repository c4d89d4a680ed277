package io.phalanx.sim.chain;

import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.MainnetPreset;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The blobs a simulated block carries, their commitments and proofs: made-up bytes derived from
 * the slot and the blob's place, so every beacon node of a simnet builds the same ones and can
 * tell on publication whether all came back. Nothing simulated checks KZG; what matters is their
 * size, which is a real block's (131,072 bytes a blob).
 */
final class Blobs {
  private Blobs() {}

  static List<Bytes> commitments(long slot, int count) {
    return filled(slot, count, 48, 0x10);
  }

  /** One proof per blob in Electra; one per cell of the extended blob from Fulu on (PeerDAS). */
  static List<Bytes> proofs(long slot, int count, ConsensusVersion version) {
    int perBlob = version.ordinal() >= ConsensusVersion.FULU.ordinal() ? MainnetPreset.CELLS_PER_EXT_BLOB : 1;
    return filled(slot, count * perBlob, 48, 0x20);
  }

  static List<Bytes> blobs(long slot, int count) {
    return filled(slot, count, MainnetPreset.BYTES_PER_BLOB, 0x30);
  }

  private static List<Bytes> filled(long slot, int count, int size, int tag) {
    List<Bytes> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] b = new byte[size];
      Arrays.fill(b, (byte) (slot * 31 + i));
      b[0] = (byte) tag;
      b[size - 1] = (byte) i;
      out.add(Bytes.of(b));
    }
    return out;
  }
}
