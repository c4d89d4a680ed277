package io.phalanx.duties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.consensus.Consensus;
import io.phalanx.consensus.SlashingProtection;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.util.Bytes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a node takes as decided: for serving, only what it applied itself; for publishing, also the
 * leader's answer to its own proposal, as a node catching up on the Raft log after a restart
 * applies late.
 */
class DecidedDutiesTest {
  static final DutyKey KEY = new DutyKey(9, DutyType.PROPOSER);
  static final Bytes BLOCK = Bytes.fromHex("0x" + "ab".repeat(32));

  /** A consensus whose leader answers proposals at once, while this node applies nothing until told. */
  static final class LaggingConsensus implements Consensus {
    final List<DecidedListener> listeners = new CopyOnWriteArrayList<>();
    final CompletableFuture<Bytes> answer = new CompletableFuture<>();

    @Override
    public CompletableFuture<Bytes> propose(DutyKey key, Bytes value, Collection<Bytes> signers) {
      return answer;
    }

    void apply(DutyKey key, Bytes value) {
      listeners.forEach(l -> l.onDecided(key, value));
    }

    @Override
    public SlashingProtection slashingProtection() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void subscribe(DecidedListener listener) {
      listeners.add(listener);
    }

    @Override
    public Optional<Bytes> decided(DutyKey key) {
      return Optional.empty();
    }

    @Override
    public OptionalInt leaderIndex() {
      return OptionalInt.empty();
    }

    @Override
    public void close() {}
  }

  final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  final LaggingConsensus consensus = new LaggingConsensus();
  DecidedDuties decided;

  @BeforeEach
  void start() {
    SlotClock clock = new SlotClock(Instant.now(), Duration.ofMillis(600), 4, Clock.systemUTC());
    decided = new DecidedDuties(consensus, new DutyTracker(), Clock.systemUTC(), new SlotTimer(clock, executor));
  }

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void theLeadersAnswerToThisNodesProposalCountsForPublishingButNotForServing() throws Exception {
    CompletableFuture<Bytes> served = decided.propose(KEY, BLOCK);
    CompletableFuture<Bytes> publishing = decided.awaitForPublishing(KEY, Duration.ofSeconds(5));
    consensus.answer.complete(BLOCK);
    assertEquals(BLOCK, publishing.get(5, TimeUnit.SECONDS));
    assertEquals(Optional.empty(), decided.decidedNow(KEY), "not applied here yet");
    assertTrue(!served.isDone(), "serving waits for this node's own apply");
    CompletionException late = assertThrows(CompletionException.class,
        () -> decided.await(KEY, Duration.ofMillis(100)).join());
    assertInstanceOf(TimeoutException.class, late.getCause());

    consensus.apply(KEY, BLOCK);
    assertEquals(BLOCK, served.get(5, TimeUnit.SECONDS));
    assertEquals(Optional.of(BLOCK), decided.decidedNow(KEY));
  }

  @Test
  void withoutAProposalOfItsOwnANodePublishesWhatItApplied() throws Exception {
    CompletableFuture<Bytes> publishing = decided.awaitForPublishing(KEY, Duration.ofSeconds(5));
    consensus.apply(KEY, BLOCK);
    assertEquals(BLOCK, publishing.get(5, TimeUnit.SECONDS));
  }

  @Test
  void nothingDecidedFailsAfterTheTimeout() {
    CompletionException none = assertThrows(CompletionException.class,
        () -> decided.awaitForPublishing(KEY, Duration.ofMillis(100)).join());
    assertInstanceOf(TimeoutException.class, none.getCause());
  }
}
