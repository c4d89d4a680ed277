package io.phalanx.api.json;

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
import io.phalanx.spec.types.Withdrawal;
import java.math.BigInteger;
import java.util.List;

/** Blocks for tests of the proposal endpoints: small, valid, different per seed. */
public final class BlockTestData {
  private final ApiTestData d;

  public BlockTestData(long seed) {
    this.d = new ApiTestData(seed);
  }

  public BeaconBlock block(long slot) {
    ExecutionPayload payload = new ExecutionPayload(d.root(), d.bytes(20), d.root(), d.root(),
        d.bytes(MainnetPreset.BYTES_PER_LOGS_BLOOM), d.root(), d.small(), 30_000_000, d.small(), d.small(),
        d.bytes(5), BigInteger.valueOf(d.small()), d.root(), List.of(d.bytes(40), d.bytes(7)),
        List.of(new Withdrawal(d.small(), d.small(), d.bytes(20), d.small())), 0, 0);
    BeaconBlockBody body = new BeaconBlockBody(d.signature(), new Eth1Data(d.root(), d.small(), d.root()), d.root(),
        List.of(), List.of(), List.of(), List.of(), List.of(),
        new SyncAggregate(Bitfield.zeros(MainnetPreset.SYNC_COMMITTEE_SIZE), d.signature()), payload, List.of(),
        List.of(d.bytes(48)), new ExecutionRequests(List.of(), List.of(), List.of()));
    return new BeaconBlock(slot, d.small(), d.root(), d.root(), body);
  }

  public ProducedBlock full(long slot) {
    BeaconBlock block = block(slot);
    return ProducedBlock.full(ConsensusVersion.FULU, new BlockContents(block, List.of(d.bytes(48)),
        List.of(d.bytes(MainnetPreset.BYTES_PER_BLOB))), BigInteger.valueOf(12345), BigInteger.valueOf(678));
  }

  public ProducedBlock blinded(long slot) {
    return ProducedBlock.blinded(ConsensusVersion.ELECTRA, BlindedBeaconBlock.of(block(slot)),
        new BigInteger("1000000000000000000"), BigInteger.valueOf(9));
  }
}
