package io.phalanx.api.server;

import static io.phalanx.api.json.ApiCodecs.PROPOSER_PREPARATIONS;
import static io.phalanx.api.json.ApiCodecs.VALIDATOR_REGISTRATIONS;
import static io.phalanx.api.json.ApiCodecs.VOLUNTARY_EXIT;

import io.phalanx.api.ApiException;
import io.phalanx.api.ValidatorApi;
import io.phalanx.api.json.ApiJson;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszType;
import io.phalanx.spec.types.SignedValidatorRegistrationV1;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Voluntary exits, builder registrations and proposer preparation: the validator API's routes for
 * the messages a validator signs outside its slot duties. Builder registrations may come as SSZ
 * ({@code application/octet-stream}), as the beacon API allows for that endpoint; the others are JSON.
 */
final class ExitAndRegistrationRoutes {
  /** VALIDATOR_REGISTRY_LIMIT, the bound of the SSZ list register_validator takes. */
  private static final long VALIDATOR_REGISTRY_LIMIT = 1L << 40;
  private static final SszType<List<SignedValidatorRegistrationV1>> REGISTRATIONS_SSZ =
      Ssz.list(SignedValidatorRegistrationV1.SSZ, VALIDATOR_REGISTRY_LIMIT);

  private final ValidatorApi api;

  ExitAndRegistrationRoutes(ValidatorApi api) {
    this.api = api;
  }

  Router<RouteHandler> register(Router<RouteHandler> router) {
    return router
        .route("POST", "/eth/v1/beacon/pool/voluntary_exits", this::voluntaryExit)
        .route("POST", "/eth/v1/validator/register_validator", this::registerValidators)
        .route("POST", "/eth/v1/validator/prepare_beacon_proposer", this::prepareBeaconProposer);
  }

  private CompletableFuture<Response> voluntaryExit(Request request) {
    return api.submitVoluntaryExit(Params.body(request, VOLUNTARY_EXIT)).thenApply(ignored -> Response.accepted());
  }

  private CompletableFuture<Response> registerValidators(Request request) {
    List<SignedValidatorRegistrationV1> registrations = isSsz(request)
        ? sszRegistrations(request.body())
        : Params.body(request, VALIDATOR_REGISTRATIONS);
    return api.registerValidators(registrations).thenApply(ignored -> Response.accepted());
  }

  private CompletableFuture<Response> prepareBeaconProposer(Request request) {
    return api.prepareBeaconProposer(Params.body(request, PROPOSER_PREPARATIONS))
        .thenApply(ignored -> Response.accepted());
  }

  private static boolean isSsz(Request request) {
    return request.header("Content-Type")
        .map(type -> type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals("application/octet-stream"))
        .orElse(false);
  }

  private static List<SignedValidatorRegistrationV1> sszRegistrations(byte[] body) {
    try {
      return REGISTRATIONS_SSZ.deserialize(body);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "invalid request body: not an SSZ List[SignedValidatorRegistrationV1]: "
          + ApiJson.abbreviate(e.getMessage()), e);
    }
  }
}
