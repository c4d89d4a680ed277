package io.phalanx.api.failover;

import io.phalanx.api.BeaconNodeHealth.EndpointStatus;
import io.phalanx.api.client.HttpBeaconNode;
import io.phalanx.api.failover.FailoverBeaconNode.Config;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** One configured beacon node and what is known of it; fields change from the checker and requests. */
final class Endpoint {
  final int index;
  final String name;
  final boolean fallback;
  final HttpBeaconNode client;
  final LatencyWindow latencies = new LatencyWindow(256);
  final AtomicLong requests = new AtomicLong();
  final AtomicLong errors = new AtomicLong();

  volatile Readiness readiness = Readiness.UNKNOWN;
  /** Why the endpoint is not ready, for logs; empty when ready. */
  volatile String detail = "not checked yet";
  volatile long headSlot = -1;
  volatile long syncDistance = -1;
  volatile long peers = -1;
  volatile double checkMillis = Double.NaN;
  /** Until when (System.nanoTime) a failed endpoint is not counted ready again. */
  volatile long backoffUntilNanos;
  volatile int consecutiveFailures;
  /** Readiness checks in a row slower than the slow threshold. */
  volatile int slowChecks;

  Endpoint(int index, String name, boolean fallback, HttpBeaconNode client) {
    this.index = index;
    this.name = name;
    this.fallback = fallback;
    this.client = client;
  }

  /** One endpoint per configured beacon node, primaries first, each with a client of its own. */
  static List<Endpoint> all(Config config) {
    List<Endpoint> all = new ArrayList<>();
    for (URI u : FailoverBeaconNode.concat(config.primaries(), config.fallbacks())) {
      boolean fallback = all.size() >= config.primaries().size();
      all.add(new Endpoint(all.size(), display(u), fallback, new HttpBeaconNode(clientConfig(u, config))));
    }
    return all;
  }

  private static HttpBeaconNode.Config clientConfig(URI url, Config config) {
    // The failover decides how long an attempt may take; the client's own timeout is only a backstop.
    return HttpBeaconNode.Config.of(url).withTimeouts(HttpBeaconNode.Config.DEFAULT_CONNECT_TIMEOUT,
        HttpBeaconNode.Config.DEFAULT_REQUEST_TIMEOUT).withConsensusVersionAtSlot(config.consensusVersionAtSlot());
  }

  /** Scheme, host, port and path: never user information. */
  static String display(URI u) {
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    return origin(u) + (path.equals("/") ? "" : path);
  }

  static String origin(URI u) {
    return u.getScheme() + "://" + u.getRawAuthority().replaceFirst("^.*@", "");
  }

  boolean ready() {
    return readiness == Readiness.READY;
  }

  boolean backedOff(long now) {
    return now - backoffUntilNanos < 0;
  }

  EndpointStatus status(boolean servingReads) {
    return new EndpointStatus(name, fallback, ready(), readiness.word(), servingReads, headSlot,
        latencies.percentile(50), latencies.percentile(99), requests.get(), errors.get());
  }

  @Override
  public String toString() {
    return (fallback ? "fallback " : "") + "beacon node " + name;
  }
}
