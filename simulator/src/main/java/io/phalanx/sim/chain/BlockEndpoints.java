package io.phalanx.sim.chain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.phalanx.api.ApiException;
import io.phalanx.api.json.BlockCodecs;
import io.phalanx.api.server.Router;
import io.phalanx.sim.chain.Endpoint.Handler;
import io.phalanx.sim.chain.Endpoint.Request;
import io.phalanx.sim.chain.Endpoint.Response;
import io.phalanx.spec.api.ProducedBlock;
import io.phalanx.spec.api.ProposerDuty;
import io.phalanx.spec.ssz.SszType;
import io.phalanx.spec.types.BeaconBlock;
import io.phalanx.spec.types.BlindedBeaconBlock;
import io.phalanx.spec.types.BlockContents;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.ExecutionPayload;
import io.phalanx.spec.types.SignedBeaconBlock;
import io.phalanx.spec.types.SignedBlindedBeaconBlock;
import io.phalanx.spec.types.SignedBlockContents;
import io.phalanx.spec.util.Bytes;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One simulated beacon node's block endpoints, with a simulated builder: {@code GET
 * /eth/v3/validator/blocks/{slot}} answers a blinded block when the builder's bid, times
 * builder_boost_factor / 100, beats the local payload's value, else the full block; the builder
 * bids 1.5 times the local value on even slots and half of it on odd ones. The payload of each
 * blinded block is kept here, so publishing it unblinds it; a blinded block this beacon node did
 * not build is refused, as a real one's builder would not know it.
 */
final class BlockEndpoints {

  private final SimulatedChain chain;
  /** Payloads of the blinded blocks built here, by block root. */
  private final Map<Bytes, ExecutionPayload> keptPayloads = new ConcurrentHashMap<>();

  BlockEndpoints(SimulatedChain chain) {
    this.chain = chain;
  }

  Router<Handler> register(Router<Handler> router) {
    return router
        .route("GET", "/eth/v1/validator/duties/proposer/{epoch}", this::proposerDuties)
        .route("GET", "/eth/v3/validator/blocks/{slot}", this::produceBlock)
        .route("POST", "/eth/v2/beacon/blocks", this::publishBlock)
        .route("POST", "/eth/v2/beacon/blinded_blocks", this::publishBlindedBlock);
  }

  private Response proposerDuties(Request request) {
    long epoch = BeaconApiIds.parseUint64(request.path("epoch"), "epoch");
    ArrayNode data = JsonNodeFactory.instance.arrayNode();
    for (ProposerDuty duty : chain.proposerDuties(epoch)) {
      data.add(ProposerDuty.SSZ.toJson(duty));
    }
    return Response.data(data, Map.of("dependent_root", chain.attesterDutiesDependentRoot(epoch).toHex(),
        "execution_optimistic", false));
  }

  /** The builder's bid for {@code slot}'s payload, in Wei. */
  static BigInteger builderBid(long slot) {
    return slot % 2 == 0
        ? Blocks.LOCAL_PAYLOAD_VALUE.multiply(BigInteger.valueOf(3)).divide(BigInteger.TWO)
        : Blocks.LOCAL_PAYLOAD_VALUE.divide(BigInteger.TWO);
  }

  private Response produceBlock(Request request) {
    long slot = BeaconApiIds.parseUint64(request.path("slot"), "slot");
    Bytes randao = hex(request.requiredQuery("randao_reveal"), 96, "randao_reveal");
    List<String> graffitiValues = request.query().getOrDefault("graffiti", List.of());
    Bytes graffiti = graffitiValues.isEmpty() ? Bytes.zero(32) : hex(graffitiValues.getFirst(), 32, "graffiti");
    List<String> boostValues = request.query().getOrDefault("builder_boost_factor", List.of());
    BigInteger boost = boostValues.isEmpty() ? BigInteger.valueOf(100)
        : BigInteger.valueOf(BeaconApiIds.parseUint64(boostValues.getFirst(), "builder_boost_factor"));
    BigInteger bid = builderBid(slot);
    boolean useBuilder = bid.multiply(boost).compareTo(Blocks.LOCAL_PAYLOAD_VALUE.multiply(BigInteger.valueOf(100))) > 0;
    int blobs = useBuilder ? 0 : chain.blobsPerBlock();
    BeaconBlock block = chain.buildBlock(slot, randao, graffiti, Blobs.commitments(slot, blobs));
    ProducedBlock produced;
    if (useBuilder) {
      BlindedBeaconBlock blinded = BlindedBeaconBlock.of(block);
      keptPayloads.put(BlindedBeaconBlock.SSZ.hashTreeRoot(blinded), block.body().executionPayload());
      produced = ProducedBlock.blinded(chain.consensusVersionAtSlot(slot), blinded, bid, BigInteger.ONE);
    } else {
      ConsensusVersion version = chain.consensusVersionAtSlot(slot);
      produced = ProducedBlock.full(version, new BlockContents(block, Blobs.proofs(slot, blobs, version),
          Blobs.blobs(slot, blobs)), Blocks.LOCAL_PAYLOAD_VALUE, BigInteger.ONE);
    }
    Response response = Response.ok(BlockCodecs.producedBlockJson(produced));
    for (Map.Entry<String, String> h : BlockCodecs.producedBlockHeaders(produced).entrySet()) {
      response = response.withHeader(h.getKey(), h.getValue());
    }
    return response;
  }

  private Response publishBlock(Request request) {
    ConsensusVersion version = version(request);
    SignedBlockContents signed = body(request, version.signedBlockContentsSchema());
    // A beacon node cannot gossip a block without its blobs: all of them and their proofs must come.
    long slot = signed.signedBlock().message().slot();
    int commitments = signed.signedBlock().message().body().blobKzgCommitments().size();
    if (!signed.blobs().equals(Blobs.blobs(slot, commitments))
        || !signed.kzgProofs().equals(Blobs.proofs(slot, commitments, version))) {
      throw ApiException.badRequest("block of slot " + slot + " has " + commitments + " blob commitments but "
          + signed.blobs().size() + " blobs and " + signed.kzgProofs().size() + " proofs, or not the ones built");
    }
    return answer(chain.submitBlock(signed.signedBlock()));
  }

  private Response publishBlindedBlock(Request request) {
    ConsensusVersion version = version(request);
    SignedBlindedBeaconBlock signed = body(request, version.signedBlindedBeaconBlockSchema());
    Bytes root = BlindedBeaconBlock.SSZ.hashTreeRoot(signed.message());
    ExecutionPayload payload = keptPayloads.get(root);
    if (payload == null) {
      throw ApiException.badRequest("this beacon node's builder did not build blinded block " + root
          + ": publish it through the beacon node that built it");
    }
    return answer(chain.submitBlock(new SignedBeaconBlock(signed.message().unblind(payload), signed.signature()), true));
  }

  private static Response answer(Optional<Refusal> refusal) {
    return refusal.map(r -> Response.error(400, r.detail())).orElseGet(Response::empty);
  }

  /**
   * The header's fork: the chain's now or in the previous epoch (a block of the last slot before a
   * fork may arrive after it). The body is read with that fork's schema.
   */
  private ConsensusVersion version(Request request) {
    String header = request.headers().getFirst("Eth-Consensus-Version");
    if (header == null) {
      throw ApiException.badRequest("missing Eth-Consensus-Version header");
    }
    long slot = chain.currentSlot();
    ConsensusVersion now = chain.consensusVersionAtSlot(slot);
    ConsensusVersion before = chain.consensusVersionAtSlot(Math.max(0, slot - chain.config().slotsPerEpoch()));
    for (ConsensusVersion v : List.of(now, before)) {
      if (header.equals(v.apiName())) {
        return v;
      }
    }
    throw ApiException.badRequest("Eth-Consensus-Version " + header + " does not match the chain's fork "
        + now.apiName());
  }

  private static <T> T body(Request request, SszType<T> type) {
    String contentType = Optional.ofNullable(request.headers().getFirst("Content-Type")).orElse("application/json");
    try {
      return contentType.startsWith("application/octet-stream") ? type.deserialize(request.body())
          : type.fromJson(request.json());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid block: " + e.getMessage());
    }
  }

  private static Bytes hex(String value, int length, String name) {
    try {
      return Bytes.fromHex(value, length, name);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid " + name + ": " + e.getMessage());
    }
  }
}
