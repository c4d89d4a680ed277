package io.phalanx.sim.vc;

import java.util.concurrent.CompletableFuture;

final class Futures {
  private Futures() {}

  /** Passes on an outcome as whenComplete hands it over. */
  static <T> void complete(CompletableFuture<T> target, T value, Throwable failure) {
    if (failure == null) {
      target.complete(value);
    } else {
      target.completeExceptionally(failure);
    }
  }
}
