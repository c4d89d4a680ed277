package io.phalanx.sim.vc;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** How one step of a duty ended for {@code messages} validators: submitted, or failed and why. */
record Outcome(int messages, Optional<String> failure) {
  static Outcome submitted(int messages) {
    return new Outcome(messages, Optional.empty());
  }

  static Outcome failed(int messages, String reason) {
    return new Outcome(messages, Optional.of(reason));
  }

  /** The end of a step's chain: its failure becomes a counted outcome and never escapes. */
  static CompletableFuture<Outcome> of(CompletableFuture<?> step, int messages) {
    return step.handle((ignored, failure) ->
        failure == null ? submitted(messages) : failed(messages, NodeCalls.reason(failure)));
  }

  /** Every outcome of a slot's steps, once all have ended. */
  static CompletableFuture<List<Outcome>> all(List<CompletableFuture<Outcome>> steps) {
    return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new))
        .thenApply(done -> steps.stream().map(CompletableFuture::join).toList());
  }
}
