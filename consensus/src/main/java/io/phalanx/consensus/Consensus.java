package io.phalanx.consensus;

import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.util.Bytes;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * The cluster agrees on one value per duty key. Every node proposes what its beacon node gave it;
 * the first value committed for a key is the decided value on every node, later proposals for
 * the key are ignored.
 */
public interface Consensus extends AutoCloseable {
  /**
   * Proposes {@code value} for {@code key}.
   *
   * @return completes with the decided value, which may be another node's proposal; fails if no
   *     decision can be reached (e.g. no quorum) before the implementation's timeout
   */
  default CompletableFuture<Bytes> propose(DutyKey key, Bytes value) {
    return propose(key, value, List.of());
  }

  /**
   * Proposes {@code value} for {@code key}, naming the validators that will sign it (their group
   * public keys). For an attester duty the cluster records the attestation in every signer's
   * slashing-protection history when the value is decided, and refuses the proposal (on every
   * node alike) if it is slashable for any of them; the next valid proposal for the key then wins.
   *
   * @return completes with the decided value, which may be another node's proposal; fails if this
   *     proposal is refused or no decision can be reached before the implementation's timeout
   */
  CompletableFuture<Bytes> propose(DutyKey key, Bytes value, Collection<Bytes> signers);

  /** This node's copy of the cluster's slashing-protection history. */
  SlashingProtection slashingProtection();

  /**
   * Calls {@code listener} for every key decided from now on, on every node, in the order of the
   * log, including keys this node did not propose. Listeners must not block.
   */
  void subscribe(DecidedListener listener);

  /** The decided value of {@code key}, if this node has applied it and not yet pruned it. */
  Optional<Bytes> decided(DutyKey key);

  /** The node index of the current leader, if one is known. */
  OptionalInt leaderIndex();

  @Override
  void close();

  /** Receives decided values. */
  @FunctionalInterface
  interface DecidedListener {
    void onDecided(DutyKey key, Bytes value);
  }
}
