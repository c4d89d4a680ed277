package io.phalanx.api.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.api.ApiException;
import io.phalanx.api.ValidatorApi;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.api.client.StubHttpServer;
import io.phalanx.api.json.ApiCodecs;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.ProposerPreparation;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SignedValidatorRegistrationV1;
import io.phalanx.spec.types.SignedVoluntaryExit;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.types.ValidatorRegistrationV1;
import io.phalanx.spec.types.VoluntaryExit;
import io.phalanx.spec.util.Bytes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The routes of exits, registrations (JSON and SSZ bodies) and proposer preparation: each reads the
 * whole body into the types the cluster takes, a malformed one is a 400 before the cluster is asked,
 * and the cluster's refusal reaches the client as its status and JSON error.
 */
class ExitAndRegistrationRoutesTest {
  private final List<Object> calls = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private StubHttpServer beaconNodeStub;
  private HttpBeaconNode beaconNode;
  private ValidatorApiServer server;

  /** Takes exits, registrations and preparations; refuses an exit for validator 9 as the cluster would. */
  private final ValidatorApi api = new ValidatorApi() {
    @Override
    public CompletableFuture<Void> submitVoluntaryExit(SignedVoluntaryExit partialExit) {
      if (partialExit.message().validatorIndex() == 9) {
        return CompletableFuture.failedFuture(ApiException.notFound("validator 9 is not one of this cluster's"));
      }
      calls.add(partialExit);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> registerValidators(List<SignedValidatorRegistrationV1> partialRegistrations) {
      calls.add(partialRegistrations);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> prepareBeaconProposer(List<ProposerPreparation> preparations) {
      calls.add(preparations);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<AttesterDuty.Epoch> attesterDuties(long epoch, List<Long> validatorIndices) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<AttestationData> attestationData(long slot, long committeeIndex) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> submitAttestations(List<SingleAttestation> attestations) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<List<BeaconCommitteeSelection>> beaconCommitteeSelections(
        List<BeaconCommitteeSelection> partials) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Attestation> aggregateAttestation(long slot, Bytes root, long committeeIndex) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> submitAggregateAndProofs(List<SignedAggregateAndProof> aggregates) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<List<ValidatorInfo>> validators(String stateId, List<String> ids) {
      throw new UnsupportedOperationException();
    }
  };

  @BeforeEach
  void start() throws Exception {
    beaconNodeStub = new StubHttpServer();
    beaconNode = new HttpBeaconNode(HttpBeaconNode.Config.of(beaconNodeStub.uri()));
    server = new ValidatorApiServer(ValidatorApiServerTest.config(), api, beaconNode).start();
  }

  @AfterEach
  void stop() {
    server.close();
    beaconNode.close();
    beaconNodeStub.close();
  }

  private HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static SignedValidatorRegistrationV1 registration(int i) {
    return new SignedValidatorRegistrationV1(new ValidatorRegistrationV1(Bytes.fromHex("0x" + "0a".repeat(20)),
        36_000_000, 1_700_000_000L + i, Bytes.fromHex("0x" + "b1".repeat(48))), Bytes.fromHex("0x" + "c2".repeat(96)));
  }

  @Test
  void registrationsAreReadFromJsonAndFromSsz() throws Exception {
    List<SignedValidatorRegistrationV1> sent = List.of(registration(1), registration(2));
    byte[] json = ApiCodecs.VALIDATOR_REGISTRATIONS.toJson(sent).toString()
        .getBytes(StandardCharsets.UTF_8);
    assertEquals(200, post("/eth/v1/validator/register_validator", "application/json", json).statusCode());
    byte[] ssz = Ssz.list(SignedValidatorRegistrationV1.SSZ, 1L << 40).serialize(sent);
    assertEquals(200, post("/eth/v1/validator/register_validator", "application/octet-stream", ssz).statusCode());
    assertEquals(List.of(sent, sent), calls);

    HttpResponse<String> truncated = post("/eth/v1/validator/register_validator", "application/octet-stream",
        Arrays.copyOf(ssz, ssz.length - 1));
    assertEquals(400, truncated.statusCode());
    assertTrue(truncated.body().contains("SSZ"), truncated.body());
    assertEquals(2, calls.size(), "nothing of a malformed body reached the cluster");
  }

  @Test
  void exitsAndTheClustersRefusalGoThrough() throws Exception {
    SignedVoluntaryExit exit = new SignedVoluntaryExit(new VoluntaryExit(3, 4), Bytes.fromHex("0x" + "c2".repeat(96)));
    byte[] body = SignedVoluntaryExit.SSZ.toJson(exit).toString().getBytes(StandardCharsets.UTF_8);
    assertEquals(200, post("/eth/v1/beacon/pool/voluntary_exits", "application/json", body).statusCode());
    assertEquals(List.of(exit), calls);

    SignedVoluntaryExit foreign = new SignedVoluntaryExit(new VoluntaryExit(3, 9), exit.signature());
    HttpResponse<String> refused = post("/eth/v1/beacon/pool/voluntary_exits", "application/json",
        SignedVoluntaryExit.SSZ.toJson(foreign).toString().getBytes(StandardCharsets.UTF_8));
    assertEquals(404, refused.statusCode());
    assertTrue(refused.body().contains("\"code\":404") && refused.body().contains("validator 9"), refused.body());

    HttpResponse<String> malformed = post("/eth/v1/beacon/pool/voluntary_exits", "application/json",
        "{\"message\":{\"epoch\":\"1\"}}".getBytes(StandardCharsets.UTF_8));
    assertEquals(400, malformed.statusCode());
    assertEquals(1, calls.size());
  }

  @Test
  void preparationsAreRead() throws Exception {
    byte[] body = "[{\"validator_index\":\"1\",\"fee_recipient\":\"0xabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd\"}]"
        .getBytes(StandardCharsets.UTF_8);
    assertEquals(200, post("/eth/v1/validator/prepare_beacon_proposer", "application/json", body).statusCode());
    assertEquals(List.of(List.of(new ProposerPreparation(1, Bytes.fromHex("0x" + "abcd".repeat(10))))), calls);
    HttpResponse<String> shortAddress = post("/eth/v1/validator/prepare_beacon_proposer", "application/json",
        "[{\"validator_index\":\"1\",\"fee_recipient\":\"0xabcd\"}]".getBytes(StandardCharsets.UTF_8));
    assertEquals(400, shortAddress.statusCode());
  }
}
