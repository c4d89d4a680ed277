package io.phalanx.api.capture;

/**
 * Receives every exchange a server answered, once its answer is written. Called on the server's
 * threads: must be quick and thread-safe; what it throws is logged and ignored by the server.
 */
@FunctionalInterface
public interface ExchangeCapture {
  void captured(CapturedExchange exchange);
}
