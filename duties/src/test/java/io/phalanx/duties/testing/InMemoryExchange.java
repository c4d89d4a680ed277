package io.phalanx.duties.testing;

import io.phalanx.consensus.PartialSignature;
import io.phalanx.consensus.PartialSignatureExchange;
import io.phalanx.spec.duty.DutyKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;

/**
 * The partial-signature exchange of N nodes in memory: each broadcast reaches every other node's
 * listeners as a task of its own on the delivery executor, as a message from the network would
 * arrive on another thread. A node that is cut off neither sends nor receives (what is in flight
 * when it is cut off is lost) until it is reconnected.
 */
public final class InMemoryExchange {
  private final Executor delivery;
  private final Set<Integer> cutOff = ConcurrentHashMap.newKeySet();
  private final List<Member> members;

  /** An exchange that delivers each message on a thread of the JDK's asynchronous pool. */
  public InMemoryExchange(int nodeCount) {
    this(nodeCount, CompletableFuture::runAsync);
  }

  /** An exchange that delivers each message as a task on {@code delivery}. */
  public InMemoryExchange(int nodeCount, Executor delivery) {
    this.delivery = delivery;
    this.members = IntStream.range(0, nodeCount).mapToObj(Member::new).toList();
  }

  /** Node {@code index}'s side of the exchange. */
  public PartialSignatureExchange node(int index) {
    return members.get(index);
  }

  /** Node {@code index} neither sends nor receives until {@link #reconnect}ed. */
  public void cutOff(int index) {
    cutOff.add(index);
  }

  public void reconnect(int index) {
    cutOff.remove(index);
  }

  private boolean linked(int from, int to) {
    return !cutOff.contains(from) && !cutOff.contains(to);
  }

  /** One node's side: its listeners. */
  private final class Member implements PartialSignatureExchange {
    private final int index;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    Member(int index) {
      this.index = index;
    }

    @Override
    public void broadcast(DutyKey key, List<PartialSignature> partials) {
      for (Member peer : members) {
        if (peer != this && linked(index, peer.index)) {
          delivery.execute(() -> {
            if (linked(index, peer.index)) {
              peer.listeners.forEach(l -> l.onPartials(index, key, partials));
            }
          });
        }
      }
    }

    @Override
    public void subscribe(Listener listener) {
      listeners.add(listener);
    }

    @Override
    public void close() {}
  }
}
