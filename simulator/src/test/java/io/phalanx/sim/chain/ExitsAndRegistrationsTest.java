package io.phalanx.sim.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.spec.api.ProposerPreparation;
import io.phalanx.spec.signing.DomainType;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.types.SignedValidatorRegistrationV1;
import io.phalanx.spec.types.SignedVoluntaryExit;
import io.phalanx.spec.types.ValidatorRegistrationV1;
import io.phalanx.spec.types.VoluntaryExit;
import io.phalanx.spec.util.Bytes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The simulated chain's exits and registrations: each verified against the validator's key in its
 * own domain (signed here from the spec functions, not the chain's), counted once per validator
 * (and epoch, for registrations), refused with a reason otherwise, and recorded.
 */
class ExitsAndRegistrationsTest {
  final TestChain test = new TestChain(4, 4, Duration.ofSeconds(1), 21);
  final SimulatedChain chain = new SimulatedChain(test.config());

  SignedVoluntaryExit exit(long validator, long epoch, Bytes domain) {
    VoluntaryExit exit = new VoluntaryExit(epoch, validator);
    return new SignedVoluntaryExit(exit, test.keys.get((int) validator)
        .sign(SigningRoots.computeSigningRoot(VoluntaryExit.SSZ, exit, domain)).toBytes());
  }

  Bytes exitDomain() {
    // The chain serves one fork version for every fork, Capella's included.
    return SigningRoots.voluntaryExitDomain(TestChain.FORK_VERSION, TestChain.GENESIS_VALIDATORS_ROOT);
  }

  SignedValidatorRegistrationV1 registration(long validator, Bytes feeRecipient, long timestamp) {
    ValidatorRegistrationV1 message = new ValidatorRegistrationV1(feeRecipient, 36_000_000, timestamp,
        test.publicKey(validator).toBytes());
    return new SignedValidatorRegistrationV1(message, test.keys.get((int) validator)
        .sign(SigningRoots.validatorRegistrationSigningRoot(message, TestChain.FORK_VERSION)).toBytes());
  }

  @Test
  void anExitIsAcceptedOnceCountedAndRecorded() {
    test.at(5, 0);
    assertEquals(Optional.empty(), chain.submitVoluntaryExit(exit(2, 0, exitDomain())));
    assertEquals(Optional.empty(), chain.submitVoluntaryExit(exit(2, 0, exitDomain())), "a copy changes nothing");
    assertEquals(Optional.of(0L), chain.exitEpoch(2));
    DutyTally exits = chain.summary(1).voluntaryExit();
    assertEquals(new DutyTally(1, 1, Map.of(), Map.of()), exits);
    assertEquals(1, test.recorded.stream().filter(m -> m.type().equals(RecordedMessage.VOLUNTARY_EXIT)).count());
  }

  @Test
  void exitsOfUnknownValidatorsFutureEpochsAndOtherDomainsAreRefused() {
    test.at(5, 0);
    assertEquals("unknown validator", chain.submitVoluntaryExit(
        new SignedVoluntaryExit(new VoluntaryExit(0, 9), exit(0, 0, exitDomain()).signature())).orElseThrow()
        .reason().text());
    assertEquals("future epoch", chain.submitVoluntaryExit(exit(1, 2, exitDomain())).orElseThrow().reason().text());
    // Signed in the attester's domain, or with the genesis validators root left out: not an exit.
    assertEquals("invalid signature", chain.submitVoluntaryExit(exit(1, 0, SigningRoots.computeDomain(
        DomainType.BEACON_ATTESTER, TestChain.FORK_VERSION, TestChain.GENESIS_VALIDATORS_ROOT))).orElseThrow()
        .reason().text());
    assertEquals("invalid signature", chain.submitVoluntaryExit(exit(1, 0,
        SigningRoots.voluntaryExitDomain(TestChain.FORK_VERSION, Bytes.zero(32)))).orElseThrow().reason().text());
    assertEquals(Optional.empty(), chain.exitEpoch(1));
    DutyTally exits = chain.summary(1).voluntaryExit();
    assertEquals(0, exits.succeeded());
    assertEquals(Map.of("future epoch", 1L, "invalid signature", 2L, "unknown validator", 1L), exits.refused());
    assertTrue(test.recorded.isEmpty());
  }

  @Test
  void registrationsCountOncePerValidatorAndEpochAndKeepTheNewest() {
    Bytes feeRecipient = Bytes.fromHex("0x" + "12".repeat(20));
    test.at(1, 0);
    assertEquals(List.of(), chain.registerValidators(List.of(registration(0, feeRecipient, 10),
        registration(1, feeRecipient, 10), registration(0, feeRecipient, 11))));
    test.at(5, 0);
    SignedValidatorRegistrationV1 unsigned = new SignedValidatorRegistrationV1(
        registration(2, feeRecipient, 12).message(), registration(3, feeRecipient, 12).signature());
    List<Refusal> refused = chain.registerValidators(List.of(registration(0, feeRecipient, 12), unsigned));
    assertEquals(List.of(1), refused.stream().map(Refusal::index).toList());
    assertEquals("invalid signature", refused.getFirst().reason().text());
    assertEquals(new DutyTally(2, 2, Map.of(), Map.of()), chain.summary(0).builderRegistration());
    assertEquals(new DutyTally(2, 1, Map.of("invalid signature", 1L), Map.of("invalid signature", 1L)),
        chain.summary(1).builderRegistration());
    assertEquals(12, chain.registration(0).orElseThrow().timestamp());
    assertEquals(3, test.recorded.stream().filter(m -> m.type().equals(RecordedMessage.VALIDATOR_REGISTRATION))
        .count());
    // Epochs later the old epochs' tallies stand, without their validator sets.
    test.at(40, 0);
    assertEquals(new DutyTally(2, 2, Map.of(), Map.of()), chain.summary(0).builderRegistration());
    assertEquals(new DutyTally(2, 1, Map.of("invalid signature", 1L), Map.of("invalid signature", 1L)),
        chain.summary(1).builderRegistration());
  }

  @Test
  void proposerPreparationsAreKept() {
    Bytes feeRecipient = Bytes.fromHex("0x" + "34".repeat(20));
    chain.prepareBeaconProposer(List.of(new ProposerPreparation(1, feeRecipient), new ProposerPreparation(77,
        feeRecipient)));
    assertEquals(Optional.of(feeRecipient), chain.preparedFeeRecipient(1));
    assertEquals(Optional.of(feeRecipient), chain.preparedFeeRecipient(77), "unknown validators are taken too");
  }
}
