package io.phalanx.sim.chain;

import static io.phalanx.sim.chain.Endpoint.validatorIndices;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.phalanx.api.json.ApiCodecs;
import io.phalanx.api.server.Router;
import io.phalanx.sim.chain.Endpoint.Handler;
import io.phalanx.sim.chain.Endpoint.Request;
import io.phalanx.sim.chain.Endpoint.Response;
import io.phalanx.spec.api.AttesterDuty;
import java.util.List;
import java.util.Map;

/**
 * One simulated beacon node's duty endpoints: attester and sync committee duties, validator
 * liveness, and the subscriptions (taken and ignored: the simulated chain has no subnets). The
 * selection endpoints are answered 501, as real beacon nodes do: only distributed validator
 * middleware serves them.
 */
final class DutyEndpoints {
  private final SimulatedChain chain;

  DutyEndpoints(SimulatedChain chain) {
    this.chain = chain;
  }

  Router<Handler> register(Router<Handler> router) {
    return router
        .route("POST", "/eth/v1/validator/duties/attester/{epoch}", this::attesterDuties)
        .route("POST", "/eth/v1/validator/liveness/{epoch}", this::liveness)
        .route("POST", "/eth/v1/validator/beacon_committee_subscriptions", r -> Response.empty())
        .route("POST", "/eth/v1/validator/beacon_committee_selections", r -> Response.error(501,
            "beacon_committee_selections is served by distributed validator middleware, not by a beacon node"))
        .route("POST", "/eth/v1/validator/duties/sync/{epoch}", this::syncDuties)
        .route("POST", "/eth/v1/validator/sync_committee_subscriptions", r -> Response.empty())
        .route("POST", "/eth/v1/validator/sync_committee_selections", r -> Response.error(501,
            "sync_committee_selections is served by distributed validator middleware, not by a beacon node"));
  }

  private Response attesterDuties(Request request) {
    long epoch = BeaconApiIds.parseUint64(request.path("epoch"), "epoch");
    List<Long> indices = validatorIndices(request);
    ArrayNode data = JsonNodeFactory.instance.arrayNode();
    chain.attesterDuties(epoch, indices).forEach(duty -> data.add(AttesterDuty.SSZ.toJson(duty)));
    return Response.data(data, Map.of("dependent_root", chain.attesterDutiesDependentRoot(epoch).toHex(),
        "execution_optimistic", false));
  }

  private Response syncDuties(Request request) {
    long epoch = BeaconApiIds.parseUint64(request.path("epoch"), "epoch");
    List<Long> indices = validatorIndices(request);
    return Response.data(ApiCodecs.SYNC_DUTIES.toJson(chain.syncDuties(epoch, indices)),
        Map.of("execution_optimistic", false));
  }

  private Response liveness(Request request) {
    long epoch = BeaconApiIds.parseUint64(request.path("epoch"), "epoch");
    List<Long> indices = validatorIndices(request);
    return Response.data(ApiCodecs.LIVENESS.toJson(chain.liveness(epoch, indices)), Map.of());
  }
}
