package io.phalanx.spec.api;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.types.BeaconBlock;
import io.phalanx.spec.types.BlindedBeaconBlock;
import io.phalanx.spec.types.BlockContents;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.util.Bytes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A block a beacon node produced for {@code GET /eth/v3/validator/blocks/{slot}}, with what the
 * response headers say of it; also the value the cluster decides for a proposer duty, so that every
 * node serves its validator client the same block with the same headers.
 *
 * <pre>
 * class ProducedBlock(Container):
 *     version: ByteList[16]            # Eth-Consensus-Version, e.g. "fulu"
 *     blinded: boolean                 # Eth-Execution-Payload-Blinded
 *     execution_payload_value: uint256 # Wei
 *     consensus_block_value: uint256   # Wei
 *     block: ByteList[16777216]        # SSZ BlindedBeaconBlock if blinded, else BlockContents
 * </pre>
 */
public record ProducedBlock(
    ConsensusVersion version,
    boolean blinded,
    BigInteger executionPayloadValue,
    BigInteger consensusBlockValue,
    Bytes block) {
  private static final int MAX_BLOCK_BYTES = 1 << 24;

  public static final SszContainer<ProducedBlock> SSZ =
      SszContainer.builder(ProducedBlock.class)
          .field("version", Ssz.byteList(16),
              (ProducedBlock p) -> Bytes.of(p.version().apiName().getBytes(StandardCharsets.UTF_8)))
          .field("blinded", Ssz.BOOLEAN, ProducedBlock::blinded)
          .field("execution_payload_value", Ssz.UINT256, ProducedBlock::executionPayloadValue)
          .field("consensus_block_value", Ssz.UINT256, ProducedBlock::consensusBlockValue)
          .field("block", Ssz.byteList(MAX_BLOCK_BYTES), ProducedBlock::block)
          .build(v -> new ProducedBlock(version(v.next()), v.next(), v.next(), v.next(), v.next()));

  public ProducedBlock {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(executionPayloadValue, "execution_payload_value");
    Objects.requireNonNull(consensusBlockValue, "consensus_block_value");
    Objects.requireNonNull(block, "block");
    if (blinded) {
      version.blindedBeaconBlockSchema().deserialize(block);
    } else {
      version.blockContentsSchema().deserialize(block);
    }
  }

  public static ProducedBlock full(ConsensusVersion version, BlockContents contents, BigInteger executionValue,
      BigInteger consensusValue) {
    return new ProducedBlock(version, false, executionValue, consensusValue,
        Bytes.of(version.blockContentsSchema().serialize(contents)));
  }

  public static ProducedBlock blinded(ConsensusVersion version, BlindedBeaconBlock block, BigInteger executionValue,
      BigInteger consensusValue) {
    return new ProducedBlock(version, true, executionValue, consensusValue,
        Bytes.of(version.blindedBeaconBlockSchema().serialize(block)));
  }

  /** The full block and its blobs; only for a block that is not blinded. */
  public BlockContents contents() {
    if (blinded) {
      throw new IllegalStateException("a blinded block has no block contents");
    }
    return version.blockContentsSchema().deserialize(block);
  }

  /** The block, blinded (a full block is blinded here; the root stays the same). */
  public BlindedBeaconBlock blindedBlock() {
    return blinded ? version.blindedBeaconBlockSchema().deserialize(block) : BlindedBeaconBlock.of(contents().block());
  }

  public long slot() {
    return blindedBlock().slot();
  }

  public long proposerIndex() {
    return blindedBlock().proposerIndex();
  }

  /** The hash tree root of the block, the same blinded or full. */
  public Bytes blockRoot() {
    return blinded ? BlindedBeaconBlock.SSZ.hashTreeRoot(blindedBlock()) : BeaconBlock.SSZ.hashTreeRoot(contents().block());
  }

  private static ConsensusVersion version(Bytes name) {
    String text = new String(name.toArray(), StandardCharsets.UTF_8);
    return ConsensusVersion.fromApiName(text)
        .orElseThrow(() -> new IllegalArgumentException("unknown consensus version '" + text + "'"));
  }
}
