package io.phalanx.api.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Matches a request to a route by method and path template; a {@code {name}} segment of a template
 * matches any non-empty path segment and makes it the path parameter {@code name}. Routes are tried
 * in the order they were added and the first that fits wins.
 *
 * <p>Generic in what a route holds, so that each HTTP server keeps its own handler type and its own
 * way of answering: the validator API's handlers answer with futures and unmatched requests go to
 * the beacon node; the simulated beacon node's handlers answer at once and unmatched requests get
 * 404 or 405 ({@link #servesPath}).
 *
 * @param <H> what a route holds, its handler
 */
public final class Router<H> {
  private final List<Entry<H>> entries = new ArrayList<>();

  /**
   * One route.
   *
   * @param template the path, each segment literal or {@code {name}}, e.g. {@code
   *     /eth/v1/beacon/states/{state_id}/fork}
   */
  public record Route<H>(String method, String template, H handler) {
    public Route {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(handler, "handler");
      if (!template.startsWith("/")) {
        throw new IllegalArgumentException("a route's template starts with /: " + template);
      }
    }
  }

  /** The route that serves a request, with the values of its {@code {name}} segments. */
  public record Match<H>(Route<H> route, Map<String, String> pathParameters) {
    public Match {
      pathParameters = Map.copyOf(pathParameters);
    }

    public H handler() {
      return route.handler();
    }
  }

  /** A route with its template cut into segments once, not at every request. */
  private record Entry<H>(Route<H> route, List<String> segments) {
    /** The path parameters if {@code path} (the path's segments after its leading slash) fits. */
    Optional<Map<String, String>> match(List<String> path) {
      if (segments.size() != path.size()) {
        return Optional.empty();
      }
      Map<String, String> parameters = new HashMap<>();
      for (int i = 0; i < segments.size(); i++) {
        String expected = segments.get(i);
        String actual = path.get(i);
        if (expected.startsWith("{") && expected.endsWith("}")) {
          if (actual.isEmpty()) {
            return Optional.empty();
          }
          parameters.put(expected.substring(1, expected.length() - 1), actual);
        } else if (!expected.equals(actual)) {
          return Optional.empty();
        }
      }
      return Optional.of(parameters);
    }
  }

  /** Adds a route after those already added. */
  public Router<H> route(String method, String template, H handler) {
    Route<H> route = new Route<>(method, template, handler);
    entries.add(new Entry<>(route, List.of(template.substring(1).split("/", -1))));
    return this;
  }

  /** Every route, in the order they are tried. */
  public List<Route<H>> routes() {
    return entries.stream().map(Entry::route).toList();
  }

  /**
   * The route for {@code method} on a path cut at every {@code /}: {@code /a/b/} ends in an empty
   * segment and {@code //a/b} begins with one, so neither is {@code /a/b}; a path that does not
   * start with {@code /} matches nothing.
   */
  public Optional<Match<H>> match(String method, String path) {
    if (!path.startsWith("/")) {
      return Optional.empty();
    }
    return match(method, Arrays.asList(path.substring(1).split("/", -1)));
  }

  /**
   * The route for {@code method} on a path already cut into segments by the caller (the path's
   * segments after its leading slash), for a server with its own reading of paths.
   */
  public Optional<Match<H>> match(String method, List<String> segments) {
    for (Entry<H> entry : entries) {
      if (entry.route().method().equals(method)) {
        Optional<Map<String, String>> parameters = entry.match(segments);
        if (parameters.isPresent()) {
          return Optional.of(new Match<>(entry.route(), parameters.get()));
        }
      }
    }
    return Optional.empty();
  }

  /** Whether any route, of any method, fits the path: tells "method not allowed" from "not found". */
  public boolean servesPath(List<String> segments) {
    return entries.stream().anyMatch(entry -> entry.match(segments).isPresent());
  }
}
