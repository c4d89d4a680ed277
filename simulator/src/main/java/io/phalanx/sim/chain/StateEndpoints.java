package io.phalanx.sim.chain;

import static io.phalanx.sim.chain.Endpoint.object;
import static io.phalanx.sim.chain.Endpoint.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.api.ApiException;
import io.phalanx.api.SyncStatus;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.server.Router;
import io.phalanx.sim.chain.Endpoint.Handler;
import io.phalanx.sim.chain.Endpoint.Request;
import io.phalanx.sim.chain.Endpoint.Response;
import io.phalanx.spec.api.Genesis;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.util.Bytes;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One simulated beacon node's endpoints of the chain's state and of the node itself: genesis,
 * config/spec, the state's fork and validators (GET and POST), block roots, and node
 * syncing/version/peer_count/health. Syncing reports what the node's {@link Faults} make of the
 * chain's status.
 */
final class StateEndpoints {
  /** How many peers the node claims: enough that no client worries about its connectivity. */
  private static final int SIMULATED_PEERS = 64;

  private final SimulatedChain chain;
  private final Faults faults;

  StateEndpoints(SimulatedChain chain, Faults faults) {
    this.chain = chain;
    this.faults = faults;
  }

  Router<Handler> register(Router<Handler> router) {
    return router
        .route("GET", "/eth/v1/beacon/genesis", r -> Response.data(Genesis.SSZ.toJson(chain.genesis()), Map.of()))
        .route("GET", "/eth/v1/config/spec", r -> Response.data(Json.MAPPER.valueToTree(chain.spec().values()), Map.of()))
        .route("GET", "/eth/v1/beacon/states/{state_id}/fork", this::fork)
        .route("GET", "/eth/v1/node/syncing",
            r -> Response.data(syncing(faults.syncStatus(chain.syncStatus())), Map.of()))
        .route("GET", "/eth/v1/node/version",
            r -> Response.data(object("version", SimulatedBeaconNode.VERSION), Map.of()))
        .route("GET", "/eth/v1/node/peer_count", r -> Response.data(peerCount(), Map.of()))
        .route("GET", "/eth/v1/node/health", r -> Response.empty())
        .route("GET", "/eth/v1/beacon/states/{state_id}/validators", this::getValidators)
        .route("POST", "/eth/v1/beacon/states/{state_id}/validators", this::postValidators)
        .route("GET", "/eth/v1/beacon/blocks/{block_id}/root", this::blockRoot);
  }

  private Response fork(Request request) {
    checkStateId(request);
    return Response.data(Fork.SSZ.toJson(chain.fork()), stateMetadata());
  }

  private Response getValidators(Request request) {
    checkStateId(request);
    return validators(request.queryValues("id"), request.queryValues("status"));
  }

  private Response postValidators(Request request) {
    checkStateId(request);
    JsonNode body = request.body().length == 0 ? JsonNodeFactory.instance.objectNode() : request.json();
    if (!body.isObject()) {
      throw ApiException.badRequest("expected a JSON object with ids and statuses");
    }
    return validators(strings(body.get("ids"), "ids"), strings(body.get("statuses"), "statuses"));
  }

  private Response validators(List<String> ids, List<String> statuses) {
    ArrayNode data = JsonNodeFactory.instance.arrayNode();
    chain.validators(ids, statuses).forEach(v -> data.add(validatorJson(v)));
    return Response.data(data, stateMetadata());
  }

  private Response blockRoot(Request request) {
    Bytes root = chain.blockRoot(request.path("block_id"));
    return Response.data(object("root", root.toHex()), Map.of("execution_optimistic", false, "finalized", false));
  }

  /** Every state has the same validators and fork, so any well-formed state id names it. */
  private static void checkStateId(Request request) {
    String id = request.path("state_id");
    boolean named = List.of("head", "genesis", "finalized", "justified").contains(id);
    boolean slot = id.matches("[0-9]{1,19}");
    boolean root = id.matches("0x[0-9a-fA-F]{64}");
    if (!named && !slot && !root) {
      throw ApiException.badRequest("invalid state id: " + id);
    }
  }

  private static Map<String, Object> stateMetadata() {
    return Map.of("execution_optimistic", false, "finalized", false);
  }

  private static JsonNode syncing(SyncStatus status) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.set("head_slot", Ssz.UINT64.toJson(status.headSlot()));
    json.set("sync_distance", Ssz.UINT64.toJson(status.syncDistance()));
    json.put("is_syncing", status.isSyncing());
    json.put("is_optimistic", status.isOptimistic());
    json.put("el_offline", status.elOffline());
    return json;
  }

  private static JsonNode peerCount() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("disconnected", "0");
    json.put("connecting", "0");
    json.put("connected", Integer.toString(SIMULATED_PEERS));
    json.put("disconnecting", "0");
    return json;
  }

  private static JsonNode validatorJson(ValidatorInfo info) {
    Function<Long, JsonNode> uint64 = Ssz.UINT64::toJson;
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.set("index", uint64.apply(info.index()));
    json.set("balance", uint64.apply(info.balance()));
    json.put("status", info.status());
    ObjectNode validator = json.putObject("validator");
    validator.put("pubkey", info.pubkey().toHex());
    validator.put("withdrawal_credentials", info.withdrawalCredentials().toHex());
    validator.set("effective_balance", uint64.apply(info.effectiveBalance()));
    validator.put("slashed", info.slashed());
    validator.set("activation_eligibility_epoch", uint64.apply(info.activationEligibilityEpoch()));
    validator.set("activation_epoch", uint64.apply(info.activationEpoch()));
    validator.set("exit_epoch", uint64.apply(info.exitEpoch()));
    validator.set("withdrawable_epoch", uint64.apply(info.withdrawableEpoch()));
    return json;
  }
}
