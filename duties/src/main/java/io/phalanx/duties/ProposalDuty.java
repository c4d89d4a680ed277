package io.phalanx.duties;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.consensus.PartialSignature;
import io.phalanx.spec.api.ProducedBlock;
import io.phalanx.spec.api.ProposerDuty;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.BeaconBlock;
import io.phalanx.spec.types.BlindedBeaconBlock;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.types.SignedBlindedBeaconBlock;
import io.phalanx.spec.types.SignedBlockContents;
import io.phalanx.spec.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Block proposals through the cluster. A validator client asks for a block with its partial RANDAO
 * reveal; the node checks it against its share, shares it with the peers and waits for the
 * validator's reveal combined from T partials; then asks its beacon node for a block with that
 * reveal and the operator's graffiti and builder boost factor, and proposes the block to the
 * cluster under (slot, PROPOSER), signed by the proposer's group key. The state machine records it
 * in the slashing-protection history (refusing a second block at the slot); every node serves its
 * validator clients the decided block, whoever fetched it. Partial block signatures are accepted
 * only over the decided block, combined like any other duty's and published through the beacon
 * node (a blinded block first through the one that built it).
 */
public final class ProposalDuty implements Duty, Publisher {
  private static final Logger LOG = LoggerFactory.getLogger(ProposalDuty.class);

  /**
   * What the operator decides for every block.
   *
   * @param graffiti 32 bytes written into every block; empty: the validator client's, else zeros
   * @param builderBoostFactor passed to the beacon node's v3 block production: a builder's bid is
   *     multiplied by it/100 before it is compared with the local payload (0: never a builder block,
   *     100: the higher value wins); empty: the validator client's choice, else the beacon node's
   */
  public record Config(Optional<Bytes> graffiti, OptionalLong builderBoostFactor) {
    public static final Config DEFAULT = new Config(Optional.empty(), OptionalLong.empty());

    public Config {
      Objects.requireNonNull(graffiti, "graffiti");
      graffiti.ifPresent(g -> {
        if (g.size() != 32) {
          throw new IllegalArgumentException("graffiti must be 32 bytes, got " + g.size());
        }
      });
    }

    /** Graffiti from text: UTF-8, at most 32 bytes, zero-padded. */
    public static Bytes graffitiOf(String text) {
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      if (utf8.length > 32) {
        throw new IllegalArgumentException("graffiti '" + text + "' is " + utf8.length
            + " bytes of UTF-8; at most 32 fit in a block");
      }
      byte[] padded = new byte[32];
      System.arraycopy(utf8, 0, padded, 0, utf8.length);
      return Bytes.of(padded);
    }
  }

  private final ClusterView view;
  private final BeaconNode beaconNode;
  private final DecidedDuties decided;
  private final PartialSignatureStore store;
  private final PartialSignatureIntake intake;
  private final SlashingChecks slashing;
  private final SignedMessages messages;
  private final SlotClock clock;
  private final DutyTracker tracker;
  private final Executor verifier;
  private final SlotTimer timer;
  private final AtomicReference<Config> config = new AtomicReference<>(Config.DEFAULT);
  private final Map<Long, CompletableFuture<ProposerDuty.Epoch>> dutiesByEpoch = new ConcurrentHashMap<>();
  private final Map<Long, CompletableFuture<ProducedBlock>> blocksBySlot = new ConcurrentHashMap<>();

  ProposalDuty(ClusterView view, BeaconNode beaconNode, DecidedDuties decided, PartialSignatureStore store,
      PartialSignatureIntake intake, SlashingChecks slashing, SignedMessages messages, SlotClock clock,
      DutyTracker tracker, Executor verifier, SlotTimer timer) {
    this.view = view;
    this.beaconNode = beaconNode;
    this.decided = decided;
    this.store = store;
    this.intake = intake;
    this.slashing = slashing;
    this.messages = messages;
    this.clock = clock;
    this.tracker = tracker;
    this.verifier = verifier;
    this.timer = timer;
  }

  /** Sets the operator's choices for the blocks proposed from now on. */
  public void configure(Config operatorConfig) {
    config.set(Objects.requireNonNull(operatorConfig, "operatorConfig"));
  }

  public Config config() {
    return config.get();
  }

  /**
   * Fetches the epoch's proposer duties ahead and expects the cluster's blocks. No slot has work
   * for the timer: a block is fetched when the validator client asks for it. A failed look-up is
   * not the epoch's failure: the duties are asked again when the client asks.
   */
  @Override
  public CompletableFuture<Set<Long>> onEpoch(long epoch) {
    return duties(epoch).handle((d, error) -> {
      if (error != null) {
        tracker.failed(new DutyKey(clock.firstSlotOf(epoch), DutyType.PROPOSER), DutyTracker.Step.FETCH, null,
            "proposer duties of epoch " + epoch + ": " + DecidedDuties.rootMessage(error));
        return Set.of();
      }
      long now = clock.currentSlot();
      d.duties().stream().filter(p -> view.byGroupKey(p.pubkey()).isPresent()).forEach(p -> {
        LOG.debug("validator {} proposes at slot {}", p.validatorIndex(), p.slot());
        if (p.slot() >= now) {
          tracker.expectProposer(p.slot(), p.pubkey(), p.validatorIndex());
        }
      });
      return Set.of();
    });
  }

  private CompletableFuture<ProposerDuty.Epoch> duties(long epoch) {
    CompletableFuture<ProposerDuty.Epoch> f = dutiesByEpoch.computeIfAbsent(epoch, beaconNode::proposerDuties);
    f.whenComplete((ok, error) -> {
      if (error != null) {
        dutiesByEpoch.remove(epoch, f); // ask again next time
      }
    });
    return f;
  }

  /** The epoch's proposer duties, the cluster's validators named by this node's share keys. */
  public CompletableFuture<ProposerDuty.Epoch> proposerDuties(long epoch) {
    return duties(epoch).thenApply(d -> new ProposerDuty.Epoch(d.dependentRoot(), d.duties().stream()
        .map(p -> view.byGroupKey(p.pubkey()).map(v -> p.withPubkey(view.ownPublicShare(v).toBytes())).orElse(p))
        .toList()));
  }

  /**
   * The block the cluster decided for {@code slot}, after the RANDAO reveal is combined from this
   * node's validator client's partial and the peers'.
   */
  public CompletableFuture<ProducedBlock> produceBlock(long slot, Bytes partialRandao, Optional<Bytes> vcGraffiti,
      OptionalLong vcBuilderBoostFactor) {
    long epoch = slot / clock.slotsPerEpoch();
    return duties(epoch).exceptionallyCompose(error -> CompletableFuture.failedFuture(ApiException.unavailable(
        "cannot learn the proposers of epoch " + epoch + ": " + DecidedDuties.rootMessage(error))))
        .thenCompose(d -> {
          ProposerDuty duty = d.duties().stream()
              .filter(p -> p.slot() == slot && view.byGroupKey(p.pubkey()).isPresent()).findFirst()
              .orElseThrow(() -> ApiException.badRequest("no validator of this cluster proposes at slot " + slot));
          DistributedValidator v = view.byGroupKey(duty.pubkey()).orElseThrow();
          view.learnIndex(duty.pubkey(), duty.validatorIndex());
          return acceptRandao(slot, duty, v, partialRandao)
              .thenCompose(reveal -> block(slot, duty, v, reveal, vcGraffiti, vcBuilderBoostFactor));
        });
  }

  /** Verifies and shares the validator client's partial reveal; completes with the combined one. */
  private CompletableFuture<Bytes> acceptRandao(long slot, ProposerDuty duty, DistributedValidator v, Bytes partial) {
    DutyKey key = new DutyKey(slot, DutyType.RANDAO);
    Bytes groupKey = v.groupPublicKey().toBytes();
    Bytes root = messages.randaoRoot(slot / clock.slotsPerEpoch());
    return CompletableFuture.supplyAsync(() -> {
      BlsSignature sig = signature(partial, "randao_reveal");
      if (!sig.verify(view.ownPublicShare(v), root)) {
        LOG.warn("refused a RANDAO reveal for slot {}: it does not verify against this node's share of validator {}",
            slot, duty.validatorIndex());
        throw ApiException.badRequest("randao_reveal does not verify against this node's share "
            + view.ownPublicShare(v).toHex() + " of validator " + duty.validatorIndex() + " over epoch "
            + slot / clock.slotsPerEpoch());
      }
      PartialSignature p = new PartialSignature(groupKey, view.shareIndex(),
          Bytes.of(RandaoReveal.SSZ.serialize(new RandaoReveal(duty.validatorIndex(), slot, partial))), root, sig);
      intake.acceptVerified(key, p);
      return p;
    }, verifier).thenCompose(p -> timer.orTimeout(store.awaitAggregated(key, groupKey).copy(), clock.slotDuration())
        .exceptionallyCompose(error -> CompletableFuture.failedFuture(ApiException.unavailable(
            "too few peers' RANDAO partials arrived in time to combine the reveal for slot " + slot + ": "
                + DecidedDuties.rootMessage(error))))
        .thenApply(a -> RandaoReveal.SSZ.deserialize(a.signedMessage()).signature()));
  }

  /** Fetches and proposes this node's block for the slot once; every caller gets the decided one. */
  private CompletableFuture<ProducedBlock> block(long slot, ProposerDuty duty, DistributedValidator v, Bytes reveal,
      Optional<Bytes> vcGraffiti, OptionalLong vcBoost) {
    DutyKey key = new DutyKey(slot, DutyType.PROPOSER);
    Bytes groupKey = v.groupPublicKey().toBytes();
    CompletableFuture<ProducedBlock> mine = new CompletableFuture<>();
    CompletableFuture<ProducedBlock> existing = blocksBySlot.putIfAbsent(slot, mine);
    if (existing != null) {
      return existing.copy();
    }
    fetchAndDecide(slot, duty, key, groupKey, reveal, vcGraffiti, vcBoost).whenComplete((block, error) -> {
      if (error != null) {
        blocksBySlot.remove(slot, mine); // a later request may still find it decided
        mine.completeExceptionally(error);
      } else {
        mine.complete(block);
      }
    });
    return mine.copy();
  }

  private CompletableFuture<ProducedBlock> fetchAndDecide(long slot, ProposerDuty duty, DutyKey key, Bytes groupKey,
      Bytes reveal, Optional<Bytes> vcGraffiti, OptionalLong vcBoost) {
    Config operator = config.get();
    Bytes graffiti = operator.graffiti().or(() -> vcGraffiti).orElse(Bytes.zero(32));
    OptionalLong boost = operator.builderBoostFactor().isPresent() ? operator.builderBoostFactor() : vcBoost;
    CompletableFuture<Bytes> decision;
    if (decided.proposed(key) || decided.decidedNow(key).isPresent()) {
      decision = decided.await(key, clock.slotDuration());
    } else {
      decision = beaconNode.produceBlock(slot, reveal, graffiti, boost)
          .thenCompose(produced -> {
            if (produced.slot() != slot || produced.proposerIndex() != duty.validatorIndex()) {
              throw ApiException.unavailable("the beacon node built a block for slot " + produced.slot()
                  + " and proposer " + produced.proposerIndex() + ", not slot " + slot + " and validator "
                  + duty.validatorIndex());
            }
            tracker.succeeded(key, DutyTracker.Step.FETCH);
            return decided.propose(key, Bytes.of(ProducedBlock.SSZ.serialize(produced)), List.of(groupKey));
          })
          .exceptionallyCompose(error -> {
            if (!decided.proposed(key)) {
              tracker.failed(key, DutyTracker.Step.FETCH, groupKey.toHex(), DecidedDuties.rootMessage(error));
            }
            // Another node's block may still be decided for the slot.
            return decided.await(key, clock.slotDuration());
          });
    }
    return decision
        .exceptionallyCompose(error -> CompletableFuture.failedFuture(ApiException.unavailable(
            "the cluster has not agreed on a block for slot " + slot + ": " + DecidedDuties.rootMessage(error))))
        .thenApply(value -> servable(slot, groupKey, reveal, ProducedBlock.SSZ.deserialize(value)));
  }

  /**
   * Defence in depth: the decided block must carry the combined reveal and be in this node's copy
   * of the proposer's slashing-protection history (the state machine recorded it on deciding).
   */
  private ProducedBlock servable(long slot, Bytes groupKey, Bytes reveal, ProducedBlock block) {
    BlindedBeaconBlock blinded = block.blindedBlock();
    if (!blinded.body().randaoReveal().equals(reveal)) {
      throw ApiException.unavailable("the block decided for slot " + slot + " carries another RANDAO reveal than"
          + " the validator's");
    }
    slashing.servableBlock(slot, groupKey, block.blockRoot());
    return block;
  }

  /** A partially signed full block from the validator client. */
  public CompletableFuture<Void> submitBlock(ConsensusVersion version, SignedBlockContents signed) {
    BeaconBlock block = signed.signedBlock().message();
    return submit(version, block.slot(), block.proposerIndex(), BeaconBlock.SSZ.hashTreeRoot(block),
        signed.signedBlock().signature(), "block");
  }

  /** A partially signed blinded block from the validator client. */
  public CompletableFuture<Void> submitBlindedBlock(ConsensusVersion version, SignedBlindedBeaconBlock signed) {
    BlindedBeaconBlock block = signed.message();
    return submit(version, block.slot(), block.proposerIndex(), BlindedBeaconBlock.SSZ.hashTreeRoot(block),
        signed.signature(), "blinded block");
  }

  private CompletableFuture<Void> submit(ConsensusVersion version, long slot, long proposerIndex, Bytes blockRoot,
      Bytes signature, String what) {
    DutyKey key = new DutyKey(slot, DutyType.PROPOSER);
    String named = what + " of slot " + slot + " (root " + blockRoot + ")";
    Optional<ProducedBlock> agreed = decided.decidedNow(key).map(ProducedBlock.SSZ::deserialize);
    if (agreed.isEmpty() || !agreed.get().blockRoot().equals(blockRoot)) {
      String why = agreed.isEmpty() ? "the cluster decided no block for slot " + slot
          : "the cluster decided block root " + agreed.get().blockRoot();
      LOG.warn("refused a partial signature over the {}: not the block the cluster decided ({})", named, why);
      return CompletableFuture.failedFuture(ApiException.badRequest("the " + named
          + " is not the block the cluster decided: " + why + "; sign the block GET /eth/v3/validator/blocks/"
          + slot + " serves"));
    }
    if (agreed.get().version() != version) {
      return CompletableFuture.failedFuture(ApiException.badRequest("Eth-Consensus-Version " + version.apiName()
          + " does not match the decided block's fork " + agreed.get().version().apiName()));
    }
    Optional<DistributedValidator> v = view.byIndex(proposerIndex);
    if (v.isEmpty()) {
      return CompletableFuture.failedFuture(ApiException.badRequest("validator " + proposerIndex
          + " is not one of this cluster's validators"));
    }
    Bytes groupKey = v.get().groupPublicKey().toBytes();
    Bytes root = messages.blockSigningRoot(slot, blockRoot);
    if (!slashing.blockRecorded(groupKey, slot, root)) {
      return CompletableFuture.failedFuture(ApiException.badRequest("the " + named
          + " is not in the cluster's slashing-protection history of validator " + proposerIndex));
    }
    return CompletableFuture.runAsync(() -> {
      BlsSignature sig = signature(signature, "signature");
      if (!sig.verify(view.ownPublicShare(v.get()), root)) {
        LOG.warn("refused a partial signature over the {}: it does not verify against this node's share", named);
        throw ApiException.badRequest("the partial signature over the " + named + " does not verify against this"
            + " node's share " + view.ownPublicShare(v.get()).toHex());
      }
      SignedBlindedBeaconBlock compact = new SignedBlindedBeaconBlock(agreed.get().blindedBlock(), signature);
      intake.acceptVerified(key, new PartialSignature(groupKey, view.shareIndex(),
          Bytes.of(SignedBlindedBeaconBlock.SSZ.serialize(compact)), root, sig));
    }, verifier);
  }

  @Override
  public CompletableFuture<Void> publish(DutyKey key, List<PartialSignatureStore.Aggregated> batch) {
    return CompletableFuture.allOf(batch.stream().map(this::publishBlock).toArray(CompletableFuture[]::new));
  }

  /**
   * Publishes a combined block signature: the decided block, blinded or full as decided, with the
   * validator's signature.
   */
  private CompletableFuture<Void> publishBlock(PartialSignatureStore.Aggregated aggregated) {
    SignedBlindedBeaconBlock signed = SignedBlindedBeaconBlock.SSZ.deserialize(aggregated.signedMessage());
    // A node that has just restarted can combine the block's signature from its peers' partials
    // before it has applied the decision (it is still catching up on the Raft log); when the block
    // came from its own beacon node's builder, only it can publish. So it takes the leader's answer
    // to its own proposal as the decision too, waiting up to a slot, instead of refusing the block
    // as undecided. The combined signature shows T nodes signed it, which honest nodes do only
    // for the block they applied as decided.
    CompletableFuture<Bytes> decision = decided.decidedNow(aggregated.key()).map(CompletableFuture::completedFuture)
        .orElseGet(() -> decided.awaitForPublishing(aggregated.key(), clock.slotDuration()));
    return decision.handle((value, error) -> error == null
            ? Optional.of(ProducedBlock.SSZ.deserialize(value)) : Optional.<ProducedBlock>empty())
        .thenCompose(agreed -> publishDecided(signed, agreed));
  }

  private CompletableFuture<Void> publishDecided(SignedBlindedBeaconBlock signed, Optional<ProducedBlock> agreed) {
    long slot = signed.message().slot();
    if (agreed.isEmpty() || !agreed.get().blockRoot().equals(BlindedBeaconBlock.SSZ.hashTreeRoot(signed.message()))) {
      return CompletableFuture.failedFuture(new IllegalStateException("not published: the signed block of slot "
          + slot + " is not the decided one"));
    }
    ProducedBlock block = agreed.get();
    Instant start = clock.clock().instant();
    CompletableFuture<Void> published = block.blinded()
        ? beaconNode.publishBlindedBlock(block.version(), signed)
        : beaconNode.publishBlock(block.version(), SignedBlockContents.of(block.contents(), signed.signature()));
    return published.whenComplete((ok, error) -> {
      if (error == null) {
        LOG.debug("published the {} block of slot {} (root {}) in {} ms", block.blinded() ? "blinded" : "full", slot,
            block.blockRoot(), Duration.between(start, clock.clock().instant()).toMillis());
      } else {
        LOG.warn("publishing the block of slot {} failed: {}", slot, DecidedDuties.rootMessage(error));
      }
    });
  }

  @Override
  public void pruneBelow(long slot) {
    blocksBySlot.keySet().removeIf(s -> s < slot);
    long epoch = slot / clock.slotsPerEpoch();
    dutiesByEpoch.keySet().removeIf(e -> e < epoch);
  }

  private static BlsSignature signature(Bytes bytes, String what) {
    try {
      return BlsSignature.fromBytes(bytes);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("malformed " + what + ": " + e.getMessage());
    }
  }
}
