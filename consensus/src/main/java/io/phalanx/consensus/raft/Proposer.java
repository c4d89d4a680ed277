package io.phalanx.consensus.raft;

import io.phalanx.consensus.raft.ProposalFailedException.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;

/**
 * Sends proposals to the Raft leader through this node's {@link RaftClient} and retries until a
 * reply or the request timeout.
 *
 * <p>Why not {@code client.async().send()}: that API orders all of a client's requests in one
 * sliding window, blocks the calling thread once 100 requests are outstanding, fails every later
 * request when one runs out of retries, and logs each failure at ERROR. Proposals for different
 * duty keys are independent, many are in flight at once (every validator duty of a slot) and a
 * lost quorum must not flood the log, so each proposal goes out on the client's unordered stream
 * with its own call id (a retry keeps it, so the leader's retry cache answers a duplicate), and the
 * deadline and the wording of a failure are ours.
 */
final class Proposer {
  private final RaftClient client;
  private final RaftGroupId groupId;
  private final List<RaftPeerId> peers;
  private final Supplier<Optional<RaftPeerId>> localLeaderView;
  private final Supplier<String> whyUndecided;
  private final ScheduledExecutorService scheduler;
  private final Duration timeout;
  private final long retryDelayMillis;
  private final AtomicLong callIds = new AtomicLong();
  /** Which peer to try next when no leader is known. */
  private final AtomicInteger rotation = new AtomicInteger();
  private final Set<Proposal> pending = ConcurrentHashMap.newKeySet();
  /** Per peer, which connection is current: bumped when a failed one is replaced. */
  private final ConcurrentHashMap<RaftPeerId, AtomicLong> connections = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param localLeaderView the leader as this node's Raft server knows it
   * @param whyUndecided words the failure when the timeout passes
   */
  Proposer(
      RaftClient client,
      RaftGroupId groupId,
      List<RaftPeerId> peers,
      Supplier<Optional<RaftPeerId>> localLeaderView,
      Supplier<String> whyUndecided,
      ScheduledExecutorService scheduler,
      Duration timeout,
      Duration retryDelay) {
    this.client = client;
    this.groupId = groupId;
    this.peers = List.copyOf(peers);
    this.localLeaderView = localLeaderView;
    this.whyUndecided = whyUndecided;
    this.scheduler = scheduler;
    this.timeout = timeout;
    this.retryDelayMillis = Math.max(1, retryDelay.toMillis());
  }

  /** Completes with the leader's reply content, or fails with a {@link ProposalFailedException}. */
  CompletableFuture<Message> submit(Message message) {
    Proposal proposal = new Proposal(callIds.incrementAndGet(), message);
    if (closed) {
      proposal.fail(Reason.CLOSED, "consensus is closed");
      return proposal.result;
    }
    pending.add(proposal);
    try {
      proposal.deadline = scheduler.schedule(proposal::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      proposal.fail(Reason.CLOSED, "consensus is closed");
      return proposal.result;
    }
    proposal.send();
    return proposal.result;
  }

  /** Fails every proposal still waiting. */
  void close() {
    closed = true;
    for (Proposal p : pending) {
      p.fail(Reason.CLOSED, "consensus closed before a decision");
    }
  }

  private final class Proposal {
    final long callId;
    final Message message;
    final CompletableFuture<Message> result = new CompletableFuture<>();
    volatile RaftPeerId suggestedLeader;
    volatile String lastReply = "none";
    volatile ScheduledFuture<?> deadline;

    Proposal(long callId, Message message) {
      this.callId = callId;
      this.message = message;
    }

    void send() {
      if (result.isDone()) {
        return;
      }
      RaftPeerId target = nextTarget();
      RaftClientRequest request = RaftClientRequest.newBuilder()
          .setClientId(client.getId())
          .setLeaderId(target)
          .setGroupId(groupId)
          .setCallId(callId)
          .setMessage(message)
          .setType(RaftClientRequest.writeRequestType())
          .build();
      long connection = connections.computeIfAbsent(target, t -> new AtomicLong()).get();
      client.getClientRpc().sendRequestAsyncUnordered(request).whenComplete((reply, error) -> {
        if (error != null) {
          onError(target, connection, unwrap(error));
        } else {
          onReply(target, reply);
        }
      });
    }

    private RaftPeerId nextTarget() {
      RaftPeerId suggested = suggestedLeader;
      if (suggested != null) {
        suggestedLeader = null;
        return suggested;
      }
      return localLeaderView.get().orElseGet(() -> peers.get(Math.floorMod(rotation.getAndIncrement(), peers.size())));
    }

    private void onReply(RaftPeerId target, RaftClientReply reply) {
      if (reply.isSuccess()) {
        complete(reply.getMessage());
        return;
      }
      StateMachineException refused = reply.getStateMachineException();
      if (refused != null) {
        Throwable cause = refused.getCause() != null ? refused.getCause() : refused;
        fail(Reason.REFUSED, "proposal refused: " + cause.getMessage());
        return;
      }
      retryAfter(target, reply.getException());
    }

    /**
     * Ratis's client stream fails every request in flight and closes for good on a transport error
     * and also on a NotLeader or LeaderNotReady reply, so such a stream is replaced, once (the
     * first failure seen on a connection replaces it; failures of the requests that were in flight
     * with it only retry).
     */
    private void onError(RaftPeerId target, long connection, Throwable error) {
      if (!(error instanceof TimeoutIOException)
          && connections.get(target).compareAndSet(connection, connection + 1)) {
        client.getClientRpc().handleException(target, error, true);
      }
      retryAfter(target, error);
    }

    private void retryAfter(RaftPeerId target, Throwable error) {
      if (error instanceof NotLeaderException notLeader && notLeader.getSuggestedLeader() != null
          && !notLeader.getSuggestedLeader().getId().equals(target)) {
        suggestedLeader = notLeader.getSuggestedLeader().getId();
        lastReply = target + " is not the leader";
        schedule(0);
        return;
      }
      lastReply = target + ": " + describe(error);
      schedule(retryDelayMillis);
    }

    private void schedule(long delayMillis) {
      if (result.isDone()) {
        return;
      }
      try {
        scheduler.schedule(this::send, delayMillis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        fail(Reason.CLOSED, "consensus closed before a decision");
      }
    }

    void expire() {
      if (!result.isDone()) {
        fail(Reason.NO_QUORUM, whyUndecided.get() + "; waited " + timeout.toMillis() + " ms; last Raft reply: "
            + lastReply);
      }
    }

    private void complete(Message reply) {
      done();
      result.complete(reply);
    }

    void fail(Reason reason, String why) {
      done();
      result.completeExceptionally(new ProposalFailedException(reason, why));
    }

    private void done() {
      pending.remove(this);
      ScheduledFuture<?> d = deadline;
      if (d != null) {
        d.cancel(false);
      }
    }
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String describe(Throwable error) {
    if (error == null) {
      return "failed without a reason";
    }
    Throwable t = unwrap(error);
    while (t.getMessage() == null && t.getCause() != null) {
      t = t.getCause();
    }
    String message = String.valueOf(t.getMessage());
    if (message.length() > 200) {
      message = message.substring(0, 200) + "...";
    }
    return t.getClass().getSimpleName() + ": " + message;
  }
}
