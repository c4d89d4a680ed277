package io.phalanx.api.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Matches a request to a route by method and path; {@code {name}} segments match any segment. */
final class Router {
  /** What a route does with a request; the answer may come later, from any thread. */
  @FunctionalInterface
  interface Handler {
    CompletableFuture<Response> handle(Request request);
  }

  record Route(String method, String template, Handler handler) {
    Optional<Map<String, String>> match(String requestMethod, String path) {
      if (!method.equals(requestMethod)) {
        return Optional.empty();
      }
      String[] expected = template.split("/", -1);
      String[] actual = path.split("/", -1);
      if (expected.length != actual.length) {
        return Optional.empty();
      }
      Map<String, String> parameters = new HashMap<>();
      for (int i = 0; i < expected.length; i++) {
        if (expected[i].startsWith("{") && expected[i].endsWith("}")) {
          if (actual[i].isEmpty()) {
            return Optional.empty();
          }
          parameters.put(expected[i].substring(1, expected[i].length() - 1), actual[i]);
        } else if (!expected[i].equals(actual[i])) {
          return Optional.empty();
        }
      }
      return Optional.of(parameters);
    }
  }

  private final List<Route> routes = new ArrayList<>();
  private final Handler fallback;

  /** @param fallback what handles requests no route matches */
  Router(Handler fallback) {
    this.fallback = fallback;
  }

  Router route(String method, String template, Handler handler) {
    routes.add(new Route(method, template, handler));
    return this;
  }

  List<Route> routes() {
    return List.copyOf(routes);
  }

  /** The template of the route that serves {@code request}, or {@link RequestObserver#PROXIED}. */
  String routeOf(String method, String path) {
    for (Route route : routes) {
      if (route.match(method, path).isPresent()) {
        return route.template();
      }
    }
    return RequestObserver.PROXIED;
  }

  /** Runs the matching handler; a handler that throws yields a failed future, not an exception. */
  CompletableFuture<Response> dispatch(Request request) {
    try {
      for (Route route : routes) {
        Optional<Map<String, String>> parameters = route.match(request.method(), request.path());
        if (parameters.isPresent()) {
          return Objects.requireNonNull(route.handler().handle(request.withPathParameters(parameters.get())),
              route.template() + " answered no future");
        }
      }
      return Objects.requireNonNull(fallback.handle(request), "the fallback answered no future");
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
