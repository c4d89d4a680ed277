package io.phalanx.spec.types;

import static io.phalanx.spec.types.MainnetPreset.BYTES_PER_LOGS_BLOOM;
import static io.phalanx.spec.types.MainnetPreset.MAX_BYTES_PER_TRANSACTION;
import static io.phalanx.spec.types.MainnetPreset.MAX_EXTRA_DATA_BYTES;
import static io.phalanx.spec.types.MainnetPreset.MAX_TRANSACTIONS_PER_PAYLOAD;
import static io.phalanx.spec.types.MainnetPreset.MAX_WITHDRAWALS_PER_PAYLOAD;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.ssz.SszType;
import io.phalanx.spec.util.Bytes;
import java.math.BigInteger;
import java.util.List;

/**
 * An execution payload with its transactions and withdrawals replaced by their roots (Deneb form,
 * kept by Electra and Fulu): what a blinded block carries. Its hash tree root equals the full
 * payload's, so a blinded block and its full block share one signing root.
 */
public record ExecutionPayloadHeader(
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
    Bytes transactionsRoot,
    Bytes withdrawalsRoot,
    long blobGasUsed,
    long excessBlobGas) {
  private static final SszType<List<Bytes>> TRANSACTIONS =
      Ssz.list(Ssz.byteList(MAX_BYTES_PER_TRANSACTION), MAX_TRANSACTIONS_PER_PAYLOAD);
  private static final SszType<List<Withdrawal>> WITHDRAWALS =
      Ssz.list(Withdrawal.SSZ, MAX_WITHDRAWALS_PER_PAYLOAD);

  public static final SszContainer<ExecutionPayloadHeader> SSZ =
      SszContainer.builder(ExecutionPayloadHeader.class)
          .field("parent_hash", Ssz.BYTES32, ExecutionPayloadHeader::parentHash)
          .field("fee_recipient", Ssz.BYTES20, ExecutionPayloadHeader::feeRecipient)
          .field("state_root", Ssz.BYTES32, ExecutionPayloadHeader::stateRoot)
          .field("receipts_root", Ssz.BYTES32, ExecutionPayloadHeader::receiptsRoot)
          .field("logs_bloom", Ssz.byteVector(BYTES_PER_LOGS_BLOOM), ExecutionPayloadHeader::logsBloom)
          .field("prev_randao", Ssz.BYTES32, ExecutionPayloadHeader::prevRandao)
          .field("block_number", Ssz.UINT64, ExecutionPayloadHeader::blockNumber)
          .field("gas_limit", Ssz.UINT64, ExecutionPayloadHeader::gasLimit)
          .field("gas_used", Ssz.UINT64, ExecutionPayloadHeader::gasUsed)
          .field("timestamp", Ssz.UINT64, ExecutionPayloadHeader::timestamp)
          .field("extra_data", Ssz.byteList(MAX_EXTRA_DATA_BYTES), ExecutionPayloadHeader::extraData)
          .field("base_fee_per_gas", Ssz.UINT256, ExecutionPayloadHeader::baseFeePerGas)
          .field("block_hash", Ssz.BYTES32, ExecutionPayloadHeader::blockHash)
          .field("transactions_root", Ssz.BYTES32, ExecutionPayloadHeader::transactionsRoot)
          .field("withdrawals_root", Ssz.BYTES32, ExecutionPayloadHeader::withdrawalsRoot)
          .field("blob_gas_used", Ssz.UINT64, ExecutionPayloadHeader::blobGasUsed)
          .field("excess_blob_gas", Ssz.UINT64, ExecutionPayloadHeader::excessBlobGas)
          .build(
              v ->
                  new ExecutionPayloadHeader(
                      v.next(), v.next(), v.next(), v.next(), v.next(), v.next(), v.next(),
                      v.next(), v.next(), v.next(), v.next(), v.next(), v.next(), v.next(),
                      v.next(), v.next(), v.next()));

  public ExecutionPayloadHeader {
    Check.root(parentHash, "parent_hash");
    Check.address(feeRecipient, "fee_recipient");
    Check.root(stateRoot, "state_root");
    Check.root(receiptsRoot, "receipts_root");
    Check.length(logsBloom, BYTES_PER_LOGS_BLOOM, "logs_bloom");
    Check.root(prevRandao, "prev_randao");
    Check.atMost(extraData, MAX_EXTRA_DATA_BYTES, "extra_data");
    Check.uint256(baseFeePerGas, "base_fee_per_gas");
    Check.root(blockHash, "block_hash");
    Check.root(transactionsRoot, "transactions_root");
    Check.root(withdrawalsRoot, "withdrawals_root");
  }

  /** The header of {@code payload}. */
  public static ExecutionPayloadHeader of(ExecutionPayload p) {
    return new ExecutionPayloadHeader(
        p.parentHash(), p.feeRecipient(), p.stateRoot(), p.receiptsRoot(), p.logsBloom(), p.prevRandao(),
        p.blockNumber(), p.gasLimit(), p.gasUsed(), p.timestamp(), p.extraData(), p.baseFeePerGas(),
        p.blockHash(), TRANSACTIONS.hashTreeRoot(p.transactions()), WITHDRAWALS.hashTreeRoot(p.withdrawals()),
        p.blobGasUsed(), p.excessBlobGas());
  }
}
