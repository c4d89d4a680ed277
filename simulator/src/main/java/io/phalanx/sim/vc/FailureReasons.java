package io.phalanx.sim.vc;

import io.phalanx.api.ApiException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Turns a failure into the few words a counter is keyed by ("timed out", "node unreachable",
 * "HTTP 503"), so that a thousand failures of one kind make one row, not a thousand. Messages
 * are left out on purpose: they vary per request and could carry anything the node sent.
 */
final class FailureReasons {
  private FailureReasons() {}

  static String describe(Throwable failure) {
    Throwable top = unwrap(failure);
    for (Throwable t = top; t != null; t = t.getCause()) {
      String known = known(t);
      if (known != null) {
        return known;
      }
    }
    return top instanceof IOException ? "I/O error" : top.getClass().getSimpleName();
  }

  /** The failure itself, without the wrappers futures put around it. */
  static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String known(Throwable t) {
    // A connect timeout is an HttpTimeoutException too, but it says the node is not there.
    if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException
        || t instanceof NoRouteToHostException || t instanceof UnknownHostException
        || t instanceof UnresolvedAddressException) {
      return "node unreachable";
    }
    if (t instanceof TimeoutException || t instanceof HttpTimeoutException) {
      return "timed out";
    }
    if (t instanceof ApiException api) {
      return "HTTP " + api.status();
    }
    if (t instanceof CancellationException) {
      return "cancelled";
    }
    return null;
  }
}
