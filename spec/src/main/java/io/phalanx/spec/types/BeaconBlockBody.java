package io.phalanx.spec.types;

import static io.phalanx.spec.types.MainnetPreset.MAX_ATTESTATIONS_ELECTRA;
import static io.phalanx.spec.types.MainnetPreset.MAX_ATTESTER_SLASHINGS_ELECTRA;
import static io.phalanx.spec.types.MainnetPreset.MAX_BLOB_COMMITMENTS_PER_BLOCK;
import static io.phalanx.spec.types.MainnetPreset.MAX_BLS_TO_EXECUTION_CHANGES;
import static io.phalanx.spec.types.MainnetPreset.MAX_DEPOSITS;
import static io.phalanx.spec.types.MainnetPreset.MAX_PROPOSER_SLASHINGS;
import static io.phalanx.spec.types.MainnetPreset.MAX_VOLUNTARY_EXITS;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.util.List;
import java.util.Objects;

/**
 * A block body in its Electra form. Fulu keeps it unchanged (PeerDAS changed how blobs are
 * sampled, not the block), so this one schema serves both forks; {@link ConsensusVersion} says
 * which forks use it.
 */
public record BeaconBlockBody(
    Bytes randaoReveal,
    Eth1Data eth1Data,
    Bytes graffiti,
    List<ProposerSlashing> proposerSlashings,
    List<AttesterSlashing> attesterSlashings,
    List<Attestation> attestations,
    List<Deposit> deposits,
    List<SignedVoluntaryExit> voluntaryExits,
    SyncAggregate syncAggregate,
    ExecutionPayload executionPayload,
    List<SignedBLSToExecutionChange> blsToExecutionChanges,
    List<Bytes> blobKzgCommitments,
    ExecutionRequests executionRequests) {
  public static final SszContainer<BeaconBlockBody> SSZ =
      SszContainer.builder(BeaconBlockBody.class)
          .field("randao_reveal", Ssz.BYTES96, BeaconBlockBody::randaoReveal)
          .field("eth1_data", Eth1Data.SSZ, BeaconBlockBody::eth1Data)
          .field("graffiti", Ssz.BYTES32, BeaconBlockBody::graffiti)
          .field(
              "proposer_slashings",
              Ssz.list(ProposerSlashing.SSZ, MAX_PROPOSER_SLASHINGS),
              BeaconBlockBody::proposerSlashings)
          .field(
              "attester_slashings",
              Ssz.list(AttesterSlashing.SSZ, MAX_ATTESTER_SLASHINGS_ELECTRA),
              BeaconBlockBody::attesterSlashings)
          .field(
              "attestations",
              Ssz.list(Attestation.SSZ, MAX_ATTESTATIONS_ELECTRA),
              BeaconBlockBody::attestations)
          .field("deposits", Ssz.list(Deposit.SSZ, MAX_DEPOSITS), BeaconBlockBody::deposits)
          .field(
              "voluntary_exits",
              Ssz.list(SignedVoluntaryExit.SSZ, MAX_VOLUNTARY_EXITS),
              BeaconBlockBody::voluntaryExits)
          .field("sync_aggregate", SyncAggregate.SSZ, BeaconBlockBody::syncAggregate)
          .field("execution_payload", ExecutionPayload.SSZ, BeaconBlockBody::executionPayload)
          .field(
              "bls_to_execution_changes",
              Ssz.list(SignedBLSToExecutionChange.SSZ, MAX_BLS_TO_EXECUTION_CHANGES),
              BeaconBlockBody::blsToExecutionChanges)
          .field(
              "blob_kzg_commitments",
              Ssz.list(Ssz.BYTES48, MAX_BLOB_COMMITMENTS_PER_BLOCK),
              BeaconBlockBody::blobKzgCommitments)
          .field("execution_requests", ExecutionRequests.SSZ, BeaconBlockBody::executionRequests)
          .build(
              v ->
                  new BeaconBlockBody(
                      v.next(), v.next(), v.next(), v.next(), v.next(), v.next(), v.next(),
                      v.next(), v.next(), v.next(), v.next(), v.next(), v.next()));

  public BeaconBlockBody {
    Check.signature(randaoReveal, "randao_reveal");
    Objects.requireNonNull(eth1Data, "eth1_data");
    Check.root(graffiti, "graffiti");
    proposerSlashings = Check.list(proposerSlashings, MAX_PROPOSER_SLASHINGS, "proposer_slashings");
    attesterSlashings =
        Check.list(attesterSlashings, MAX_ATTESTER_SLASHINGS_ELECTRA, "attester_slashings");
    attestations = Check.list(attestations, MAX_ATTESTATIONS_ELECTRA, "attestations");
    deposits = Check.list(deposits, MAX_DEPOSITS, "deposits");
    voluntaryExits = Check.list(voluntaryExits, MAX_VOLUNTARY_EXITS, "voluntary_exits");
    Objects.requireNonNull(syncAggregate, "sync_aggregate");
    Objects.requireNonNull(executionPayload, "execution_payload");
    blsToExecutionChanges =
        Check.list(blsToExecutionChanges, MAX_BLS_TO_EXECUTION_CHANGES, "bls_to_execution_changes");
    blobKzgCommitments =
        Check.list(blobKzgCommitments, MAX_BLOB_COMMITMENTS_PER_BLOCK, "blob_kzg_commitments");
    Objects.requireNonNull(executionRequests, "execution_requests");
  }
}
