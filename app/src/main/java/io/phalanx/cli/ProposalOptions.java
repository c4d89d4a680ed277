package io.phalanx.cli;

import io.phalanx.duties.ProposalDuty;
import io.phalanx.spec.util.Bytes;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/** The operator's choices for every block the cluster proposes, for {@code run} and {@code simnet}. */
final class ProposalOptions {
  @Option(names = "--graffiti", paramLabel = "TEXT",
      description = {"Graffiti written into every block this node fetches: up to 32 bytes of UTF-8 text, or",
          "0x and 64 hex digits. It wins over what the validator client sends (default: the client's)."})
  String graffiti;

  @Option(names = "--builder-boost-factor", paramLabel = "PERCENT",
      description = {"Passed to the beacon node's block production (GET /eth/v3/validator/blocks) for every block:",
          "the builder's bid is multiplied by PERCENT/100 before it is compared with the local payload's value.",
          "0 never takes a builder (blinded) block, 100 takes whichever pays more, above 100 favours builders",
          "(default: the validator client's choice). The cluster serves the block it decided, blinded or not,",
          "to every validator client, whatever each asked for."})
  Long builderBoostFactor;

  ProposalDuty.Config config() {
    if (builderBoostFactor != null && builderBoostFactor < 0) {
      throw new IllegalArgumentException("--builder-boost-factor must be 0 or more (a percentage), got "
          + builderBoostFactor);
    }
    return new ProposalDuty.Config(Optional.ofNullable(graffiti).map(ProposalOptions::graffitiBytes),
        builderBoostFactor == null ? OptionalLong.empty() : OptionalLong.of(builderBoostFactor));
  }

  private static Bytes graffitiBytes(String text) {
    if (text.matches("0x[0-9a-fA-F]{64}")) {
      return Bytes.fromHex(text);
    }
    try {
      return ProposalDuty.Config.graffitiOf(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--graffiti: " + e.getMessage() + "; shorten it");
    }
  }
}
