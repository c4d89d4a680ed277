package io.phalanx.api.server;

import java.util.concurrent.CompletableFuture;

/** What a validator-API route does with a request; the answer may come later, from any thread. */
@FunctionalInterface
interface RouteHandler {
  CompletableFuture<Response> handle(Request request);
}
