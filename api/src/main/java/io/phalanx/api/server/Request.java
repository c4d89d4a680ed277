package io.phalanx.api.server;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as the routes see it, copied out of Netty's buffers so that it outlives them.
 *
 * @param target the request target as received (path and query, still encoded): what a proxied
 *     request is sent with
 * @param path the decoded path, which routes match
 * @param pathParameters the values of a route's {@code {name}} segments
 */
record Request(
    String method,
    String target,
    String path,
    Map<String, List<String>> query,
    Map<String, List<String>> headers,
    byte[] body,
    Map<String, String> pathParameters) {
  Request withPathParameters(Map<String, String> parameters) {
    return new Request(method, target, path, query, headers, body, Map.copyOf(parameters));
  }

  /** The first value of a header, by case-insensitive name. */
  Optional<String> header(String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
        .map(e -> e.getValue().getFirst())
        .findFirst();
  }

  String pathParameter(String name) {
    String value = pathParameters.get(name);
    if (value == null) {
      throw new IllegalStateException("route has no path parameter " + name);
    }
    return value;
  }
}
