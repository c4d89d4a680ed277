package io.phalanx.api.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.api.ApiException;
import io.phalanx.api.ValidatorApi;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.api.client.StubHttpServer;
import io.phalanx.api.json.ApiJson;
import io.phalanx.api.json.ApiTestData;
import io.phalanx.api.json.BlockCodecs;
import io.phalanx.api.json.BlockTestData;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.ProducedBlock;
import io.phalanx.spec.api.ProposerDuty;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SignedBlindedBeaconBlock;
import io.phalanx.spec.types.SignedBlockContents;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proposal endpoints over real HTTP: JSON and SSZ both ways, the v3 headers, refusals. */
class ProposalRoutesTest {
  private final BlockTestData blocks = new BlockTestData(4);
  private final ProducedBlock full = blocks.full(33);
  private final ProducedBlock blinded = blocks.blinded(34);
  private final ApiTestData d = new ApiTestData(5);
  private final List<Object> submitted = new CopyOnWriteArrayList<>();
  private final List<String> asked = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ProposerDuty.Epoch duties = new ProposerDuty.Epoch(d.root(),
      List.of(new ProposerDuty(d.pubkey(), 4, 64), new ProposerDuty(d.pubkey(), 8, 65)));
  private StubHttpServer stub;
  private HttpBeaconNode beaconNode;
  private ValidatorApiServer server;

  private final ValidatorApi api = new ValidatorApi() {
    @Override
    public CompletableFuture<ProposerDuty.Epoch> proposerDuties(long epoch) {
      return CompletableFuture.completedFuture(duties);
    }

    @Override
    public CompletableFuture<ProducedBlock> produceBlock(long slot, Bytes randaoReveal, Optional<Bytes> graffiti,
        OptionalLong builderBoostFactor) {
      asked.add(slot + " " + randaoReveal.toHex() + " " + graffiti.map(Bytes::toHex).orElse("-") + " "
          + builderBoostFactor);
      return slot == 34 ? CompletableFuture.completedFuture(blinded) : CompletableFuture.completedFuture(full);
    }

    @Override
    public CompletableFuture<Void> submitBlock(ConsensusVersion version, SignedBlockContents block) {
      if (block.signedBlock().message().slot() == 99) {
        return CompletableFuture.failedFuture(ApiException.badRequest("the block of slot 99 is not the block the"
            + " cluster decided"));
      }
      submitted.add(block);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> submitBlindedBlock(ConsensusVersion version, SignedBlindedBeaconBlock block) {
      submitted.add(block);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<AttesterDuty.Epoch> attesterDuties(long e, List<Long> i) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<AttestationData> attestationData(long s, long c) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> submitAttestations(List<SingleAttestation> a) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<List<BeaconCommitteeSelection>> beaconCommitteeSelections(
        List<BeaconCommitteeSelection> p) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Attestation> aggregateAttestation(long s, Bytes r, long c) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> submitAggregateAndProofs(List<SignedAggregateAndProof> a) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<List<ValidatorInfo>> validators(String s, List<String> ids) {
      throw new UnsupportedOperationException();
    }
  };

  @BeforeEach
  void start() throws IOException {
    stub = new StubHttpServer();
    beaconNode = new HttpBeaconNode(HttpBeaconNode.Config.of(stub.uri()));
    server = new ValidatorApiServer(ValidatorApiServer.Config.of("test")
        .withBindAddress(new InetSocketAddress("127.0.0.1", 0)), api, beaconNode).start();
  }

  @AfterEach
  void stop() {
    server.close();
    beaconNode.close();
    stub.close();
    http.close();
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpRequest.Builder request(String target) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + target));
  }

  @Test
  void proposerDutiesCarryTheDependentRoot() throws Exception {
    HttpResponse<byte[]> r = send(request("/eth/v1/validator/duties/proposer/2").GET());
    assertEquals(200, r.statusCode());
    JsonNode json = ApiJson.parse(r.body());
    assertEquals(duties.dependentRoot().toHex(), json.get("dependent_root").textValue());
    assertEquals(duties.duties(), BlockCodecs.PROPOSER_DUTIES.fromJson(json.get("data")));
  }

  @Test
  void v3AnswersJsonWithTheHeadersOfTheDecidedBlock() throws Exception {
    Bytes randao = d.signature();
    Bytes graffiti = d.root();
    HttpResponse<byte[]> r = send(request("/eth/v3/validator/blocks/33?randao_reveal=" + randao.toHex()
        + "&graffiti=" + graffiti.toHex() + "&builder_boost_factor=0").GET());
    assertEquals(200, r.statusCode(), new String(r.body()));
    assertEquals("fulu", r.headers().firstValue("Eth-Consensus-Version").orElseThrow());
    assertEquals("false", r.headers().firstValue("Eth-Execution-Payload-Blinded").orElseThrow());
    assertEquals("12345", r.headers().firstValue("Eth-Execution-Payload-Value").orElseThrow());
    assertEquals("678", r.headers().firstValue("Eth-Consensus-Block-Value").orElseThrow());
    assertEquals(full, BlockCodecs.producedBlockFromJson(ApiJson.parse(r.body())));
    assertEquals(List.of("33 " + randao.toHex() + " " + graffiti.toHex() + " OptionalLong[0]"), asked);
  }

  @Test
  void v3AnswersSszWhenAsked() throws Exception {
    HttpResponse<byte[]> r = send(request("/eth/v3/validator/blocks/34?randao_reveal=" + d.signature().toHex())
        .header("Accept", "application/octet-stream;q=1, application/json;q=0.9").GET());
    assertEquals(200, r.statusCode());
    assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("true", r.headers().firstValue("Eth-Execution-Payload-Blinded").orElseThrow());
    assertArrayEquals(blinded.block().toArray(), r.body());
    assertEquals(blinded, BlockCodecs.producedBlockFromSsz(r.body(), r.headers()::firstValue));
  }

  @Test
  void signedBlocksArriveAsJsonOrSsz() throws Exception {
    SignedBlockContents signed = SignedBlockContents.of(full.contents(), d.signature());
    HttpResponse<byte[]> json = send(request("/eth/v2/beacon/blocks?broadcast_validation=gossip")
        .header("Content-Type", "application/json").header("Eth-Consensus-Version", "fulu")
        .POST(HttpRequest.BodyPublishers.ofByteArray(ApiJson.write(BlockCodecs.signedBlockJson(ConsensusVersion.FULU,
            signed)))));
    assertEquals(200, json.statusCode(), new String(json.body()));
    SignedBlindedBeaconBlock signedBlinded = new SignedBlindedBeaconBlock(blinded.blindedBlock(), d.signature());
    HttpResponse<byte[]> ssz = send(request("/eth/v2/beacon/blinded_blocks")
        .header("Content-Type", "application/octet-stream").header("Eth-Consensus-Version", "electra")
        .POST(HttpRequest.BodyPublishers.ofByteArray(
            ConsensusVersion.ELECTRA.signedBlindedBeaconBlockSchema().serialize(signedBlinded))));
    assertEquals(200, ssz.statusCode(), new String(ssz.body()));
    assertEquals(List.of(signed, signedBlinded), submitted);
  }

  @Test
  void badRequestsAreRefusedWithTheReason() throws Exception {
    assertRefused(send(request("/eth/v3/validator/blocks/33").GET()), 400, "randao_reveal");
    assertRefused(send(request("/eth/v3/validator/blocks/33?randao_reveal=0x12").GET()), 400, "randao_reveal");
    assertRefused(send(request("/eth/v3/validator/blocks/33?randao_reveal=" + d.signature().toHex()
        + "&skip_randao_verification").GET()), 400, "skip_randao_verification");
    byte[] body = ApiJson.write(BlockCodecs.signedBlockJson(ConsensusVersion.FULU,
        SignedBlockContents.of(full.contents(), d.signature())));
    assertRefused(send(request("/eth/v2/beacon/blocks").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))), 400, "Eth-Consensus-Version");
    assertRefused(send(request("/eth/v2/beacon/blocks?broadcast_validation=maybe")
        .header("Eth-Consensus-Version", "fulu").POST(HttpRequest.BodyPublishers.ofByteArray(body))), 400,
        "broadcast_validation");
    assertRefused(send(request("/eth/v2/beacon/blocks").header("Eth-Consensus-Version", "fulu")
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3}))), 400, "invalid SSZ");
    SignedBlockContents undecided = SignedBlockContents.of(blocks.full(99).contents(), d.signature());
    assertRefused(send(request("/eth/v2/beacon/blocks").header("Eth-Consensus-Version", "fulu")
        .POST(HttpRequest.BodyPublishers.ofByteArray(ApiJson.write(BlockCodecs.signedBlockJson(ConsensusVersion.FULU,
            undecided))))), 400, "not the block the cluster decided");
    assertTrue(submitted.isEmpty());
  }

  private static void assertRefused(HttpResponse<byte[]> r, int status, String part) {
    assertEquals(status, r.statusCode(), new String(r.body()));
    JsonNode json = ApiJson.parse(r.body());
    assertEquals(status, json.get("code").intValue());
    assertTrue(json.get("message").textValue().contains(part), json.get("message").textValue());
  }
}
