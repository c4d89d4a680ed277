package io.phalanx.spec.types;

import static io.phalanx.spec.types.MainnetPreset.MAX_CONSOLIDATION_REQUESTS_PER_PAYLOAD;
import static io.phalanx.spec.types.MainnetPreset.MAX_DEPOSIT_REQUESTS_PER_PAYLOAD;
import static io.phalanx.spec.types.MainnetPreset.MAX_WITHDRAWAL_REQUESTS_PER_PAYLOAD;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import java.util.List;

/** The execution layer's requests to the beacon chain, new in Electra. */
public record ExecutionRequests(
    List<DepositRequest> deposits,
    List<WithdrawalRequest> withdrawals,
    List<ConsolidationRequest> consolidations) {
  public static final SszContainer<ExecutionRequests> SSZ =
      SszContainer.builder(ExecutionRequests.class)
          .field(
              "deposits",
              Ssz.list(DepositRequest.SSZ, MAX_DEPOSIT_REQUESTS_PER_PAYLOAD),
              ExecutionRequests::deposits)
          .field(
              "withdrawals",
              Ssz.list(WithdrawalRequest.SSZ, MAX_WITHDRAWAL_REQUESTS_PER_PAYLOAD),
              ExecutionRequests::withdrawals)
          .field(
              "consolidations",
              Ssz.list(ConsolidationRequest.SSZ, MAX_CONSOLIDATION_REQUESTS_PER_PAYLOAD),
              ExecutionRequests::consolidations)
          .build(v -> new ExecutionRequests(v.next(), v.next(), v.next()));

  public ExecutionRequests {
    deposits = Check.list(deposits, MAX_DEPOSIT_REQUESTS_PER_PAYLOAD, "deposits");
    withdrawals = Check.list(withdrawals, MAX_WITHDRAWAL_REQUESTS_PER_PAYLOAD, "withdrawals");
    consolidations =
        Check.list(consolidations, MAX_CONSOLIDATION_REQUESTS_PER_PAYLOAD, "consolidations");
  }
}
