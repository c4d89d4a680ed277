package io.phalanx.cli;

import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.ExecutionAddress;
import picocli.CommandLine.Option;

/** Where a new cluster's rewards and withdrawals go, for the commands that create a cluster. */
final class PayoutOptions {
  @Option(names = "--fee-recipient", required = true, paramLabel = "ADDRESS",
      description = "Execution address (0x + 40 hex digits) that receives block rewards.")
  String feeRecipient;

  @Option(names = "--withdrawal-address", required = true, paramLabel = "ADDRESS",
      description = "Execution address (0x + 40 hex digits) that withdrawals go to (0x01 credentials).")
  String withdrawalAddress;

  Bytes feeRecipient() {
    return ExecutionAddress.parse(feeRecipient, "--fee-recipient");
  }

  Bytes withdrawalAddress() {
    return ExecutionAddress.parse(withdrawalAddress, "--withdrawal-address");
  }
}
