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
 * A block body whose execution payload is only its header (builder-specs, Electra form, unchanged
 * in Fulu). Its hash tree root equals that of the full body it was made from.
 */
public record BlindedBeaconBlockBody(
    Bytes randaoReveal,
    Eth1Data eth1Data,
    Bytes graffiti,
    List<ProposerSlashing> proposerSlashings,
    List<AttesterSlashing> attesterSlashings,
    List<Attestation> attestations,
    List<Deposit> deposits,
    List<SignedVoluntaryExit> voluntaryExits,
    SyncAggregate syncAggregate,
    ExecutionPayloadHeader executionPayloadHeader,
    List<SignedBLSToExecutionChange> blsToExecutionChanges,
    List<Bytes> blobKzgCommitments,
    ExecutionRequests executionRequests) {
  public static final SszContainer<BlindedBeaconBlockBody> SSZ =
      SszContainer.builder(BlindedBeaconBlockBody.class)
          .field("randao_reveal", Ssz.BYTES96, BlindedBeaconBlockBody::randaoReveal)
          .field("eth1_data", Eth1Data.SSZ, BlindedBeaconBlockBody::eth1Data)
          .field("graffiti", Ssz.BYTES32, BlindedBeaconBlockBody::graffiti)
          .field(
              "proposer_slashings",
              Ssz.list(ProposerSlashing.SSZ, MAX_PROPOSER_SLASHINGS),
              BlindedBeaconBlockBody::proposerSlashings)
          .field(
              "attester_slashings",
              Ssz.list(AttesterSlashing.SSZ, MAX_ATTESTER_SLASHINGS_ELECTRA),
              BlindedBeaconBlockBody::attesterSlashings)
          .field(
              "attestations",
              Ssz.list(Attestation.SSZ, MAX_ATTESTATIONS_ELECTRA),
              BlindedBeaconBlockBody::attestations)
          .field("deposits", Ssz.list(Deposit.SSZ, MAX_DEPOSITS), BlindedBeaconBlockBody::deposits)
          .field(
              "voluntary_exits",
              Ssz.list(SignedVoluntaryExit.SSZ, MAX_VOLUNTARY_EXITS),
              BlindedBeaconBlockBody::voluntaryExits)
          .field("sync_aggregate", SyncAggregate.SSZ, BlindedBeaconBlockBody::syncAggregate)
          .field(
              "execution_payload_header",
              ExecutionPayloadHeader.SSZ,
              BlindedBeaconBlockBody::executionPayloadHeader)
          .field(
              "bls_to_execution_changes",
              Ssz.list(SignedBLSToExecutionChange.SSZ, MAX_BLS_TO_EXECUTION_CHANGES),
              BlindedBeaconBlockBody::blsToExecutionChanges)
          .field(
              "blob_kzg_commitments",
              Ssz.list(Ssz.BYTES48, MAX_BLOB_COMMITMENTS_PER_BLOCK),
              BlindedBeaconBlockBody::blobKzgCommitments)
          .field(
              "execution_requests", ExecutionRequests.SSZ, BlindedBeaconBlockBody::executionRequests)
          .build(
              v ->
                  new BlindedBeaconBlockBody(
                      v.next(), v.next(), v.next(), v.next(), v.next(), v.next(), v.next(),
                      v.next(), v.next(), v.next(), v.next(), v.next(), v.next()));

  public BlindedBeaconBlockBody {
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
    Objects.requireNonNull(executionPayloadHeader, "execution_payload_header");
    blsToExecutionChanges =
        Check.list(blsToExecutionChanges, MAX_BLS_TO_EXECUTION_CHANGES, "bls_to_execution_changes");
    blobKzgCommitments =
        Check.list(blobKzgCommitments, MAX_BLOB_COMMITMENTS_PER_BLOCK, "blob_kzg_commitments");
    Objects.requireNonNull(executionRequests, "execution_requests");
  }

  /** {@code body} with its execution payload replaced by the payload's header. */
  public static BlindedBeaconBlockBody of(BeaconBlockBody b) {
    return new BlindedBeaconBlockBody(
        b.randaoReveal(), b.eth1Data(), b.graffiti(), b.proposerSlashings(), b.attesterSlashings(),
        b.attestations(), b.deposits(), b.voluntaryExits(), b.syncAggregate(),
        ExecutionPayloadHeader.of(b.executionPayload()), b.blsToExecutionChanges(),
        b.blobKzgCommitments(), b.executionRequests());
  }

  /**
   * The full body again, with {@code payload} in place of the header.
   *
   * @throws IllegalArgumentException if {@code payload} is not the one the header names
   */
  public BeaconBlockBody unblind(ExecutionPayload payload) {
    if (!ExecutionPayloadHeader.of(payload).equals(executionPayloadHeader)) {
      throw new IllegalArgumentException(
          "the execution payload (block hash " + payload.blockHash() + ") is not the one the blinded block's"
              + " header names (block hash " + executionPayloadHeader.blockHash() + ")");
    }
    return new BeaconBlockBody(
        randaoReveal, eth1Data, graffiti, proposerSlashings, attesterSlashings, attestations, deposits,
        voluntaryExits, syncAggregate, payload, blsToExecutionChanges, blobKzgCommitments,
        executionRequests);
  }
}
