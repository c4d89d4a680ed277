package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.api.capture.CapturedExchange;
import io.phalanx.it.conformance.BeaconApiConformance;
import io.phalanx.it.conformance.ExchangeRecorder;
import io.phalanx.sim.Simnet;
import io.phalanx.sim.vc.CallPatterns;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A 4-node cluster (threshold 3) on real sockets, its validator clients calling as four different
 * clients do (SSZ and JSON bodies, selections ahead and per slot, aggregates batched and one by
 * one), with every exchange of every validator API and every simulated beacon node recorded for
 * three epochs and checked against the beacon-API OpenAPI document: not one violation, and every
 * operation the duties need was exercised. It is also the mixed-pattern run of {@link
 * CallPatternClusterTest}: every duty of its checks is done after start-up.
 */
class BeaconApiConformanceClusterTest {
  static final Duration SLOT = Duration.ofMillis(1500);
  static final int SLOTS_PER_EPOCH = 4;
  static final int EPOCHS = 3;

  /**
   * Operations the scenario must exercise, one a line: a duty added to the simulated validator
   * client adds its endpoints here.
   */
  static final List<String> REQUIRED_OPERATIONS = List.of(
      "GET /eth/v1/beacon/genesis",
      "GET /eth/v1/config/spec",
      "GET /eth/v1/beacon/states/{state_id}/fork",
      "GET /eth/v1/node/syncing",
      "GET /eth/v1/node/version",
      "POST /eth/v1/beacon/states/{state_id}/validators",
      "POST /eth/v1/validator/duties/attester/{epoch}",
      "GET /eth/v1/validator/attestation_data",
      "POST /eth/v2/beacon/pool/attestations",
      "POST /eth/v1/validator/beacon_committee_selections",
      "GET /eth/v2/validator/aggregate_attestation",
      "POST /eth/v2/validator/aggregate_and_proofs",
      "POST /eth/v1/validator/liveness/{epoch}",
      "GET /eth/v1/validator/duties/proposer/{epoch}",
      "GET /eth/v3/validator/blocks/{slot}",
      "POST /eth/v2/beacon/blocks",
      "POST /eth/v2/beacon/blinded_blocks",
      "POST /eth/v1/validator/duties/sync/{epoch}",
      "GET /eth/v1/beacon/blocks/{block_id}/root",
      "POST /eth/v1/beacon/pool/sync_committees",
      "POST /eth/v1/validator/sync_committee_selections",
      "GET /eth/v1/validator/sync_committee_contribution",
      "POST /eth/v1/validator/contribution_and_proofs",
      "POST /eth/v1/beacon/pool/voluntary_exits",
      "POST /eth/v1/validator/register_validator",
      "POST /eth/v1/validator/prepare_beacon_proposer");

  /** The presets of this run's clients, node 0 first. */
  static final String MIX = "0=teku,1=lighthouse,2=nimbus,3=prysm";

  @Test
  void everyExchangeOfAClusterConformsToTheBeaconApi() throws Exception {
    BeaconApiConformance spec = BeaconApiConformance.fromSharedVectors();
    ExchangeRecorder recorder = new ExchangeRecorder();
    StringWriter out = new StringWriter();
    // On a chain that forks from Electra to Fulu in epoch 1: both forks' exchanges are checked.
    Simnet.Options options = new Simnet.Options(4, 3, 8, SLOT, SLOTS_PER_EPOCH, OptionalLong.of(EPOCHS), List.of(),
        List.of(), Optional.empty(), Optional.empty()).withFuluForkEpoch(1);
    try (Simnet simnet = new Simnet(options, new PrintWriter(out, true), recorder)
        .withCallPatterns(CallPatterns.parse(MIX))) {
      simnet.requestExit(CallPatternClusterTest.EXITED, CallPatternClusterTest.EXIT_EPOCH);
      simnet.start();
      simnet.awaitEnd();
      simnet.finish();
      CallPatternClusterTest.checkEveryDuty(simnet, out.toString());
    }
    List<CapturedExchange> exchanges = recorder.exchanges();
    assertTrue(exchanges.size() > 100, "exchanges recorded: " + exchanges.size());
    assertTrue(exchanges.stream().anyMatch(x -> x.server().startsWith("validator API"))
        && exchanges.stream().anyMatch(x -> x.server().startsWith("http://")), "both sides recorded");
    assertTrue(exchanges.stream().anyMatch(x -> x.requestHeader("Content-Type")
        .filter(t -> t.startsWith("application/octet-stream")).isPresent()), "SSZ bodies among them");

    List<BeaconApiConformance.Violation> violations = spec.check(exchanges);
    assertEquals("", violations.stream().limit(40).map(Object::toString).collect(Collectors.joining("\n")),
        violations.size() + " violations in " + exchanges.size() + " exchanges\n" + out);

    Set<String> exercised = BeaconApiConformance.exercised(spec, exchanges);
    Set<String> missing = new TreeSet<>(REQUIRED_OPERATIONS);
    missing.removeAll(exercised);
    assertEquals(Set.of(), missing, "operations not exercised; exercised: " + exercised);
    REQUIRED_OPERATIONS.forEach(op -> assertTrue(spec.operations().containsKey(op), op + " is an operation"));
  }
}
