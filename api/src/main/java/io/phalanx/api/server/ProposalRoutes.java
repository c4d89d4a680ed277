package io.phalanx.api.server;

import io.phalanx.api.ApiException;
import io.phalanx.api.ValidatorApi;
import io.phalanx.api.json.ApiJson;
import io.phalanx.api.json.BlockCodecs;
import io.phalanx.api.json.Envelope;
import io.phalanx.spec.api.ProducedBlock;
import io.phalanx.spec.ssz.SszType;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.SignedBlindedBeaconBlock;
import io.phalanx.spec.types.SignedBlockContents;
import io.phalanx.spec.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The block-proposal endpoints: proposer duties, {@code GET /eth/v3/validator/blocks/{slot}} (JSON
 * or SSZ, as the Accept header asks) and the signed-block submissions (JSON or SSZ bodies). The
 * v3 answer's Eth-* headers say what the cluster decided, blinded or not, with the values the
 * beacon node gave, so a validator client takes the block as it is.
 */
final class ProposalRoutes {
  static final String SSZ = "application/octet-stream";
  private static final Pattern SIGNATURE = Pattern.compile("0x[0-9a-fA-F]{192}");
  private static final Pattern GRAFFITI = Pattern.compile("0x[0-9a-fA-F]{64}");
  private static final Set<String> BROADCAST_VALIDATIONS = Set.of("gossip", "consensus", "consensus_and_equivocation");

  private final ValidatorApi api;

  ProposalRoutes(ValidatorApi api) {
    this.api = api;
  }

  Router<RouteHandler> register(Router<RouteHandler> router) {
    return router
        .route("GET", "/eth/v1/validator/duties/proposer/{epoch}", this::proposerDuties)
        .route("GET", "/eth/v3/validator/blocks/{slot}", this::produceBlock)
        .route("POST", "/eth/v2/beacon/blocks", this::submitBlock)
        .route("POST", "/eth/v2/beacon/blinded_blocks", this::submitBlindedBlock);
  }

  private CompletableFuture<Response> proposerDuties(Request request) {
    long epoch = Params.uint64Path(request, "epoch");
    return api.proposerDuties(epoch).thenApply(duties -> Response.ok(
        Envelope.of(BlockCodecs.PROPOSER_DUTIES.toJson(duties.duties()))
            .withDependentRoot(duties.dependentRoot())
            .withExecutionOptimistic(false)));
  }

  private CompletableFuture<Response> produceBlock(Request request) {
    long slot = Params.uint64Path(request, "slot");
    Bytes randao = hexQuery(request, "randao_reveal", SIGNATURE, "a 0x-prefixed 96-byte signature").orElseThrow(
        () -> ApiException.badRequest("missing query parameter randao_reveal"));
    Optional<Bytes> graffiti = hexQuery(request, "graffiti", GRAFFITI, "0x-prefixed 32 bytes");
    if (request.query().containsKey("skip_randao_verification")) {
      throw ApiException.badRequest("skip_randao_verification is not accepted: the cluster needs every node's"
          + " partial RANDAO reveal to combine the validator's reveal");
    }
    OptionalLong boost = request.query().containsKey("builder_boost_factor")
        ? OptionalLong.of(Params.uint64Query(request, "builder_boost_factor")) : OptionalLong.empty();
    boolean ssz = wantsSsz(request);
    return api.produceBlock(slot, randao, graffiti, boost).thenApply(block -> answer(block, ssz));
  }

  static Response answer(ProducedBlock block, boolean ssz) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    BlockCodecs.producedBlockHeaders(block).forEach((k, v) -> headers.put(k, List.of(v)));
    if (ssz) {
      headers.put("Content-Type", List.of(SSZ));
      return new Response(200, Map.copyOf(headers), block.block().toArray());
    }
    headers.put("Content-Type", List.of("application/json"));
    return new Response(200, Map.copyOf(headers), ApiJson.write(BlockCodecs.producedBlockJson(block)));
  }

  private CompletableFuture<Response> submitBlock(Request request) {
    ConsensusVersion version = Params.consensusVersion(request);
    broadcastValidation(request);
    SignedBlockContents block = body(request, version.signedBlockContentsSchema());
    return api.submitBlock(version, block).thenApply(ignored -> Response.accepted());
  }

  private CompletableFuture<Response> submitBlindedBlock(Request request) {
    ConsensusVersion version = Params.consensusVersion(request);
    broadcastValidation(request);
    SignedBlindedBeaconBlock block = body(request, version.signedBlindedBeaconBlockSchema());
    return api.submitBlindedBlock(version, block).thenApply(ignored -> Response.accepted());
  }

  private static void broadcastValidation(Request request) {
    List<String> values = request.query().getOrDefault("broadcast_validation", List.of());
    for (String v : values) {
      if (!BROADCAST_VALIDATIONS.contains(v)) {
        throw ApiException.badRequest("invalid query parameter broadcast_validation: '" + ApiJson.abbreviate(v)
            + "', expected one of gossip, consensus, consensus_and_equivocation");
      }
    }
  }

  /** The body as JSON or, with Content-Type application/octet-stream, SSZ. */
  private static <T> T body(Request request, SszType<T> schema) {
    String type = request.header("Content-Type").map(t -> t.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
        .orElse("application/json");
    if (type.equals(SSZ)) {
      try {
        return schema.deserialize(request.body());
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid SSZ request body: " + e.getMessage());
      }
    }
    return Params.jsonBody(request, schema::fromJson);
  }

  /** Whether the Accept header prefers SSZ over JSON (first listed wins at equal weight). */
  static boolean wantsSsz(Request request) {
    String accept = request.header("Accept").orElse("").toLowerCase(Locale.ROOT);
    double best = -1;
    boolean ssz = false;
    for (String part : accept.split(",")) {
      String[] pieces = part.trim().split(";");
      String media = pieces[0].trim();
      double q = 1;
      for (int i = 1; i < pieces.length; i++) {
        String p = pieces[i].trim();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if ((media.equals(SSZ) || media.equals("application/json")) && q > best) {
        best = q;
        ssz = media.equals(SSZ);
      }
    }
    return ssz;
  }

  private static Optional<Bytes> hexQuery(Request request, String name, Pattern pattern, String expected) {
    List<String> values = request.query().getOrDefault(name, List.of());
    if (values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      throw ApiException.badRequest("query parameter " + name + " given " + values.size() + " times");
    }
    String value = values.getFirst();
    if (!pattern.matcher(value).matches()) {
      throw ApiException.badRequest("invalid query parameter " + name + ": expected " + expected + ", got '"
          + ApiJson.abbreviate(new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)) + "'");
    }
    return Optional.of(Bytes.fromHex(value));
  }
}
