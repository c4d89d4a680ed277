package io.phalanx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.duties.ProposalDuty;
import io.phalanx.spec.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The operator's block options: graffiti as text or hex, the builder boost factor, bad values named. */
class ProposalOptionsTest {
  private static ProposalDuty.Config parse(String... args) {
    ProposalOptions options = new ProposalOptions();
    new CommandLine(options).parseArgs(args);
    return options.config();
  }

  @Test
  void noFlagsLeaveTheValidatorClientsChoices() {
    assertEquals(ProposalDuty.Config.DEFAULT, parse());
  }

  @Test
  void graffitiIsTextZeroPaddedOrHexAndTheFactorIsPassedOn() {
    ProposalDuty.Config text = parse("--graffiti", "phalanx ⚔", "--builder-boost-factor", "0");
    Bytes graffiti = text.graffiti().orElseThrow();
    assertEquals(32, graffiti.size());
    assertEquals("phalanx ⚔", new String(graffiti.toArray(), StandardCharsets.UTF_8).replace("\0", ""));
    assertEquals(OptionalLong.of(0), text.builderBoostFactor());
    String hex = "0x" + "ab".repeat(32);
    assertEquals(Optional.of(Bytes.fromHex(hex)), parse("--graffiti", hex).graffiti());
  }

  @Test
  void tooLongGraffitiAndNegativeFactorsAreRefusedWithTheFix() {
    IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
        () -> parse("--graffiti", "x".repeat(33)));
    assertTrue(tooLong.getMessage().contains("33 bytes") && tooLong.getMessage().contains("shorten"),
        tooLong.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> parse("--builder-boost-factor", "-5"));
    assertTrue(negative.getMessage().contains("0 or more"), negative.getMessage());
  }
}
