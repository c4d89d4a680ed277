package io.phalanx.api.server;

import java.time.Duration;

/**
 * Hears of every answered request of the validator API, for metrics and readiness. Called on the
 * event loop; must be quick and must not throw.
 */
@FunctionalInterface
public interface RequestObserver {
  /** What {@code route} is for a request no route serves: it went to the beacon node unchanged. */
  String PROXIED = "proxied";

  /**
   * @param method the HTTP method
   * @param route the route's template, e.g. {@code /eth/v1/validator/duties/attester/{epoch}}, never
   *     the raw path; {@link #PROXIED} for passed-through requests, {@code malformed} for requests
   *     that did not parse
   * @param status the answer's HTTP status
   * @param elapsed from the request's arrival to its answer
   */
  void answered(String method, String route, int status, Duration elapsed);
}
