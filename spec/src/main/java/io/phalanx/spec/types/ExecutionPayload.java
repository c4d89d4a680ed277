package io.phalanx.spec.types;

import static io.phalanx.spec.types.MainnetPreset.BYTES_PER_LOGS_BLOOM;
import static io.phalanx.spec.types.MainnetPreset.MAX_BYTES_PER_TRANSACTION;
import static io.phalanx.spec.types.MainnetPreset.MAX_EXTRA_DATA_BYTES;
import static io.phalanx.spec.types.MainnetPreset.MAX_TRANSACTIONS_PER_PAYLOAD;
import static io.phalanx.spec.types.MainnetPreset.MAX_WITHDRAWALS_PER_PAYLOAD;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.util.Bytes;
import java.math.BigInteger;
import java.util.List;

/** The execution block in a beacon block, in its Deneb form, which Electra and Fulu keep. */
public record ExecutionPayload(
    Bytes parentHash,
    Bytes feeRecipient,
    Bytes stateRoot,
    Bytes receiptsRoot,
    Bytes logsBloom,
    Bytes prevRandao,
    long blockNumber,
    long gasLimit,
    long gasUsed,
    long timestamp,
    Bytes extraData,
    BigInteger baseFeePerGas,
    Bytes blockHash,
    List<Bytes> transactions,
    List<Withdrawal> withdrawals,
    long blobGasUsed,
    long excessBlobGas) {
  public static final SszContainer<ExecutionPayload> SSZ =
      SszContainer.builder(ExecutionPayload.class)
          .field("parent_hash", Ssz.BYTES32, ExecutionPayload::parentHash)
          .field("fee_recipient", Ssz.BYTES20, ExecutionPayload::feeRecipient)
          .field("state_root", Ssz.BYTES32, ExecutionPayload::stateRoot)
          .field("receipts_root", Ssz.BYTES32, ExecutionPayload::receiptsRoot)
          .field("logs_bloom", Ssz.byteVector(BYTES_PER_LOGS_BLOOM), ExecutionPayload::logsBloom)
          .field("prev_randao", Ssz.BYTES32, ExecutionPayload::prevRandao)
          .field("block_number", Ssz.UINT64, ExecutionPayload::blockNumber)
          .field("gas_limit", Ssz.UINT64, ExecutionPayload::gasLimit)
          .field("gas_used", Ssz.UINT64, ExecutionPayload::gasUsed)
          .field("timestamp", Ssz.UINT64, ExecutionPayload::timestamp)
          .field("extra_data", Ssz.byteList(MAX_EXTRA_DATA_BYTES), ExecutionPayload::extraData)
          .field("base_fee_per_gas", Ssz.UINT256, ExecutionPayload::baseFeePerGas)
          .field("block_hash", Ssz.BYTES32, ExecutionPayload::blockHash)
          .field(
              "transactions",
              Ssz.list(Ssz.byteList(MAX_BYTES_PER_TRANSACTION), MAX_TRANSACTIONS_PER_PAYLOAD),
              ExecutionPayload::transactions)
          .field(
              "withdrawals",
              Ssz.list(Withdrawal.SSZ, MAX_WITHDRAWALS_PER_PAYLOAD),
              ExecutionPayload::withdrawals)
          .field("blob_gas_used", Ssz.UINT64, ExecutionPayload::blobGasUsed)
          .field("excess_blob_gas", Ssz.UINT64, ExecutionPayload::excessBlobGas)
          .build(
              v ->
                  new ExecutionPayload(
                      v.next(), v.next(), v.next(), v.next(), v.next(), v.next(), v.next(),
                      v.next(), v.next(), v.next(), v.next(), v.next(), v.next(), v.next(),
                      v.next(), v.next(), v.next()));

  public ExecutionPayload {
    Check.root(parentHash, "parent_hash");
    Check.address(feeRecipient, "fee_recipient");
    Check.root(stateRoot, "state_root");
    Check.root(receiptsRoot, "receipts_root");
    Check.length(logsBloom, BYTES_PER_LOGS_BLOOM, "logs_bloom");
    Check.root(prevRandao, "prev_randao");
    Check.atMost(extraData, MAX_EXTRA_DATA_BYTES, "extra_data");
    Check.uint256(baseFeePerGas, "base_fee_per_gas");
    Check.root(blockHash, "block_hash");
    transactions = Check.list(transactions, MAX_TRANSACTIONS_PER_PAYLOAD, "transactions");
    withdrawals = Check.list(withdrawals, MAX_WITHDRAWALS_PER_PAYLOAD, "withdrawals");
  }
}
