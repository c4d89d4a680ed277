package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.ForwardingBeaconNode;
import io.phalanx.api.capture.CapturedExchange;
import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.api.json.ApiCodecs;
import io.phalanx.api.json.ApiJson;
import io.phalanx.api.json.BlockCodecs;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.duties.SignedMessages;
import io.phalanx.it.conformance.BeaconApiConformance;
import io.phalanx.it.conformance.ExchangeRecorder;
import io.phalanx.node.runtime.PhalanxNode;
import io.phalanx.sim.Simnet;
import io.phalanx.sim.SimnetOptions;
import io.phalanx.sim.chain.DutyTally;
import io.phalanx.sim.chain.JsonLinesRecorder;
import io.phalanx.sim.chain.RecordedMessage;
import io.phalanx.sim.chain.SimulatedBeaconNode;
import io.phalanx.sim.chain.SimulatedChain;
import io.phalanx.sim.chain.Summary;
import io.phalanx.sim.vc.CallPattern;
import io.phalanx.sim.vc.CallPatterns;
import io.phalanx.sim.vc.ClientCounters;
import io.phalanx.sim.vc.SimulatedValidatorClient;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.testing.TestBlocks;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.BeaconBlock;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.SignedBeaconBlock;
import io.phalanx.spec.types.SignedBlockContents;
import io.phalanx.spec.types.SignedValidatorRegistrationV1;
import io.phalanx.spec.types.SignedVoluntaryExit;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.types.ValidatorRegistrationV1;
import io.phalanx.spec.types.VoluntaryExit;
import io.phalanx.spec.util.Bytes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The suite's one run of a whole healthy cluster, shared by every check that needs all nodes up:
 * 4 Phalanx nodes (threshold 3) on real sockets with real Raft, gRPC and HTTP, their simulated
 * validator clients calling as four different clients do ({@link #MIX}), a second client on node 0
 * with the same shares (active/active), a chain that forks from Electra to Fulu at epoch 2, blocks
 * full or blinded as each beacon node's builder bids, three voluntary exits, and every
 * exchange of every validator API and beacon node recorded. While it runs, the steps of order 1 to
 * 3 send the nodes what an honest client never would; the run then ends and each later step checks
 * one thing of it. Epoch 0 is the start-up; the chain's books are checked from epoch 1. Its name
 * puts it after most cluster classes in the suite's alphabetical order, in a JVM they have warmed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedClusterRunTest {
  static final Duration SLOT = Duration.ofSeconds(2);
  static final int SLOTS_PER_EPOCH = 4;
  static final int EPOCHS = 4;
  static final int VALIDATORS = 8;
  static final long FULU_FORK_EPOCH = 2;
  /**
   * The presets of this run's clients, node 0 first; the one-node-down run covers the others. Node
   * 0, which runs two clients, calls as Lighthouse does, which sends each selection once, so the
   * partials its own clients sent twice are the second client's.
   */
  static final String MIX = "0=lighthouse,1=teku,2=nimbus,3=prysm";
  /** Client counters are checked from here: a cold client's first per-epoch step runs in epoch 1. */
  static final int FIRST_CLIENT_CHECKED_EPOCH = 2;
  /** Exits the clients are asked for, validator to epoch: one long past, one just past, one to come. */
  static final Map<Long, Long> EXITS = Map.of(1L, 0L, 2L, 1L, 4L, 2L);
  /** Requests the test itself sends carry this header, so the conformance check can tell them. */
  static final String PROBE_HEADER = "X-Phalanx-Test-Probe";

  /**
   * Operations the run must exercise, one a line: a duty added to the simulated validator client
   * adds its endpoints here.
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

  private final StringWriter out = new StringWriter();
  private final Wiring wiring = new Wiring();
  private final HttpClient http = HttpClient.newHttpClient();
  private Path dir;
  private Simnet simnet;
  private SimulatedChain chain;

  /** Records every exchange (conformance) and what each of node 0's clients was served. */
  static final class Wiring implements Simnet.Wiring {
    final ExchangeRecorder exchanges = new ExchangeRecorder();
    final Map<Integer, Map<Asked, AttestationData>> servedByClient = new ConcurrentHashMap<>();

    @Override
    public void beaconNodeStarted(int node, int bn, SimulatedBeaconNode beaconNode) {
      exchanges.beaconNodeStarted(node, bn, beaconNode);
    }

    @Override
    public void nodeStarted(int node, PhalanxNode phalanxNode) {
      exchanges.nodeStarted(node, phalanxNode);
    }

    @Override
    public BeaconNode validatorApiSeenBy(int node, int client, BeaconNode validatorApi) {
      if (node != 0) {
        return validatorApi;
      }
      return new AttestationDataRecorder(validatorApi,
          servedByClient.computeIfAbsent(client, c -> new ConcurrentHashMap<>()));
    }
  }

  /** One attestation-data request: the slot and committee a client asked for. */
  record Asked(long slot, long committee) {}

  @BeforeAll
  void startTheRun() throws Exception {
    dir = Files.createTempDirectory("all-nodes-up");
    SimnetOptions options = SimnetOptions.builder(4, 3, VALIDATORS, SLOT, SLOTS_PER_EPOCH)
        .epochs(OptionalLong.of(EPOCHS))
        .json(Optional.of(dir.resolve("summary.json")))
        .record(Optional.of(dir.resolve("record.jsonl")))
        .extraValidatorClients(List.of(0))
        .fuluForkEpoch(FULU_FORK_EPOCH)
        .build();
    simnet = new Simnet(options, new PrintWriter(out, true), wiring).withCallPatterns(CallPatterns.parse(MIX));
    EXITS.forEach(simnet::requestExit);
    simnet.start();
    chain = simnet.chain();
  }

  @AfterAll
  void stopTheRun() throws Exception {
    if (simnet != null) {
      simnet.close();
    }
  }

  /**
   * Validator 0's share on node 0 signs another root than the one decided, validly: only the root is
   * wrong. The node refuses it with a 400 naming the root, and nothing of it reaches the chain
   * (checked once the run is over).
   */
  @Test
  @Order(1)
  void aSyncMessageOverARootTheClusterDidNotDecideIsRefused() throws Exception {
    long slot = SLOTS_PER_EPOCH + 1;
    while (simnet.clock().currentSlot() < slot
        || simnet.clock().clock().instant().isBefore(simnet.clock().slotFraction(slot, 1, 3))) {
      Thread.sleep(20);
    }
    URI api = simnet.node(0).validatorApiUrl();
    HttpResponse<String> head = http.send(probe(api.resolve("/eth/v1/beacon/blocks/head/root")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, head.statusCode(), head.body());
    Bytes decided = Bytes.fromHex(ApiJson.parse(head.body().getBytes(StandardCharsets.UTF_8))
        .get("data").get("root").asText());
    assertEquals(chain.blockRoot(Long.toString(slot)), decided, "the decided root is the chain's head of the slot");

    byte[] other = decided.toArray();
    other[0] ^= 1;
    Bytes wrongRoot = Bytes.of(other);
    SignedMessages messages = new SignedMessages(chain.forks(), chain.config().genesisValidatorsRoot(),
        SLOTS_PER_EPOCH);
    BlsSecretKey share = simnet.cluster().sharesByNode().get(0).get(0);
    SyncCommitteeMessage bad = new SyncCommitteeMessage(slot, wrongRoot, 0,
        share.sign(messages.syncCommitteeMessageRoot(slot, wrongRoot)).toBytes());
    HttpResponse<String> refused = http.send(probe(api.resolve("/eth/v1/beacon/pool/sync_committees"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(ApiCodecs.SYNC_COMMITTEE_MESSAGES.toJson(List.of(bad)).toString()))
        .build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(400, refused.statusCode(), refused.body());
    JsonNode error = ApiJson.parse(refused.body().getBytes(StandardCharsets.UTF_8));
    assertEquals(400, error.get("code").asInt());
    assertTrue(error.get("message").asText().contains("not the head block root the cluster decided"),
        error.toString());
    assertTrue(error.get("message").asText().contains(wrongRoot.toHex()), "names the root: " + error);
  }

  /** A validator client's partial signature over a block the cluster did not decide: a 400 that says so. */
  @Test
  @Order(2)
  void aBlockPartialForABlockTheClusterDidNotDecideIsRefused() throws Exception {
    long slot = FULU_FORK_EPOCH * SLOTS_PER_EPOCH + 1;
    ClusterChecks.awaitSlot(simnet, slot);
    BeaconBlock block = new TestBlocks(slot).block(slot, chain.proposer(slot));
    byte[] body = ApiJson.write(BlockCodecs.signedBlockJson(ConsensusVersion.FULU,
        new SignedBlockContents(new SignedBeaconBlock(block, Bytes.zero(96)), List.of(), List.of())));
    URI api = simnet.node(0).validatorApiUrl();
    HttpResponse<String> answer = http.send(probe(api.resolve("/eth/v2/beacon/blocks"))
        .header("Content-Type", "application/json").header("Eth-Consensus-Version", "fulu")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(400, answer.statusCode(), answer.body());
    JsonNode error = ApiJson.parse(answer.body().getBytes(StandardCharsets.UTF_8));
    assertTrue(error.get("message").textValue().contains("is not the block the cluster decided"), answer.body());
  }

  /**
   * Once the requested exits are on chain and every validator registered: attester duties through
   * the node carry the beacon node's dependent root and the node's share keys; an exit for a
   * validator the cluster does not have and a registration with a fee recipient that is not the
   * lock's are refused with a 4xx naming the problem and a log line; nothing of them is combined or
   * reaches the chain.
   */
  @Test
  @Order(3)
  void badExitsAndRegistrationsAreRefusedAndNothingIsCombined() throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline && (chain.registration(VALIDATORS - 1).isEmpty()
        || EXITS.keySet().stream().anyMatch(v -> chain.exitEpoch(v).isEmpty()))) {
      Thread.sleep(100);
    }
    assertTrue(chain.registration(VALIDATORS - 1).isPresent(), "every validator registered\n" + out);
    EXITS.keySet().forEach(v -> assertTrue(chain.exitEpoch(v).isPresent(), "validator " + v + "'s exit\n" + out));

    BlsSecretKey share = simnet.cluster().sharesByNode().get(0).get(3);
    DistributedValidator v = simnet.cluster().lock().content().validators().get(3);
    Bytes gvr = chain.genesis().genesisValidatorsRoot();
    Bytes version = chain.genesis().genesisForkVersion();
    URI api = simnet.node(0).validatorApiUrl();
    try (HttpBeaconNode node = new HttpBeaconNode(HttpBeaconNode.Config.of(api))) {
      long next = simnet.clock().currentEpoch() + 1;
      AttesterDuty.Epoch duties = node.attesterDuties(next, List.of(3L)).get(10, TimeUnit.SECONDS);
      assertEquals(chain.attesterDutiesDependentRoot(next), duties.dependentRoot(), "dependent root of epoch " + next);
      assertEquals(List.of(share.publicKey().toBytes()), duties.duties().stream().map(AttesterDuty::pubkey).toList());
    }
    long exitsBefore = chain.summary().voluntaryExit().succeeded();
    try (LogCapture logs = LogCapture.begin()) {
      refuseAnUnknownExitAndAForeignFeeRecipient(logs, api, share, v, gvr, version);
    }
    // A slot later: no exit for validator 99 combined or on chain, no further exit at all (the
    // requested ones are all on chain already), and the registration is still the lock's.
    Thread.sleep(SLOT.toMillis());
    assertEquals(Optional.empty(), chain.exitEpoch(99));
    assertEquals(exitsBefore, chain.summary().voluntaryExit().succeeded(), "no exit combined since the refusal");
    assertEquals(v.feeRecipient(), chain.registration(3).orElseThrow().feeRecipient());
  }

  private void refuseAnUnknownExitAndAForeignFeeRecipient(LogCapture logs, URI api, BlsSecretKey share,
      DistributedValidator v, Bytes gvr, Bytes version) throws Exception {

    VoluntaryExit unknown = new VoluntaryExit(0, 99);
    Bytes exitRoot = SigningRoots.computeSigningRoot(VoluntaryExit.SSZ, unknown,
        SigningRoots.voluntaryExitDomain(version, gvr));
    HttpResponse<String> exitRefused = post(api.resolve("/eth/v1/beacon/pool/voluntary_exits"),
        ApiCodecs.VOLUNTARY_EXIT.toJson(new SignedVoluntaryExit(unknown, share.sign(exitRoot).toBytes())));
    assertEquals(404, exitRefused.statusCode(), exitRefused.body());
    assertTrue(exitRefused.body().contains("validator 99 is not one of this cluster's validators"), exitRefused.body());

    Bytes wrong = Bytes.fromHex("0x" + "ab".repeat(20));
    ValidatorRegistrationV1 message = new ValidatorRegistrationV1(wrong, 30_000_000, chain.genesis().genesisTime(),
        v.groupPublicKey().toBytes());
    Bytes registrationRoot = SigningRoots.validatorRegistrationSigningRoot(message, version);
    HttpResponse<String> registrationRefused = post(api.resolve("/eth/v1/validator/register_validator"),
        ApiCodecs.VALIDATOR_REGISTRATIONS.toJson(
            List.of(new SignedValidatorRegistrationV1(message, share.sign(registrationRoot).toBytes()))));
    assertEquals(400, registrationRefused.statusCode(), registrationRefused.body());
    String text = registrationRefused.body().toLowerCase(Locale.ROOT);
    assertTrue(text.contains(v.groupPublicKey().toHex()) && text.contains("ab".repeat(20))
        && text.contains(v.feeRecipient().toHex().substring(2)), registrationRefused.body());

    assertTrue(logs.text().contains("voluntary exit refused: validator 99"), "a log line for the exit");
    assertTrue(logs.text().contains("fee recipient") && logs.text().contains("the cluster lock says"),
        "a log line for the registration");
  }

  @Test
  @Order(4)
  void theRunEndsAtItsLastEpoch() throws Exception {
    simnet.awaitEnd();
    simnet.finish();
    assertEquals(EPOCHS, simnet.epochReports().size(), "one report per epoch\n" + out);
  }

  /**
   * Every duty a validator has, in each epoch after start-up, aggregated and verified against the
   * group keys by the simulated chain: attestations, aggregations, a block in every slot, sync
   * committee messages and contributions, and a builder registration of every validator each epoch.
   */
  @Test
  @Order(5)
  void everyDutyOfEveryEpochAfterStartUpIsDone() {
    String log = out.toString();
    ClusterChecks.assertAllSucceeded(simnet, 1, EPOCHS - 1, log);
    ClusterChecks.assertEveryProposal(chain, SLOTS_PER_EPOCH, 1, EPOCHS - 1, log);
    ClusterChecks.assertSyncDutiesComplete(simnet, 1, EPOCHS - 1, log);
    ClusterChecks.assertRegistrations(simnet, VALIDATORS, 1, EPOCHS - 1, log);
  }

  /** The nodes and clients take the fork schedule from the beacon node's spec and sign under each fork. */
  @Test
  @Order(5)
  void theChainForksFromElectraToFuluAndTheNodesFollow() {
    assertEquals(ConsensusVersion.ELECTRA, chain.consensusVersionAtSlot(FULU_FORK_EPOCH * SLOTS_PER_EPOCH - 1));
    assertEquals(ConsensusVersion.FULU, chain.consensusVersionAtSlot(FULU_FORK_EPOCH * SLOTS_PER_EPOCH));
    assertTrue(out.toString().contains("forks: genesis@0, altair@0, bellatrix@0, capella@0, deneb@0, electra@0, fulu@2"),
        out.toString());
  }

  /** No validator ever signed two different messages of one kind for one slot, nor a slashable pair. */
  @Test
  @Order(5)
  void nothingSlashableAndNoConflictingMessage() throws Exception {
    ClusterChecks.assertNothingSlashable(simnet, dir.resolve("record.jsonl"));
    JsonLinesRecorder.Recording recording = JsonLinesRecorder.read(dir.resolve("record.jsonl"));
    assertEquals(List.of(), ClusterChecks.repeated(recording), "a validator with two messages of one kind for one slot");
    assertEquals(0, chain.doubleProposals(), "double proposals\n" + out);
  }

  /** Blocks in both forms, as each beacon node's builder bids, and the table shows the proposals. */
  @Test
  @Order(5)
  void blocksAreProposedFullAndBlinded() {
    Map<String, Long> forms = chain.blockForms();
    assertTrue(forms.get("full") > 0, "full blocks: " + forms);
    assertTrue(forms.get("blinded") > 0, "blinded blocks, as the builder bids on even slots: " + forms);
    assertTrue(out.toString().contains("proposer ok/expected"), out.toString());
  }

  @Test
  @Order(5)
  void noSyncMessageOverAWrongRootReachedTheChainAndTheRecordHoldsSyncDuties() throws Exception {
    Summary total = chain.summary();
    assertEquals(Optional.empty(), Optional.ofNullable(total.syncMessage().refused().get("wrong block root")),
        "no message over the wrong root reached the chain: " + total.syncMessage());
    assertEquals(0, total.syncMessage().refusedCount(), total.syncMessage().toString());
    JsonLinesRecorder.Recording recording = JsonLinesRecorder.read(dir.resolve("record.jsonl"));
    assertTrue(recording.messages().stream().anyMatch(m -> m.type().equals(RecordedMessage.SYNC_COMMITTEE_MESSAGE)),
        "the record file holds sync committee messages");
    assertTrue(recording.messages().stream().anyMatch(m -> m.type().equals(RecordedMessage.CONTRIBUTION_AND_PROOF)),
        "the record file holds contribution-and-proofs");
    JsonNode duties = simnet.summaryJson().get("duties");
    assertTrue(duties.get("sync_message").get("succeeded").asLong() > 0, duties.toString());
    assertTrue(duties.get("sync_contribution").get("succeeded").asLong() > 0, duties.toString());
  }

  /**
   * The exits the clients were asked for, each combined once and accepted in its own domain; no
   * other; every validator's registration and prepared fee recipient are the lock's.
   */
  @Test
  @Order(5)
  void theRequestedExitsAndTheLocksRegistrationsAreOnChain() throws Exception {
    String log = out.toString();
    for (int v = 0; v < VALIDATORS; v++) {
      assertEquals(Optional.ofNullable(EXITS.get((long) v)), chain.exitEpoch(v), "exit of validator " + v + "\n" + log);
    }
    long exits = 0;
    for (long e = 0; e < EPOCHS; e++) {
      exits += chain.summary(e).voluntaryExit().succeeded();
      assertEquals(0, chain.summary(e).voluntaryExit().refusedCount(), chain.summary(e).toString());
    }
    assertEquals(EXITS.size(), exits, "exits counted by the chain");
    List<DistributedValidator> validators = simnet.cluster().lock().content().validators();
    for (int v = 0; v < VALIDATORS; v++) {
      Bytes lockFeeRecipient = validators.get(v).feeRecipient();
      assertEquals(Optional.of(lockFeeRecipient), chain.preparedFeeRecipient(v), "prepared fee recipient of " + v);
      ValidatorRegistrationV1 registered = chain.registration(v).orElseThrow();
      assertEquals(lockFeeRecipient, registered.feeRecipient());
      assertEquals(validators.get(v).groupPublicKey().toBytes(), registered.pubkey());
    }
    assertTrue(simnet.summaryJson().at("/duties/voluntary_exit/succeeded").isNumber(), simnet.summaryJson().toString());
    assertTrue(simnet.summaryJson().at("/duties/builder_registration/succeeded").isNumber(),
        simnet.summaryJson().toString());
    assertTrue(log.contains("exits  registrations"), log);
    JsonLinesRecorder.Recording recording = JsonLinesRecorder.read(dir.resolve("record.jsonl"));
    assertEquals(EXITS.size(),
        recording.messages().stream().filter(m -> m.type().equals(RecordedMessage.VOLUNTARY_EXIT)).count());
    assertTrue(recording.messages().stream().filter(m -> m.type().equals(RecordedMessage.VALIDATOR_REGISTRATION))
        .count() >= 2L * VALIDATORS);
  }

  /**
   * The chain alone could not tell a broken call pattern (three nodes' partials suffice), so each
   * client's own counters must show every duty submitted and none failed.
   */
  @Test
  @Order(5)
  void everyClientDidEveryDutyUnderItsCallPattern() {
    ClusterChecks.everyClientDidEveryDuty(simnet, List.of(0, 1, 2, 3), FIRST_CLIENT_CHECKED_EPOCH * SLOTS_PER_EPOCH,
        (long) EPOCHS * SLOTS_PER_EPOCH, out.toString());
  }

  /** This run's mix and the one-node-down run's cover every preset. */
  @Test
  @Order(5)
  void theMixesOfTheClusterRunsCoverEveryPreset() {
    Set<String> covered = new HashSet<>();
    CallPatterns mine = CallPatterns.parse(MIX);
    CallPatterns oneNodeDown = CallPatterns.parse(SimnetClusterTest.MIX);
    IntStream.range(0, 4).forEach(node -> covered.add(mine.of(node).name()));
    IntStream.range(0, 4).filter(node -> node != SimnetClusterTest.DOWN)
        .forEach(node -> covered.add(oneNodeDown.of(node).name()));
    assertEquals(Set.copyOf(Arrays.stream(CallPattern.all()).map(CallPattern::name).toList()), covered);
  }

  /**
   * Node 0 runs two validator clients with the same shares, as operators run them active/active:
   * every duty succeeds as with one, both were served the same decided data, node 0 counts the
   * second client's identical partials once, and the chain took what the clients were served.
   */
  @Test
  @Order(5)
  void twoClientsOnOneNodeAreServedTheSameDataAndCountedOnce() throws Exception {
    String log = out.toString();
    List<SimulatedValidatorClient> clients = simnet.validatorClients(0);
    assertEquals(2, clients.size(), "node 0 runs two validator clients");
    assertEquals(1, simnet.validatorClients(1).size(), "node 1 runs one");
    long firstSlot = SLOTS_PER_EPOCH;
    long endSlot = (long) EPOCHS * SLOTS_PER_EPOCH;
    for (SimulatedValidatorClient client : clients) {
      ClientCounters counters = client.counters();
      for (long slot = firstSlot; slot < endSlot; slot++) {
        assertTrue(counters.at(slot, DutyType.ATTESTER).submitted() > 0, "attestations at slot " + slot + ": "
            + counters.at(slot, DutyType.ATTESTER) + "\n" + log);
        assertEquals(Map.of(), counters.at(slot, DutyType.ATTESTER).failed(), "slot " + slot + "\n" + log);
        assertEquals(Map.of(), counters.at(slot, DutyType.AGGREGATOR).failed(), "slot " + slot + "\n" + log);
      }
    }
    Map<Asked, AttestationData> first = inSlots(wiring.servedByClient.get(0), firstSlot, endSlot);
    Map<Asked, AttestationData> second = inSlots(wiring.servedByClient.get(1), firstSlot, endSlot);
    assertEquals(endSlot - firstSlot, first.keySet().stream().map(Asked::slot).distinct().count(),
        "the first client asked for data in every slot: " + first.keySet());
    assertEquals(first, second, "both clients were served the same decided attestation data");

    JsonLinesRecorder.Recording recording = JsonLinesRecorder.read(dir.resolve("record.jsonl"));
    Map<Long, Set<AttestationData>> published = new HashMap<>();
    long aggregates = 0;
    for (RecordedMessage m : recording.messages()) {
      if (m.type().equals(RecordedMessage.ATTESTATION)) {
        published.computeIfAbsent(m.slot(), s -> new HashSet<>()).add(SingleAttestation.SSZ.fromJson(m.message()).data());
      } else if (m.type().equals(RecordedMessage.AGGREGATE_AND_PROOF) && m.slot() >= firstSlot) {
        aggregates++;
      }
    }
    assertTrue(aggregates > 0, "aggregates after start-up in the record file");
    first.forEach((asked, data) -> assertEquals(Set.of(data), published.get(asked.slot()),
        "what the chain took at slot " + asked.slot() + " is what the clients were served"));

    long duplicates = simnet.node(0).partialSignatures().duplicateOwnPartials();
    long attesterDuties = 0;
    for (long e = 1; e < EPOCHS; e++) {
      attesterDuties += chain.summary(e).attester().expected();
    }
    long fewestSubmitted = clients.stream().mapToLong(SharedClusterRunTest::submittedMessages).min().orElseThrow();
    assertTrue(duplicates >= attesterDuties, "duplicates " + duplicates + " cover at least the " + attesterDuties
        + " attestations after start-up\n" + log);
    assertTrue(duplicates <= fewestSubmitted, "duplicates " + duplicates + " no more than either client submitted ("
        + fewestSubmitted + ")");
  }

  /**
   * Every exchange of every validator API and simulated beacon node, across both forks, checked
   * against the beacon-API OpenAPI document: not one violation, and every operation the duties need
   * was exercised. The requests this test sent on purpose are left out: they are not what a client
   * sends.
   */
  @Test
  @Order(5)
  void everyExchangeConformsToTheBeaconApi() throws Exception {
    BeaconApiConformance spec = BeaconApiConformance.fromSharedVectors();
    List<CapturedExchange> exchanges = wiring.exchanges.exchanges().stream()
        .filter(x -> x.requestHeader(PROBE_HEADER).isEmpty()).toList();
    assertTrue(exchanges.size() > 100, "exchanges recorded: " + exchanges.size());
    assertTrue(exchanges.stream().anyMatch(x -> x.server().startsWith("validator API"))
        && exchanges.stream().anyMatch(x -> x.server().startsWith("http://")), "both sides recorded");
    assertTrue(exchanges.stream().anyMatch(x -> x.requestHeader("Content-Type")
        .filter(t -> t.startsWith("application/octet-stream")).isPresent()), "SSZ bodies among them");

    List<BeaconApiConformance.Violation> violations = spec.check(exchanges);
    assertEquals("", violations.stream().limit(40).map(Object::toString).collect(Collectors.joining("\n")),
        violations.size() + " violations in " + exchanges.size() + " exchanges");

    Set<String> exercised = BeaconApiConformance.exercised(spec, exchanges);
    Set<String> missing = new TreeSet<>(REQUIRED_OPERATIONS);
    missing.removeAll(exercised);
    assertEquals(Set.of(), missing, "operations not exercised; exercised: " + exercised);
    REQUIRED_OPERATIONS.forEach(op -> assertTrue(spec.operations().containsKey(op), op + " is an operation"));
  }

  private HttpRequest.Builder probe(URI uri) {
    return HttpRequest.newBuilder(uri).header(PROBE_HEADER, "1");
  }

  private HttpResponse<String> post(URI uri, JsonNode body) throws Exception {
    return http.send(probe(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The partial signatures a client sent: a block proposal is two (its RANDAO reveal and the block). */
  private static long submittedMessages(SimulatedValidatorClient client) {
    ClientCounters counters = client.counters();
    return Stream.of(DutyType.ATTESTER, DutyType.SELECTION_PROOF, DutyType.AGGREGATOR, DutyType.BUILDER_REGISTRATION,
        DutyType.SYNC_MESSAGE, DutyType.SYNC_SELECTION_PROOF, DutyType.SYNC_CONTRIBUTION, DutyType.VOLUNTARY_EXIT)
        .mapToLong(type -> counters.total(type).submitted()).sum() + 2 * counters.total(DutyType.PROPOSER).submitted();
  }

  private static Map<Asked, AttestationData> inSlots(Map<Asked, AttestationData> served, long from, long to) {
    assertNotNull(served, "the client asked for attestation data");
    Map<Asked, AttestationData> within = new TreeMap<>(
        Comparator.comparingLong(Asked::slot).thenComparingLong(Asked::committee));
    served.forEach((asked, data) -> {
      if (asked.slot() >= from && asked.slot() < to) {
        within.put(asked, data);
      }
    });
    return within;
  }

  /** Passes every call on, and notes the attestation data each request was answered with. */
  private static final class AttestationDataRecorder extends ForwardingBeaconNode {
    private final Map<Asked, AttestationData> served;

    AttestationDataRecorder(BeaconNode api, Map<Asked, AttestationData> served) {
      super(api);
      this.served = served;
    }

    @Override
    public CompletableFuture<AttestationData> attestationData(long slot, long committeeIndex) {
      return delegate().attestationData(slot, committeeIndex).thenApply(data -> {
        served.put(new Asked(slot, committeeIndex), data);
        return data;
      });
    }
  }
}
