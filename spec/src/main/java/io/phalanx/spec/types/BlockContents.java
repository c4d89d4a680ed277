package io.phalanx.spec.types;

import static io.phalanx.spec.types.MainnetPreset.BYTES_PER_BLOB;
import static io.phalanx.spec.types.MainnetPreset.CELLS_PER_EXT_BLOB;
import static io.phalanx.spec.types.MainnetPreset.MAX_BLOB_COMMITMENTS_PER_BLOCK;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.List;
import java.util.Objects;

/**
 * What {@code GET /eth/v3/validator/blocks/{slot}} returns for a full block: the block with its
 * blobs and their KZG proofs. In Electra one proof per blob; in Fulu (PeerDAS) one proof per cell
 * of each extended blob, so the proof list's limit differs and each fork has its own schema.
 */
public record BlockContents(BeaconBlock block, List<Bytes> kzgProofs, List<Bytes> blobs) {
  public static final SszContainer<BlockContents> ELECTRA_SSZ = schema(MAX_BLOB_COMMITMENTS_PER_BLOCK);
  public static final SszContainer<BlockContents> FULU_SSZ =
      schema(MAX_BLOB_COMMITMENTS_PER_BLOCK * CELLS_PER_EXT_BLOB);

  public BlockContents {
    Objects.requireNonNull(block, "block");
    kzgProofs = List.copyOf(kzgProofs);
    blobs = Check.list(blobs, MAX_BLOB_COMMITMENTS_PER_BLOCK, "blobs");
  }

  private static SszContainer<BlockContents> schema(int maxProofs) {
    return SszContainer.builder(BlockContents.class)
        .field("block", BeaconBlock.SSZ, BlockContents::block)
        .field("kzg_proofs", Ssz.list(Ssz.BYTES48, maxProofs), BlockContents::kzgProofs)
        .field(
            "blobs",
            Ssz.list(Ssz.byteVector(BYTES_PER_BLOB), MAX_BLOB_COMMITMENTS_PER_BLOCK),
            BlockContents::blobs)
        .build(v -> new BlockContents(v.next(), v.next(), v.next()));
  }
}
