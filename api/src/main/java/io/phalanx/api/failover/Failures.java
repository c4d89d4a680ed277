package io.phalanx.api.failover;

import io.phalanx.api.ApiException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** How a failed request is judged: the beacon node's fault or the request's, and in what words. */
final class Failures {
  private Failures() {}

  static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  static String message(Throwable t) {
    if (t instanceof TimeoutException) {
      return "no answer in time";
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /**
   * A 4xx, or a 501 (an endpoint the beacon node does not implement, e.g. liveness): the beacon
   * node is fine, the request was refused.
   */
  static boolean isRequestError(Throwable cause) {
    return cause instanceof ApiException a && (a.status() >= 400 && a.status() < 500 || a.status() == 501);
  }

  /** The readiness of an endpoint whose request or check failed with {@code cause}. */
  static Readiness readinessAfter(Throwable cause) {
    if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
      return Readiness.SLOW;
    }
    if (cause instanceof ConnectException || cause instanceof IOException && cause.getCause() instanceof ConnectException) {
      return Readiness.UNREACHABLE;
    }
    if (cause instanceof IOException) {
      return Readiness.UNREACHABLE;
    }
    return Readiness.ERROR;
  }
}
