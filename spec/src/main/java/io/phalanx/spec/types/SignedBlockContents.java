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
 * What {@code POST /eth/v2/beacon/blocks} takes for a full block: the signed block with its blobs
 * and their KZG proofs (per blob in Electra, per cell in Fulu; see {@link BlockContents}).
 */
public record SignedBlockContents(SignedBeaconBlock signedBlock, List<Bytes> kzgProofs, List<Bytes> blobs) {
  public static final SszContainer<SignedBlockContents> ELECTRA_SSZ = schema(MAX_BLOB_COMMITMENTS_PER_BLOCK);
  public static final SszContainer<SignedBlockContents> FULU_SSZ =
      schema(MAX_BLOB_COMMITMENTS_PER_BLOCK * CELLS_PER_EXT_BLOB);

  public SignedBlockContents {
    Objects.requireNonNull(signedBlock, "signed_block");
    kzgProofs = List.copyOf(kzgProofs);
    blobs = Check.list(blobs, MAX_BLOB_COMMITMENTS_PER_BLOCK, "blobs");
  }

  /** The block contents {@code contents} with {@code signature} over its block. */
  public static SignedBlockContents of(BlockContents contents, Bytes signature) {
    return new SignedBlockContents(
        new SignedBeaconBlock(contents.block(), signature), contents.kzgProofs(), contents.blobs());
  }

  /** The unsigned contents this signs. */
  public BlockContents unsigned() {
    return new BlockContents(signedBlock.message(), kzgProofs, blobs);
  }

  private static SszContainer<SignedBlockContents> schema(int maxProofs) {
    return SszContainer.builder(SignedBlockContents.class)
        .field("signed_block", SignedBeaconBlock.SSZ, SignedBlockContents::signedBlock)
        .field("kzg_proofs", Ssz.list(Ssz.BYTES48, maxProofs), SignedBlockContents::kzgProofs)
        .field(
            "blobs",
            Ssz.list(Ssz.byteVector(BYTES_PER_BLOB), MAX_BLOB_COMMITMENTS_PER_BLOCK),
            SignedBlockContents::blobs)
        .build(v -> new SignedBlockContents(v.next(), v.next(), v.next()));
  }
}
