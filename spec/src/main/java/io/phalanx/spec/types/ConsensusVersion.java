package io.phalanx.spec.types;

import io.phalanx.spec.ssz.SszContainer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The consensus forks Phalanx handles, named as the beacon API's {@code Eth-Consensus-Version}
 * header and {@code version} fields name them, with the block schemas each uses. The switches are
 * exhaustive so that adding a fork forces a decision about its block shape.
 */
public enum ConsensusVersion {
  ELECTRA,

  /**
   * Fulu (PeerDAS) changed how blob data is sampled and gossiped, not the block: its blocks are
   * Electra's, byte for byte and root for root.
   */
  FULU;

  /** The lower-case name the beacon API uses, e.g. {@code "fulu"}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ConsensusVersion> fromApiName(String name) {
    return Arrays.stream(values()).filter(v -> v.apiName().equals(name)).findFirst();
  }

  public SszContainer<BeaconBlockBody> beaconBlockBodySchema() {
    return switch (this) {
      case ELECTRA, FULU -> BeaconBlockBody.SSZ;
    };
  }

  public SszContainer<BeaconBlock> beaconBlockSchema() {
    return switch (this) {
      case ELECTRA, FULU -> BeaconBlock.SSZ;
    };
  }

  public SszContainer<SignedBeaconBlock> signedBeaconBlockSchema() {
    return switch (this) {
      case ELECTRA, FULU -> SignedBeaconBlock.SSZ;
    };
  }

  public SszContainer<ExecutionPayloadHeader> executionPayloadHeaderSchema() {
    return switch (this) {
      case ELECTRA, FULU -> ExecutionPayloadHeader.SSZ;
    };
  }

  public SszContainer<BlindedBeaconBlockBody> blindedBeaconBlockBodySchema() {
    return switch (this) {
      case ELECTRA, FULU -> BlindedBeaconBlockBody.SSZ;
    };
  }

  public SszContainer<BlindedBeaconBlock> blindedBeaconBlockSchema() {
    return switch (this) {
      case ELECTRA, FULU -> BlindedBeaconBlock.SSZ;
    };
  }

  public SszContainer<SignedBlindedBeaconBlock> signedBlindedBeaconBlockSchema() {
    return switch (this) {
      case ELECTRA, FULU -> SignedBlindedBeaconBlock.SSZ;
    };
  }

  /** Block, blobs and KZG proofs: per blob in Electra, per cell of the extended blob in Fulu. */
  public SszContainer<BlockContents> blockContentsSchema() {
    return switch (this) {
      case ELECTRA -> BlockContents.ELECTRA_SSZ;
      case FULU -> BlockContents.FULU_SSZ;
    };
  }

  public SszContainer<SignedBlockContents> signedBlockContentsSchema() {
    return switch (this) {
      case ELECTRA -> SignedBlockContents.ELECTRA_SSZ;
      case FULU -> SignedBlockContents.FULU_SSZ;
    };
  }
}
