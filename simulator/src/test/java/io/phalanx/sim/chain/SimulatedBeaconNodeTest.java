package io.phalanx.sim.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.phalanx.api.ValidatorLiveness;
import io.phalanx.api.capture.CapturedExchange;
import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.api.json.ApiCodecs;
import io.phalanx.sim.chain.BeaconApiClient.Answer;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.bls.Bls;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.Checkpoint;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.types.SyncCommitteeContribution;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The simulated beacon node over real HTTP on 127.0.0.1, with validators signing as clients do. */
class SimulatedBeaconNodeTest {
  /** 6 validators in 4-slot epochs: slots 0 and 1 have committees of 2, slots 2 and 3 of 1. */
  static final int VALIDATORS = 6;
  static final long SLOTS_PER_EPOCH = 4;

  TestChain chain;
  SimulatedBeaconNode node;
  BeaconApiClient api;

  @BeforeEach
  void start() throws IOException {
    chain = new TestChain(VALIDATORS, SLOTS_PER_EPOCH, Duration.ofSeconds(1), 7);
    node = new SimulatedBeaconNode(chain.config()).start(0);
    api = new BeaconApiClient(node.url());
  }

  @AfterEach
  void stop() {
    node.close();
  }

  AttestationData attestationData(long slot) {
    Answer answer = api.get("/eth/v1/validator/attestation_data?slot=" + slot + "&committee_index=0");
    assertEquals(200, answer.status(), answer.json()::toString);
    return AttestationData.SSZ.fromJson(answer.json().get("data"));
  }

  Answer publishAttestations(SingleAttestation... attestations) {
    ArrayNode body = Json.MAPPER.createArrayNode();
    for (SingleAttestation attestation : attestations) {
      body.add(SingleAttestation.SSZ.toJson(attestation));
    }
    return api.publish("/eth/v2/beacon/pool/attestations", body);
  }

  Answer publishAggregates(SignedAggregateAndProof... aggregates) {
    ArrayNode body = Json.MAPPER.createArrayNode();
    for (SignedAggregateAndProof aggregate : aggregates) {
      body.add(SignedAggregateAndProof.SSZ.toJson(aggregate));
    }
    return api.publish("/eth/v2/validator/aggregate_and_proofs", body);
  }

  @Test
  void genesisSpecForkAndSyncingDescribeTheChain() {
    JsonNode genesis = api.get("/eth/v1/beacon/genesis").json().get("data");
    assertEquals(Long.toString(TestChain.GENESIS.getEpochSecond()), genesis.get("genesis_time").asText());
    assertEquals(TestChain.GENESIS_VALIDATORS_ROOT.toHex(), genesis.get("genesis_validators_root").asText());
    assertEquals(TestChain.FORK_VERSION.toHex(), genesis.get("genesis_fork_version").asText());

    JsonNode spec = api.get("/eth/v1/config/spec").json().get("data");
    assertEquals("1", spec.get("SECONDS_PER_SLOT").asText());
    assertEquals("1000", spec.get("SLOT_DURATION_MS").asText());
    assertEquals("4", spec.get("SLOTS_PER_EPOCH").asText());
    assertEquals("16", spec.get("TARGET_AGGREGATORS_PER_COMMITTEE").asText());
    assertEquals("0x01000000", spec.get("DOMAIN_BEACON_ATTESTER").asText());
    for (String fork : List.of("GENESIS", "ELECTRA", "FULU")) {
      assertEquals(TestChain.FORK_VERSION.toHex(), spec.get(fork + "_FORK_VERSION").asText(), fork);
    }
    assertEquals("0", spec.get("ELECTRA_FORK_EPOCH").asText());
    assertEquals("0", spec.get("FULU_FORK_EPOCH").asText());

    Answer fork = api.get("/eth/v1/beacon/states/head/fork");
    assertEquals(TestChain.FORK_VERSION.toHex(), fork.json().at("/data/previous_version").asText());
    assertEquals(TestChain.FORK_VERSION.toHex(), fork.json().at("/data/current_version").asText());
    assertEquals("0", fork.json().at("/data/epoch").asText());
    assertFalse(fork.json().get("execution_optimistic").asBoolean());

    assertEquals("0", api.get("/eth/v1/node/syncing").json().at("/data/head_slot").asText());
    chain.clock.advance(Duration.ofMillis(5_400));
    JsonNode syncing = api.get("/eth/v1/node/syncing").json().get("data");
    assertEquals("5", syncing.get("head_slot").asText());
    assertEquals("0", syncing.get("sync_distance").asText());
    assertFalse(syncing.get("is_syncing").asBoolean());
    assertFalse(syncing.get("el_offline").asBoolean());

    assertEquals(SimulatedBeaconNode.VERSION, api.get("/eth/v1/node/version").json().at("/data/version").asText());
    assertTrue(api.get("/eth/v1/node/peer_count").json().at("/data/connected").asInt() > 0);
    assertEquals(200, api.get("/eth/v1/node/health").status());
  }

  @Test
  void capturedExchangesHoldTheRequestAndTheAnswerAsSent() {
    api.get("/eth/v1/node/version");
    List<CapturedExchange> captured =
        Collections.synchronizedList(new ArrayList<>());
    chain.at(1, 1);
    node.captureExchanges(captured::add);
    api.get("/eth/v1/validator/attestation_data?slot=1&committee_index=0");
    api.post("/eth/v1/validator/liveness/0", "[\"1\"]", "Content-Type", "application/json");
    node.captureExchanges(null);
    api.get("/eth/v1/node/version");

    assertEquals(2, captured.size(), "only while capturing: " + captured);
    CapturedExchange data = captured.get(0);
    assertEquals("GET", data.method());
    assertEquals("/eth/v1/validator/attestation_data", data.path());
    assertEquals(Map.of("slot", List.of("1"), "committee_index", List.of("0")),
        data.query());
    assertEquals(200, data.status());
    assertEquals("application/json", data.responseHeader("content-type").orElseThrow());
    assertTrue(data.responseText(10_000).contains("\"beacon_block_root\""), data.responseText(300));
    CapturedExchange liveness = captured.get(1);
    assertEquals("[\"1\"]", new String(liveness.requestBody(), StandardCharsets.UTF_8));
    assertEquals("application/json", liveness.requestHeader("content-type").orElseThrow());
  }

  @Test
  void subSecondSlotsAreServedInMilliseconds() throws IOException {
    TestChain fast = new TestChain(1, 2, Duration.ofMillis(500), 1);
    try (SimulatedBeaconNode fastNode = new SimulatedBeaconNode(fast.config()).start(0)) {
      JsonNode spec = new BeaconApiClient(fastNode.url()).get("/eth/v1/config/spec").json().get("data");
      assertEquals("500", spec.get("SLOT_DURATION_MS").asText());
      assertEquals("1", spec.get("SECONDS_PER_SLOT").asText());
      fast.clock.advance(Duration.ofMillis(1_250));
      assertEquals(2, fastNode.chain().syncStatus().headSlot());
    }
  }

  @Test
  void validatorsAreFoundByIndexOrPublicKey() {
    String key3 = chain.publicKey(3).toHex();
    JsonNode found = api.get("/eth/v1/beacon/states/head/validators?id=0," + key3 + "&id=99").json().get("data");
    assertEquals(2, found.size());
    assertEquals("0", found.get(0).get("index").asText());
    assertEquals("3", found.get(1).get("index").asText());
    assertEquals(key3, found.get(1).at("/validator/pubkey").asText());
    for (JsonNode validator : found) {
      assertEquals("active_ongoing", validator.get("status").asText());
      assertEquals("32000000000", validator.get("balance").asText());
      assertEquals("32000000000", validator.at("/validator/effective_balance").asText());
      assertEquals("18446744073709551615", validator.at("/validator/exit_epoch").asText());
    }

    assertEquals(VALIDATORS, api.post("/eth/v1/beacon/states/head/validators", "{}").json().get("data").size());
    JsonNode byPost = api.post("/eth/v1/beacon/states/finalized/validators",
        "{\"ids\":[\"5\"],\"statuses\":[\"active_ongoing\"]}").json().get("data");
    assertEquals(List.of("5"), byPost.findValuesAsText("index"));
    assertEquals(0, api.post("/eth/v1/beacon/states/head/validators", "{\"statuses\":[\"exited\"]}")
        .json().get("data").size());
  }

  @Test
  void dutiesCoverEveryValidatorOncePerEpochAndRepeat() {
    String allIndices = Json.MAPPER.valueToTree(LongStream.range(0, VALIDATORS).mapToObj(Long::toString).toList())
        .toString();
    for (long epoch : List.of(0L, 1L)) {
      Answer answer = api.post("/eth/v1/validator/duties/attester/" + epoch, allIndices);
      assertEquals(200, answer.status(), answer.json()::toString);
      assertTrue(answer.json().get("dependent_root").asText().matches("0x[0-9a-f]{64}"));
      assertEquals(answer.json(), api.post("/eth/v1/validator/duties/attester/" + epoch, allIndices).json());

      Set<Long> validators = new HashSet<>();
      Map<Long, Set<Long>> positionsBySlot = new HashMap<>();
      for (JsonNode json : answer.json().get("data")) {
        AttesterDuty duty = AttesterDuty.SSZ.fromJson(json);
        assertTrue(validators.add(duty.validatorIndex()), "one duty per validator");
        assertEquals(epoch * SLOTS_PER_EPOCH + duty.validatorIndex() % SLOTS_PER_EPOCH, duty.slot());
        assertEquals(chain.publicKey(duty.validatorIndex()).toBytes(), duty.pubkey());
        assertEquals(0, duty.committeeIndex());
        assertEquals(1, duty.committeesAtSlot());
        long inSlot = LongStream.range(0, VALIDATORS).filter(v -> v % SLOTS_PER_EPOCH == duty.slot() % SLOTS_PER_EPOCH)
            .count();
        assertEquals(inSlot, duty.committeeLength());
        assertTrue(duty.validatorCommitteeIndex() < duty.committeeLength());
        assertTrue(positionsBySlot.computeIfAbsent(duty.slot(), s -> new HashSet<>()).add(duty.validatorCommitteeIndex()));
      }
      assertEquals(VALIDATORS, validators.size());
    }
    assertEquals(400, api.post("/eth/v1/validator/duties/attester/2", allIndices).status(), "two epochs ahead");
  }

  @Test
  void attestationDataIsTheSameForEveryCaller() throws Exception {
    chain.at(5, 1);
    List<JsonNode> answers = new ArrayList<>();
    try (ExecutorService callers = Executors.newFixedThreadPool(8)) {
      List<Future<JsonNode>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        calls.add(callers.submit(() -> api.get("/eth/v1/validator/attestation_data?slot=5&committee_index=0").json()));
      }
      for (Future<JsonNode> call : calls) {
        answers.add(call.get());
      }
    }
    answers.forEach(answer -> assertEquals(answers.get(0), answer));
    AttestationData data = AttestationData.SSZ.fromJson(answers.get(0).get("data"));
    assertEquals(5, data.slot());
    assertEquals(0, data.index());
    assertEquals(1, data.target().epoch());
    assertEquals(0, data.source().epoch());
    assertEquals(attestationData(4).target(), data.target(), "the target is the epoch's first block");
    assertEquals(attestationData(3).target(), data.source(), "the source is the previous epoch's target");
    assertFalse(attestationData(4).beaconBlockRoot().equals(data.beaconBlockRoot()));
    assertEquals(new Checkpoint(0, Bytes.zero(32)), attestationData(0).source());

    assertEquals(400, api.get("/eth/v1/validator/attestation_data?slot=7&committee_index=0").status(), "future");
    assertEquals(400, api.get("/eth/v1/validator/attestation_data?slot=5&committee_index=1").status());
  }

  @Test
  void aValidAttestationCountsOnce() {
    chain.at(1, 1);
    SingleAttestation attestation = chain.attestation(1, attestationData(1));
    assertEquals(200, publishAttestations(attestation).status());
    assertEquals(200, publishAttestations(attestation).status(), "a repeat is accepted");

    DutyTally attester = node.chain().summary(0).attester();
    assertEquals(1, attester.succeeded());
    assertEquals(Map.of(), attester.failed());
    assertEquals(4, attester.expected(), "slots 0 and 1 have started, with two validators each");
    assertEquals(3, attester.pending());
    assertEquals(1, chain.recorded.size(), "recorded once");
    assertEquals(RecordedMessage.ATTESTATION, chain.recorded.get(0).type());
    assertEquals(chain.publicKey(1).toBytes(), chain.recorded.get(0).validatorPubkey());
  }

  @Test
  void anInvalidSignatureIsRefusedAndCountedWithItsReason() {
    chain.at(0, 1);
    AttestationData data = attestationData(0);
    Answer refused = publishAttestations(chain.attestation(0, data), chain.attestation(4, 3, data));
    assertEquals(400, refused.status());
    assertEquals(400, refused.json().get("code").asInt());
    JsonNode failures = refused.json().get("failures");
    assertEquals(1, failures.size());
    assertEquals(1, failures.get(0).get("index").asInt());
    assertTrue(failures.get(0).get("message").asText().startsWith("invalid signature"), failures::toString);

    DutyTally attester = node.chain().summary(0).attester();
    assertEquals(1, attester.succeeded());
    assertEquals(Map.of("invalid signature", 1L), attester.failed());
    assertEquals(Map.of("invalid signature", 1L), attester.refused());

    assertEquals(200, publishAttestations(chain.attestation(4, data)).status());
    attester = node.chain().summary(0).attester();
    assertEquals(2, attester.succeeded(), "a valid retry in time turns the failure into success");
    assertEquals(Map.of(), attester.failed());
    assertEquals(Map.of("invalid signature", 1L), attester.refused());
  }

  @Test
  void aDoubleVoteIsRefusedAsSlashable() {
    chain.at(2, 1);
    AttestationData data = attestationData(2);
    assertEquals(200, publishAttestations(chain.attestation(2, data)).status());
    AttestationData otherHead = TestChain.withBlockRoot(data, "0x" + "11".repeat(32));
    Answer refused = publishAttestations(chain.attestation(2, otherHead));
    assertEquals(400, refused.status());
    assertTrue(refused.json().at("/failures/0/message").asText().startsWith("slashable"), refused.json()::toString);

    Summary summary = node.chain().summary();
    assertEquals(1, summary.slashable());
    assertEquals(1, summary.attester().succeeded(), "the duty was done before the second vote");
    assertEquals(1, chain.recorded.size(), "the refused vote is not recorded");
  }

  @Test
  void theAggregateOfReceivedAttestationsVerifies() {
    chain.at(0, 1);
    AttestationData data = attestationData(0);
    String root = AttestationData.SSZ.hashTreeRoot(data).toHex();
    String query = "/eth/v2/validator/aggregate_attestation?attestation_data_root=" + root + "&slot=0&committee_index=0";
    assertEquals(404, api.get(query).status());

    assertEquals(200, publishAttestations(chain.attestation(0, data), chain.attestation(4, data)).status());
    Answer answer = api.get(query);
    assertEquals(200, answer.status(), answer.json()::toString);
    assertEquals("fulu", answer.json().get("version").asText());
    assertEquals("fulu", answer.headers().firstValue("Eth-Consensus-Version").orElseThrow());
    Attestation aggregate = Attestation.SSZ.fromJson(answer.json().get("data"));
    assertEquals(2, aggregate.aggregationBits().size());
    assertEquals(2, aggregate.aggregationBits().cardinality());
    assertEquals(List.of(0), aggregate.committeeBits().setBits().boxed().toList());
    assertEquals(data, aggregate.data());
    assertTrue(Bls.fastAggregateVerify(List.of(chain.publicKey(0), chain.publicKey(4)),
        TestChain.attestationSigningRoot(data, TestChain.FORK_VERSION, TestChain.GENESIS_VALIDATORS_ROOT),
        BlsSignature.fromBytes(aggregate.signature())));
  }

  @Test
  void aValidAggregateAndProofIsCounted() {
    chain.at(1, 1);
    AttestationData data = attestationData(1);
    assertEquals(200, publishAttestations(chain.attestation(1, data), chain.attestation(5, data)).status());
    chain.at(1, 2);
    Attestation aggregate = Attestation.SSZ.fromJson(api.get("/eth/v2/validator/aggregate_attestation?attestation_data_root="
        + AttestationData.SSZ.hashTreeRoot(data).toHex() + "&slot=1&committee_index=0").json().get("data"));

    Answer wrongProof = publishAggregates(chain.aggregateAndProof(5, aggregate, chain.selectionProof(5, 2)));
    assertEquals(400, wrongProof.status());
    assertTrue(wrongProof.json().at("/failures/0/message").asText().startsWith("invalid selection proof"));

    assertEquals(200, publishAggregates(chain.aggregateAndProof(5, aggregate)).status());
    assertEquals(200, publishAggregates(chain.aggregateAndProof(1, aggregate)).status());
    DutyTally aggregator = node.chain().summary(0).aggregator();
    assertEquals(2, aggregator.succeeded());
    assertEquals(Map.of(), aggregator.failed());
    assertEquals(Map.of("invalid selection proof", 1L), aggregator.refused());
    assertEquals(2, chain.recorded.stream().filter(m -> m.type().equals(RecordedMessage.AGGREGATE_AND_PROOF)).count());
  }

  @Test
  void anAggregateWithAForgedAttesterIsRefused() {
    chain.at(0, 2);
    AttestationData data = attestationData(0);
    // Validator 0 signs for position 1 (validator 4): the aggregate signature does not match the bits.
    Attestation forged = chain.aggregate(data, 2, Map.of(0, 0L, 1, 0L));
    Answer answer = publishAggregates(chain.aggregateAndProof(0, forged));
    assertEquals(400, answer.status());
    assertTrue(answer.json().at("/failures/0/message").asText().startsWith("invalid aggregate signature"));
  }

  List<ValidatorLiveness> liveness(long epoch, String indices) {
    Answer answer = api.post("/eth/v1/validator/liveness/" + epoch, indices);
    assertEquals(200, answer.status(), answer.json()::toString);
    return ApiCodecs.LIVENESS.fromJson(answer.json().get("data"));
  }

  @Test
  void aValidatorIsLiveInAnEpochOnceTheChainIncludedAnAttestationOfIt() throws Exception {
    chain.at(0, 1);
    AttestationData data0 = attestationData(0);
    assertEquals(200, publishAttestations(chain.attestation(0, data0)).status());
    assertEquals(400, publishAttestations(chain.attestation(4, 3, data0)).status(), "refused: not included");
    chain.at(1, 2);
    // Validator 5 (position 1 of slot 1) is included only through the aggregate validator 1 publishes.
    Attestation aggregate = chain.aggregate(attestationData(1), 2, Map.of(1, 5L));
    assertEquals(200, publishAggregates(chain.aggregateAndProof(1, aggregate)).status());
    assertEquals(List.of(new ValidatorLiveness(0, true), new ValidatorLiveness(1, false),
        new ValidatorLiveness(4, false), new ValidatorLiveness(5, true)), liveness(0, "[\"0\",\"1\",\"4\",\"5\"]"));

    chain.at(4, 1);
    assertEquals(List.of(new ValidatorLiveness(0, false)), liveness(1, "[\"0\"]"), "epoch 1 has nothing yet");
    // What a Phalanx node's client reads of it, the epoch after.
    try (HttpBeaconNode client = new HttpBeaconNode(HttpBeaconNode.Config.of(node.url()))) {
      assertEquals(List.of(new ValidatorLiveness(5, true), new ValidatorLiveness(2, false)),
          client.liveness(0, List.of(5L, 2L)).get(5, TimeUnit.SECONDS));
    }

    assertEquals(400, api.post("/eth/v1/validator/liveness/2", "[\"0\"]").status(), "a future epoch");
    assertEquals(400, api.post("/eth/v1/validator/liveness/1", "[\"99\"]").status(), "an unknown validator");
    chain.at(4 * SimulatedChain.LIVENESS_EPOCHS, 0);
    Answer tooOld = api.post("/eth/v1/validator/liveness/0", "[\"0\"]");
    assertEquals(400, tooOld.status());
    assertTrue(tooOld.json().get("message").asText().contains("too old"), tooOld.json()::toString);
  }

  @Test
  void syncCommitteeDutiesMessagesAndContributionsOverHttp() {
    chain.at(1, 1);
    Answer duties = api.post("/eth/v1/validator/duties/sync/0", "[\"0\",\"5\"]");
    assertEquals(200, duties.status(), duties.json()::toString);
    assertEquals(1, duties.json().get("data").size(), "validator 5 is not a member");
    assertEquals("0", duties.json().at("/data/0/validator_index").asText());
    assertEquals(128, duties.json().at("/data/0/validator_sync_committee_indices").size());

    Answer head = api.get("/eth/v1/beacon/blocks/head/root");
    assertEquals(200, head.status(), head.json()::toString);
    Bytes root = Bytes.fromHex(head.json().at("/data/root").asText());
    assertEquals(api.get("/eth/v1/beacon/blocks/1/root").json().at("/data/root").asText(), root.toHex());
    assertEquals(404, api.get("/eth/v1/beacon/blocks/5/root").status(), "no block beyond the head");

    ArrayNode messages = Json.MAPPER.createArrayNode();
    messages.add(SyncCommitteeMessage.SSZ.toJson(SyncCommitteesTest.message(chain, 0, 1, root)));
    assertEquals(200, api.post("/eth/v1/beacon/pool/sync_committees", messages.toString()).status());
    Answer contribution = api.get("/eth/v1/validator/sync_committee_contribution?slot=1&subcommittee_index=0"
        + "&beacon_block_root=" + root.toHex());
    assertEquals(200, contribution.status(), contribution.json()::toString);
    SyncCommitteeContribution c =
        SyncCommitteeContribution.SSZ.fromJson(contribution.json().get("data"));
    assertEquals(404, api.get("/eth/v1/validator/sync_committee_contribution?slot=1&subcommittee_index=1"
        + "&beacon_block_root=" + root.toHex()).status(), "nothing from subcommittee 1 yet");

    ArrayNode contributions = Json.MAPPER.createArrayNode();
    contributions.add(SignedContributionAndProof.SSZ.toJson(
        SyncCommitteesTest.contributionAndProof(chain, 0, c)));
    Answer published = api.post("/eth/v1/validator/contribution_and_proofs", contributions.toString());
    if (SyncCommitteesTest.selects(chain, 0, 1)) {
      assertEquals(200, published.status(), published.json()::toString);
      assertEquals(1, node.chain().summary(0).syncContribution().succeeded());
    } else {
      assertEquals(400, published.status());
      assertTrue(published.json().toString().contains("not an aggregator"), published.json()::toString);
    }
    assertEquals(1, node.chain().summary(0).syncMessage().succeeded());

    Answer selections = api.post("/eth/v1/validator/sync_committee_selections", "[]");
    assertEquals(501, selections.status(), "served by distributed validator middleware, not by a beacon node");
  }

  @Test
  void beaconCommitteeSelectionsAreNotABeaconNodesBusiness() {
    Answer answer = api.post("/eth/v1/validator/beacon_committee_selections",
        "[{\"validator_index\":\"0\",\"slot\":\"0\",\"selection_proof\":\"0x" + "00".repeat(96) + "\"}]");
    assertEquals(501, answer.status());
    assertEquals(501, answer.json().get("code").asInt());
    assertTrue(answer.json().get("message").asText().contains("middleware"));
  }

  static Stream<Arguments> malformedRequests() {
    String attestations = "/eth/v2/beacon/pool/attestations";
    return Stream.of(
        Arguments.of("POST", attestations, "not json", true),
        Arguments.of("POST", attestations, "{}", true),
        Arguments.of("POST", attestations, "[{\"committee_index\":\"0\"}]", true),
        Arguments.of("POST", attestations, "[]", false),
        Arguments.of("POST", "/eth/v2/validator/aggregate_and_proofs", "[1]", true),
        Arguments.of("GET", "/eth/v1/validator/attestation_data?committee_index=0", "", false),
        Arguments.of("GET", "/eth/v1/validator/attestation_data?slot=abc&committee_index=0", "", false),
        Arguments.of("GET", "/eth/v1/validator/attestation_data?slot=-1&committee_index=0", "", false),
        Arguments.of("GET", "/eth/v2/validator/aggregate_attestation?attestation_data_root=0x12&slot=0&committee_index=0",
            "", false),
        Arguments.of("POST", "/eth/v1/validator/duties/attester/x", "[\"0\"]", false),
        Arguments.of("POST", "/eth/v1/validator/duties/attester/0", "[]", false),
        Arguments.of("POST", "/eth/v1/validator/duties/attester/0", "{\"a\":1}", false),
        Arguments.of("POST", "/eth/v1/validator/duties/attester/0", "[true]", false),
        Arguments.of("POST", "/eth/v1/validator/liveness/x", "[\"0\"]", false),
        Arguments.of("POST", "/eth/v1/validator/liveness/0", "[]", false),
        Arguments.of("POST", "/eth/v1/validator/liveness/0", "{\"a\":1}", false),
        Arguments.of("GET", "/eth/v1/beacon/states/nonsense/validators", "", false),
        Arguments.of("GET", "/eth/v1/beacon/states/head/validators?id=0x1234", "", false),
        Arguments.of("POST", "/eth/v1/beacon/states/head/validators", "[]", false));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("malformedRequests")
  void malformedRequestsAreRefusedWithAJsonError(String method, String path, String body, boolean consensusVersion) {
    Answer answer = method.equals("GET")
        ? api.get(path)
        : consensusVersion ? api.post(path, body, "Eth-Consensus-Version", "fulu") : api.post(path, body);
    if (path.endsWith("attestations") && body.equals("[]")) {
      assertEquals(400, answer.status(), "the header is missing");
    }
    assertEquals(400, answer.status(), answer.json()::toString);
    assertEquals(400, answer.json().get("code").asInt());
    assertFalse(answer.json().get("message").asText().isBlank());
  }

  @Test
  void aWrongConsensusVersionIsRefused() {
    Answer answer = api.post("/eth/v2/beacon/pool/attestations", "[]", "Eth-Consensus-Version", "electra");
    assertEquals(400, answer.status());
    assertTrue(answer.json().get("message").asText().contains("fulu"));
  }

  @Test
  void unknownRoutesAreNotFoundAndWrongMethodsNotAllowed() {
    Answer unknown = api.get("/eth/v1/beacon/blocks/head");
    assertEquals(404, unknown.status());
    assertEquals(404, unknown.json().get("code").asInt());
    Answer wrongMethod = api.post("/eth/v1/beacon/genesis", "{}");
    assertEquals(405, wrongMethod.status());
    assertEquals(405, wrongMethod.json().get("code").asInt());
  }

  @Test
  void emptyPathSegmentsAreIgnoredAndEachSegmentIsDecodedOnItsOwn() {
    assertEquals(200, api.get("/eth//v1/node/version/").status());
    Answer encodedSlash = api.get("/eth/v1/beacon/states/head%2Fx/fork");
    assertEquals(400, encodedSlash.status(), "one state id 'head/x', not a longer path: " + encodedSlash);
  }

  @Test
  void aDownNodeAnswers503UntilItComesBack() {
    node.setDown(true);
    Answer down = api.get("/eth/v1/beacon/genesis");
    assertEquals(503, down.status());
    assertEquals(503, down.json().get("code").asInt());
    assertEquals(503, api.get("/eth/v1/nothing/here").status());
    node.setDown(false);
    assertEquals(200, api.get("/eth/v1/beacon/genesis").status());
  }

  @Test
  void manyClientsAtOnceAreEachCountedOnce() throws Exception {
    // One slot per epoch and 40 validators: one committee of 40, so selection proofs decide aggregators.
    TestChain big = new TestChain(40, 1, Duration.ofSeconds(1), 11);
    try (SimulatedBeaconNode bigNode = new SimulatedBeaconNode(big.config()).start(0)) {
      BeaconApiClient client = new BeaconApiClient(bigNode.url());
      big.at(0, 1);
      AttestationData data = AttestationData.SSZ.fromJson(
          client.get("/eth/v1/validator/attestation_data?slot=0&committee_index=0").json().get("data"));
      List<Future<Integer>> posts = new ArrayList<>();
      try (ExecutorService clients = Executors.newFixedThreadPool(16)) {
        for (long v = 0; v < 40; v++) {
          JsonNode body = Json.MAPPER.createArrayNode().add(SingleAttestation.SSZ.toJson(big.attestation(v, data)));
          posts.add(clients.submit(() -> client.publish("/eth/v2/beacon/pool/attestations", body).status()));
          posts.add(clients.submit(() -> client.publish("/eth/v2/beacon/pool/attestations", body).status()));
        }
        for (Future<Integer> post : posts) {
          assertEquals(200, post.get());
        }
      }
      DutyTally attester = bigNode.chain().summary(0).attester();
      assertEquals(40, attester.expected());
      assertEquals(40, attester.succeeded());
      assertEquals(40, big.recorded.size());
      Attestation aggregate = bigNode.chain().aggregateAttestation(0, AttestationData.SSZ.hashTreeRoot(data), 0)
          .orElseThrow();
      assertEquals(40, aggregate.aggregationBits().cardinality());
    }
  }
}
