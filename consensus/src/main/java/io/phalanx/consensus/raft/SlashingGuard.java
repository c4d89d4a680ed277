package io.phalanx.consensus.raft;

import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.consensus.slashing.Rule;
import io.phalanx.consensus.slashing.SlashingHistory;
import io.phalanx.consensus.slashing.Verdict;
import io.phalanx.spec.api.ProducedBlock;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.signing.DomainType;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.ForkSchedule;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The slashing-protection part of the duty state machine: the replicated history and the check a
 * decided attester duty must pass. Deterministic (the lock, the fork and the window are the same on
 * every node; nothing reads a clock), so every node refuses the same proposals. Not thread-safe:
 * the state machine's lock guards it.
 */
final class SlashingGuard {
  /** A proposal the rules refused. */
  record Refusal(Optional<Rule> rule, String message) {}

  private final List<Bytes> validators;
  private final Map<Bytes, Integer> indexOf = new HashMap<>();
  private final ForkSchedule forks;
  private final Bytes genesisValidatorsRoot;
  private final long windowEpochs;
  private final long windowSlots;
  private final long slotsPerEpoch;
  private SlashingHistory history;
  private final Map<Rule, AtomicLong> refusals = new EnumMap<>(Rule.class);
  private final AtomicLong malformed = new AtomicLong();

  SlashingGuard(ClusterLock lock, SlashingConfig config) {
    List<Bytes> keys = new ArrayList<>();
    for (DistributedValidator v : lock.validators()) {
      indexOf.put(v.groupPublicKey().toBytes(), keys.size());
      keys.add(v.groupPublicKey().toBytes());
    }
    this.validators = List.copyOf(keys);
    this.forks = config.forks();
    this.genesisValidatorsRoot = lock.content().network().genesisValidatorsRoot();
    this.windowEpochs = config.historyEpochs();
    this.windowSlots = config.windowSlots();
    this.slotsPerEpoch = config.slotsPerEpoch();
    this.history = emptyHistory();
    for (Rule r : Rule.values()) {
      refusals.put(r, new AtomicLong());
    }
  }

  private SlashingHistory emptyHistory() {
    return new SlashingHistory(SlashingHistory.Strategy.COMPLETE, windowEpochs, windowSlots);
  }

  /**
   * Checks a duty proposal that is about to be decided and records it in the signers' histories;
   * refuses it (recording nothing) if it is slashable for any signer.
   */
  Optional<Refusal> decide(DutyCommand command) {
    if (command.key().type() == DutyType.PROPOSER) {
      return decideBlock(command);
    }
    if (command.key().type() != DutyType.ATTESTER || command.signers().isEmpty()) {
      // Only attestations (and, once proposals are served, blocks) are slashable. An attester
      // value without signers is recorded for nobody, and the validator API signs nothing the
      // history does not hold.
      return Optional.empty();
    }
    AttestationData data;
    try {
      data = AttestationData.SSZ.deserialize(command.value());
    } catch (IllegalArgumentException e) {
      malformed.incrementAndGet();
      return Optional.of(new Refusal(Optional.empty(), "the attester value is not attestation data: " + e.getMessage()));
    }
    long epoch = command.key().slot() / slotsPerEpoch;
    if (data.slot() != command.key().slot() || data.target().epoch() != epoch
        || Long.compareUnsigned(data.source().epoch(), data.target().epoch()) > 0) {
      // Not slashable by EIP-3076, but a vote for a far target would poison the signers' history
      // (every honest vote below it would be refused as surrounded), so the cluster takes none.
      malformed.incrementAndGet();
      return Optional.of(new Refusal(Optional.empty(), "the attestation data is not for slot " + command.key().slot()
          + " (slot " + data.slot() + ", source epoch " + data.source().epoch() + ", target epoch "
          + data.target().epoch() + "; the slot is in epoch " + epoch + ")"));
    }
    List<Bytes> signers = new ArrayList<>(command.signers().size());
    for (long index : command.signers()) {
      if (index >= validators.size()) {
        malformed.incrementAndGet();
        return Optional.of(new Refusal(Optional.empty(), "signer " + index + " is not a validator of the lock, which has "
            + validators.size()));
      }
      signers.add(validators.get((int) index));
    }
    Optional<SlashingHistory.Refusal> refused = history.signAttestations(signers, data.source().epoch(),
        data.target().epoch(), attestationSigningRoot(data));
    if (refused.isPresent()) {
      Rule rule = refused.get().verdict().rule();
      refusals.get(rule).incrementAndGet();
      return Optional.of(new Refusal(Optional.of(rule), "slashable for validator " + refused.get().pubkey() + ": "
          + rule.reason() + " (" + refused.get().verdict().detail() + ")"));
    }
    return Optional.empty();
  }

  /**
   * A proposer value must be a block of the key's slot, signed by exactly one of the lock's
   * validators; it is refused if that validator signed another block at the slot (or the slot is
   * below its block history), else recorded (EIP-3076 block rules, on every node alike).
   */
  private Optional<Refusal> decideBlock(DutyCommand command) {
    ProducedBlock block;
    try {
      block = ProducedBlock.SSZ.deserialize(command.value());
    } catch (IllegalArgumentException e) {
      malformed.incrementAndGet();
      return Optional.of(new Refusal(Optional.empty(), "the proposer value is not a produced block: " + e.getMessage()));
    }
    long slot = command.key().slot();
    if (block.slot() != slot) {
      malformed.incrementAndGet();
      return Optional.of(new Refusal(Optional.empty(), "the block is for slot " + block.slot() + ", not " + slot));
    }
    if (command.signers().size() != 1 || command.signers().getFirst() >= validators.size()) {
      malformed.incrementAndGet();
      return Optional.of(new Refusal(Optional.empty(), "a block needs exactly one signer among the lock's "
          + validators.size() + " validators, got " + command.signers()));
    }
    Bytes signer = validators.get(command.signers().getFirst().intValue());
    Verdict verdict = history.signBlock(signer, slot, blockSigningRoot(slot, block.blockRoot()));
    if (verdict instanceof Verdict.Refused refused) {
      refusals.get(refused.rule()).incrementAndGet();
      return Optional.of(new Refusal(Optional.of(refused.rule()), "slashable for validator " + signer + ": "
          + refused.rule().reason() + " (" + refused.detail() + ")"));
    }
    return Optional.empty();
  }

  Bytes blockSigningRoot(long slot, Bytes blockRoot) {
    Bytes domain = SigningRoots.domainAtEpoch(DomainType.BEACON_PROPOSER, forks.forkAt(slot / slotsPerEpoch), slot / slotsPerEpoch,
        genesisValidatorsRoot);
    return SigningRoots.computeSigningRoot(blockRoot, domain);
  }

  Verdict checkBlock(Bytes pubkey, long slot, Bytes signingRoot) {
    return history.checkBlock(pubkey, slot, signingRoot);
  }

  /** Merges an imported history, keeping only the lock's validators; returns how many it merged. */
  int importHistory(SlashingHistory imported) {
    return history.merge(imported, indexOf::containsKey);
  }

  Bytes attestationSigningRoot(AttestationData data) {
    Bytes domain = SigningRoots.domainAtEpoch(DomainType.BEACON_ATTESTER, forks.forkAt(data.target().epoch()), data.target().epoch(),
        genesisValidatorsRoot);
    return SigningRoots.computeSigningRoot(AttestationData.SSZ, data, domain);
  }

  long windowEpochs() {
    return windowEpochs;
  }

  long windowSlots() {
    return windowSlots;
  }

  SlashingHistory history() {
    return history;
  }

  Verdict checkAttestation(Bytes pubkey, long source, long target, Bytes root) {
    return history.checkAttestation(pubkey, source, target, root);
  }

  boolean hasAttestation(Bytes pubkey, long source, long target, Bytes root) {
    return history.hasAttestation(pubkey, source, target, root);
  }

  Optional<Integer> validatorIndex(Bytes pubkey) {
    return Optional.ofNullable(indexOf.get(pubkey));
  }

  byte[] toSnapshot() {
    return history.toSsz();
  }

  void restore(byte[] snapshot) {
    history = SlashingHistory.fromSsz(snapshot, SlashingHistory.Strategy.COMPLETE, windowEpochs, windowSlots);
  }

  /** Refusals so far on this node, by rule (malformed attester proposals under {@code null}). */
  SlashingRefusals refusals() {
    Map<Rule, Long> byRule = new EnumMap<>(Rule.class);
    refusals.forEach((r, n) -> byRule.put(r, n.get()));
    return new SlashingRefusals(byRule, malformed.get());
  }
}
