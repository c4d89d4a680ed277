package io.phalanx.sim.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.phalanx.api.ApiException;
import io.phalanx.api.server.Router;
import io.phalanx.spec.ssz.SszType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an endpoint of the simulated beacon node sees of a request ({@link Request}) and answers
 * ({@link Response}), and how a request reaches it: the api module's {@link Router} picks the route
 * by method and path template ({@code /eth/v1/beacon/states/{state_id}/fork}); {@link #answer} reads
 * the path and query and turns what handlers throw into the API's JSON errors: {@link ApiException}
 * as its status, {@link IllegalArgumentException} (malformed input) as 400, anything else as 500; a
 * path no route knows as 404, a known path with another method as 405. Also the request parsing
 * and answer sending the endpoints share.
 */
final class Endpoint {
  private Endpoint() {}

  /** What a handler sees of a request. */
  record Request(String method, Map<String, String> pathParams, Map<String, List<String>> query, Headers headers,
      byte[] body) {
    /** The path parameter {@code name}, which the route template guarantees. */
    String path(String name) {
      return pathParams.get(name);
    }

    /** Every value of a query parameter, comma-separated lists split. */
    List<String> queryValues(String name) {
      return query.getOrDefault(name, List.of()).stream()
          .flatMap(v -> Arrays.stream(v.split(",")))
          .map(String::trim)
          .filter(v -> !v.isEmpty())
          .toList();
    }

    /**
     * @throws ApiException 400 if the query parameter is missing
     */
    String requiredQuery(String name) {
      List<String> values = query.getOrDefault(name, List.of());
      if (values.isEmpty() || values.get(0).isEmpty()) {
        throw ApiException.badRequest("missing query parameter " + name);
      }
      return values.get(0);
    }

    /**
     * The body as JSON.
     *
     * @throws ApiException 400 if it is not JSON
     */
    JsonNode json() {
      try {
        JsonNode tree = Json.MAPPER.readTree(body);
        if (tree == null || tree.isMissingNode()) {
          throw ApiException.badRequest("missing JSON body");
        }
        return tree;
      } catch (IOException e) {
        throw ApiException.badRequest("malformed JSON body: " + e.getMessage().lines().findFirst().orElse(""));
      }
    }
  }

  /** An answer: a status, a JSON body (none for an empty one) and extra headers. */
  record Response(int status, Optional<JsonNode> body, Map<String, String> headers) {
    static Response ok(JsonNode body) {
      return new Response(200, Optional.of(body), Map.of());
    }

    static Response empty() {
      return new Response(200, Optional.empty(), Map.of());
    }

    /** {@code {"data": data}} with {@code extra} fields first, as most beacon-API answers are. */
    static Response data(JsonNode data, Map<String, Object> extra) {
      ObjectNode envelope = JsonNodeFactory.instance.objectNode();
      extra.forEach((name, value) -> envelope.set(name, Json.MAPPER.valueToTree(value)));
      envelope.set("data", data);
      return ok(envelope);
    }

    static Response error(int status, String message) {
      return new Response(status, Optional.of(errorBody(status, message)), Map.of());
    }

    Response withHeader(String name, String value) {
      Map<String, String> all = new LinkedHashMap<>(headers);
      all.put(name, value);
      return new Response(status, body, all);
    }
  }

  @FunctionalInterface
  interface Handler {
    Response handle(Request request);
  }

  /**
   * Answers one request with the route {@code router} finds for it; never throws. Each segment of
   * the raw path is decoded on its own (an encoded {@code /} stays inside its path parameter) and
   * empty segments are dropped, so {@code //eth/v1/node/health/} is {@code /eth/v1/node/health}.
   */
  static Response answer(Router<Handler> router, String method, String rawPath, String rawQuery, Headers headers,
      byte[] body) {
    List<String> segments;
    Map<String, List<String>> query;
    try {
      segments = segments(rawPath);
      query = query(rawQuery);
    } catch (IllegalArgumentException e) {
      return Response.error(400, "malformed URL: " + e.getMessage());
    }
    Optional<Router.Match<Handler>> match = router.match(method, segments);
    if (match.isPresent()) {
      return handle(match.get().handler(), new Request(method, match.get().pathParameters(), query, headers, body));
    }
    return router.servesPath(segments)
        ? Response.error(405, "method " + method + " not allowed on " + rawPath)
        : Response.error(404, "no such endpoint: " + method + " " + rawPath);
  }

  private static Response handle(Handler handler, Request request) {
    try {
      return handler.handle(request);
    } catch (ApiException e) {
      return Response.error(e.status(), e.getMessage());
    } catch (IllegalArgumentException e) {
      return Response.error(400, e.getMessage());
    } catch (RuntimeException e) {
      return Response.error(500, "internal error: " + e);
    }
  }

  /** Sends {@code response} as the answer to {@code exchange}: JSON, or no body at all. */
  static void send(HttpExchange exchange, Response response) throws IOException {
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    if (response.body().isEmpty()) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    byte[] bytes = Json.MAPPER.writeValueAsBytes(response.body().get());
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(response.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The body as a JSON array of {@code type}, naming the element that does not parse. */
  static <T> List<T> list(Request request, SszType<T> type) {
    JsonNode body = request.json();
    if (!body.isArray()) {
      throw ApiException.badRequest("expected a JSON array of " + type);
    }
    List<T> items = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      try {
        items.add(type.fromJson(body.get(i)));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("item " + i + ": " + e.getMessage());
      }
    }
    return items;
  }

  /** A JSON array of strings (or numbers); absent or null means none. */
  static List<String> strings(JsonNode json, String what) {
    if (json == null || json.isNull()) {
      return List.of();
    }
    if (!json.isArray()) {
      throw ApiException.badRequest(what + " must be a JSON array");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode value : json) {
      if (!value.isTextual() && !value.isIntegralNumber()) {
        throw ApiException.badRequest(what + " must hold strings, got " + value);
      }
      values.add(value.asText());
    }
    return values;
  }

  /** The body as a non-empty JSON array of validator indices. */
  static List<Long> validatorIndices(Request request) {
    List<String> indices = strings(request.json(), "validator indices");
    if (indices.isEmpty()) {
      throw ApiException.badRequest("no validator indices");
    }
    return indices.stream().map(i -> BeaconApiIds.parseUint64(i, "validator index")).toList();
  }

  /** {@code {"name": value}}. */
  static JsonNode object(String name, String value) {
    return JsonNodeFactory.instance.objectNode().put(name, value);
  }

  static ObjectNode errorBody(int status, String message) {
    ObjectNode error = JsonNodeFactory.instance.objectNode();
    error.put("code", status);
    error.put("message", message);
    return error;
  }

  private static List<String> segments(String path) {
    return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty())
        .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
  }

  private static Map<String, List<String>> query(String rawQuery) {
    Map<String, List<String>> query = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return query;
  }
}
