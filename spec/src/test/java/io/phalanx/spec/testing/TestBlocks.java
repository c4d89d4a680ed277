package io.phalanx.spec.testing;

import io.phalanx.spec.api.ProducedBlock;
import io.phalanx.spec.ssz.Bitfield;
import io.phalanx.spec.types.BeaconBlock;
import io.phalanx.spec.types.BeaconBlockBody;
import io.phalanx.spec.types.BlindedBeaconBlock;
import io.phalanx.spec.types.BlockContents;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.Eth1Data;
import io.phalanx.spec.types.ExecutionPayload;
import io.phalanx.spec.types.ExecutionRequests;
import io.phalanx.spec.types.MainnetPreset;
import io.phalanx.spec.types.SyncAggregate;
import io.phalanx.spec.util.Bytes;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;

/** Small valid blocks for tests, different per seed and per call. */
public final class TestBlocks {
  private final SecureRandom random;

  public TestBlocks(long seed) {
    this.random = SeededRandom.of(seed);
  }

  private Bytes bytes(int n) {
    return Bytes.of(SeededRandom.bytes(random, n));
  }

  public BeaconBlock block(long slot, long proposerIndex) {
    ExecutionPayload payload = new ExecutionPayload(bytes(32), bytes(20), bytes(32), bytes(32),
        bytes(MainnetPreset.BYTES_PER_LOGS_BLOOM), bytes(32), slot, 30_000_000, 21_000, 1_700_000_000L + slot,
        Bytes.EMPTY, BigInteger.valueOf(7), bytes(32), List.of(bytes(100)), List.of(), 0, 0);
    BeaconBlockBody body = new BeaconBlockBody(bytes(96), new Eth1Data(bytes(32), 0, bytes(32)), bytes(32),
        List.of(), List.of(), List.of(), List.of(), List.of(),
        new SyncAggregate(Bitfield.zeros(MainnetPreset.SYNC_COMMITTEE_SIZE), bytes(96)), payload, List.of(),
        List.of(), new ExecutionRequests(List.of(), List.of(), List.of()));
    return new BeaconBlock(slot, proposerIndex, bytes(32), bytes(32), body);
  }

  public ProducedBlock full(long slot, long proposerIndex) {
    return ProducedBlock.full(ConsensusVersion.FULU, new BlockContents(block(slot, proposerIndex), List.of(), List.of()),
        BigInteger.TEN, BigInteger.ONE);
  }

  public ProducedBlock blinded(long slot, long proposerIndex) {
    return ProducedBlock.blinded(ConsensusVersion.FULU, BlindedBeaconBlock.of(block(slot, proposerIndex)),
        BigInteger.TWO, BigInteger.ONE);
  }
}
