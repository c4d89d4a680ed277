package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.api.ApiException;
import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.sim.NodeEvent;
import io.phalanx.sim.Simnet;
import io.phalanx.sim.chain.DutyTally;
import io.phalanx.sim.chain.JsonLinesRecorder;
import io.phalanx.sim.chain.RecordedMessage;
import io.phalanx.sim.chain.SimulatedChain;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.types.SignedValidatorRegistrationV1;
import io.phalanx.spec.types.SignedVoluntaryExit;
import io.phalanx.spec.types.ValidatorRegistrationV1;
import io.phalanx.spec.types.VoluntaryExit;
import io.phalanx.spec.util.Bytes;
import io.phalanx.duties.DutyTracker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Voluntary exits and builder registrations through whole clusters (4 nodes, threshold 3, real
 * sockets): the simulated validator clients sign partial registrations each epoch and, on request,
 * partial exits; the nodes combine them and the simulated chain verifies each against the
 * validator's group key in its own domain.
 */
class ExitsAndRegistrationsTest {
  static final Duration SLOT = Duration.ofMillis(1500);
  static final int SLOTS_PER_EPOCH = 4;
  static final int VALIDATORS = 6;

  @TempDir Path dir;

  private Simnet run(List<NodeEvent> stops, StringWriter out) throws Exception {
    // Runs until the checks are met (or time is up), not a fixed number of epochs: on a loaded
    // machine the nodes may take several epochs to start.
    Simnet simnet = new Simnet(new Simnet.Options(4, 3, VALIDATORS, SLOT, SLOTS_PER_EPOCH, OptionalLong.empty(), stops,
        List.of(), Optional.of(dir.resolve("summary.json")), Optional.of(dir.resolve("record.jsonl"))),
        new PrintWriter(out, true));
    // One exit for a past epoch (exits often name one) and one for an epoch still to come.
    simnet.requestExit(1, 0);
    simnet.requestExit(4, 2);
    simnet.start();
    return simnet;
  }

  /** The first epoch e such that e and e + 1 are over and every validator registered in both. */
  private static OptionalLong twoRegisteredEpochs(SimulatedChain chain, long currentEpoch) {
    for (long e = 0; e + 1 < currentEpoch; e++) {
      if (chain.summary(e).builderRegistration().succeeded() == VALIDATORS
          && chain.summary(e + 1).builderRegistration().succeeded() == VALIDATORS) {
        return OptionalLong.of(e);
      }
    }
    return OptionalLong.empty();
  }

  private static long exitsAccepted(SimulatedChain chain, long currentEpoch) {
    long exits = 0;
    for (long e = 0; e <= currentEpoch; e++) {
      exits += chain.summary(e).voluntaryExit().succeeded();
    }
    return exits;
  }

  private void assertExitsAndRegistrations(Simnet simnet, StringWriter output) throws Exception {
    SimulatedChain chain = simnet.chain();
    long deadline = System.currentTimeMillis() + 90_000;
    while (System.currentTimeMillis() < deadline && (chain.exitEpoch(1).isEmpty() || chain.exitEpoch(4).isEmpty()
        || twoRegisteredEpochs(chain, simnet.clock().currentEpoch()).isEmpty())) {
      Thread.sleep(200);
    }
    String out = output.toString();
    assertEquals(Optional.of(0L), chain.exitEpoch(1), "validator 1's exit for epoch 0 on chain\n" + out);
    assertEquals(Optional.of(2L), chain.exitEpoch(4), "validator 4's exit for epoch 2 on chain\n" + out);
    for (int v = 0; v < VALIDATORS; v++) {
      if (v != 1 && v != 4) {
        assertEquals(Optional.empty(), chain.exitEpoch(v), "no exit for validator " + v);
      }
    }
    long first = twoRegisteredEpochs(chain, simnet.clock().currentEpoch()).orElseThrow(
        () -> new AssertionError("no two epochs in which every validator registered\n" + out));
    for (long e = first; e <= first + 1; e++) {
      DutyTally registrations = chain.summary(e).builderRegistration();
      assertEquals(VALIDATORS, registrations.succeeded(), "registrations of epoch " + e + ": " + registrations + "\n" + out);
      assertEquals(0, registrations.failedCount(), registrations.toString());
      assertEquals(0, registrations.refusedCount(), registrations.toString());
    }
    assertEquals(2, exitsAccepted(chain, simnet.clock().currentEpoch()), "exits counted by the chain");
    for (long e = 0; e <= simnet.clock().currentEpoch(); e++) {
      assertEquals(0, chain.summary(e).voluntaryExit().refusedCount(), chain.summary(e).toString());
    }
    List<DistributedValidator> validators = simnet.cluster().lock().content().validators();
    for (int v = 0; v < VALIDATORS; v++) {
      Bytes lockFeeRecipient = validators.get(v).feeRecipient();
      assertEquals(Optional.of(lockFeeRecipient), chain.preparedFeeRecipient(v), "prepared fee recipient of " + v);
      ValidatorRegistrationV1 registered = chain.registration(v).orElseThrow();
      assertEquals(lockFeeRecipient, registered.feeRecipient());
      assertEquals(validators.get(v).groupPublicKey().toBytes(), registered.pubkey());
    }
    simnet.finish();
    assertTrue(simnet.summaryJson().at("/duties/voluntary_exit/succeeded").isNumber(), simnet.summaryJson().toString());
    assertTrue(simnet.summaryJson().at("/duties/builder_registration/succeeded").isNumber(),
        simnet.summaryJson().toString());
    assertTrue(out.contains("exits  registrations"), out);
  }

  /** Once the run is closed and its record file complete: both exits and the registrations are in it. */
  private void assertRecorded() throws Exception {
    JsonLinesRecorder.Recording recording = JsonLinesRecorder.read(dir.resolve("record.jsonl"));
    assertEquals(2, recording.messages().stream().filter(m -> m.type().equals(RecordedMessage.VOLUNTARY_EXIT)).count());
    assertTrue(recording.messages().stream().filter(m -> m.type().equals(RecordedMessage.VALIDATOR_REGISTRATION))
        .count() >= 2L * VALIDATORS);
  }

  @Test
  void everyExitAndRegistrationIsCombinedAndAcceptedWithAllNodesUp() throws Exception {
    StringWriter out = new StringWriter();
    try (Simnet simnet = run(List.of(), out)) {
      assertExitsAndRegistrations(simnet, out);
    }
    assertRecorded();
  }

  /**
   * An exit for a validator the cluster does not have and a registration with a fee recipient that
   * is not the lock's: refused with a 4xx naming the problem and a log line; nothing of them is
   * combined or reaches the chain.
   */
  @Test
  void badExitsAndRegistrationsAreRefusedAndNothingIsCombined() throws Exception {
    StringWriter out = new StringWriter();
    try (LogCapture logs = LogCapture.begin();
        Simnet simnet = new Simnet(new Simnet.Options(4, 3, VALIDATORS, SLOT, SLOTS_PER_EPOCH, OptionalLong.empty(),
            List.of(), List.of(), Optional.empty(), Optional.empty()), new PrintWriter(out, true))) {
      simnet.start();
      SimulatedChain chain = simnet.chain();
      // Wait until the cluster registered every validator once: the nodes know the indices then.
      long deadline = System.currentTimeMillis() + 30_000;
      while (chain.registration(VALIDATORS - 1).isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(chain.registration(VALIDATORS - 1).isPresent(), out.toString());
      BlsSecretKey share = simnet.cluster().sharesByNode().get(0).get(2);
      DistributedValidator v = simnet.cluster().lock().content().validators().get(2);
      Bytes gvr = chain.genesis().genesisValidatorsRoot();
      Bytes version = chain.genesis().genesisForkVersion();
      long aggregatedExits = simnet.node(0).tracker().count(DutyType.VOLUNTARY_EXIT, DutyTracker.Step.AGGREGATION);
      try (HttpBeaconNode api = new HttpBeaconNode(HttpBeaconNode.Config.of(simnet.node(0).validatorApiUrl()))) {
        // Attester duties through the node carry the beacon node's dependent root (a client
        // refetches its duties when it changes) and name the node's share keys.
        long next = simnet.clock().currentEpoch() + 1;
        io.phalanx.spec.api.AttesterDuty.Epoch duties = api.attesterDuties(next, List.of(2L)).get(10, TimeUnit.SECONDS);
        assertEquals(chain.attesterDutiesDependentRoot(next), duties.dependentRoot(), "dependent root of epoch " + next);
        assertEquals(List.of(share.publicKey().toBytes()),
            duties.duties().stream().map(io.phalanx.spec.api.AttesterDuty::pubkey).toList());

        VoluntaryExit unknown = new VoluntaryExit(0, 99);
        Bytes exitRoot = SigningRoots.computeSigningRoot(VoluntaryExit.SSZ, unknown,
            SigningRoots.voluntaryExitDomain(version, gvr));
        ApiException exitRefused = refusal(api.publishVoluntaryExit(
            new SignedVoluntaryExit(unknown, share.sign(exitRoot).toBytes())));
        assertEquals(404, exitRefused.status());
        assertTrue(exitRefused.getMessage().contains("validator 99 is not one of this cluster's validators"),
            exitRefused.getMessage());

        Bytes wrong = Bytes.fromHex("0x" + "ab".repeat(20));
        ValidatorRegistrationV1 message = new ValidatorRegistrationV1(wrong, 30_000_000,
            chain.genesis().genesisTime(), v.groupPublicKey().toBytes());
        Bytes registrationRoot = SigningRoots.validatorRegistrationSigningRoot(message, version);
        ApiException registrationRefused = refusal(api.registerValidators(
            List.of(new SignedValidatorRegistrationV1(message, share.sign(registrationRoot).toBytes()))));
        assertEquals(400, registrationRefused.status());
        String text = registrationRefused.getMessage().toLowerCase(java.util.Locale.ROOT);
        assertTrue(text.contains(v.groupPublicKey().toHex()) && text.contains("ab".repeat(20))
            && text.contains(v.feeRecipient().toHex().substring(2)), registrationRefused.getMessage());
      }
      assertTrue(logs.text().contains("voluntary exit refused: validator 99"), "a log line for the exit");
      assertTrue(logs.text().contains("fee recipient") && logs.text().contains("the cluster lock says"),
          "a log line for the registration");
      // A slot later: no exit aggregated on any node, none on chain, the registration is the lock's.
      Thread.sleep(SLOT.toMillis());
      assertEquals(aggregatedExits, simnet.node(0).tracker().count(DutyType.VOLUNTARY_EXIT, DutyTracker.Step.AGGREGATION));
      assertEquals(Optional.empty(), chain.exitEpoch(99));
      assertEquals(0, chain.summary().voluntaryExit().expected());
      assertEquals(v.feeRecipient(), chain.registration(2).orElseThrow().feeRecipient());
    }
  }

  private static ApiException refusal(CompletableFuture<Void> request) throws Exception {
    try {
      request.get(10, TimeUnit.SECONDS);
      throw new AssertionError("the request was accepted");
    } catch (ExecutionException e) {
      return assertInstanceOf(ApiException.class, e.getCause());
    }
  }
}
