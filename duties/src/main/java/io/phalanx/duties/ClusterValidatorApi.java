package io.phalanx.duties;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.ValidatorApi;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.consensus.PartialSignature;
import io.phalanx.consensus.PartialSignatureExchange;
import io.phalanx.consensus.SlashingProtection;
import io.phalanx.consensus.slashing.Verdict;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.bls.Bls;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.bls.SignatureCheck;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.ssz.Bitfield;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.Attestation;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The validator API a validator client in distributed mode talks to, served from the cluster: it
 * hands out only decided data, accepts only partial signatures that verify against this node's
 * share over that data, shares them with the peers and returns combined selection proofs. Validator
 * clients know their share keys; this maps them to the validators' group keys and back.
 */
public final class ClusterValidatorApi implements ValidatorApi {
  private final ClusterView view;
  private final BeaconNode beaconNode;
  private final DecidedDuties decided;
  private final DutyScheduler scheduler;
  private final PartialSignatureStore store;
  private final PartialSignatureExchange exchange;
  private final SignedMessages messages;
  private final SlotClock slotClock;
  private final DutyTracker tracker;
  private final Clock clock;
  private final java.util.concurrent.Executor verifier;
  private final SlashingProtection protection;
  private final VoluntaryExitDuty exits;
  private final BuilderRegistrationDuty registrations;
  private final ProposerPreparations preparations;
  private final SyncCommitteeDuties sync;

  public ClusterValidatorApi(ClusterView view, BeaconNode beaconNode, DecidedDuties decided, DutyScheduler scheduler,
      PartialSignatureStore store, PartialSignatureExchange exchange, SignedMessages messages, SlotClock slotClock,
      DutyTracker tracker, java.util.concurrent.Executor verifier, SlashingProtection protection) {
    this.verifier = verifier;
    this.protection = protection;
    this.view = view;
    this.beaconNode = beaconNode;
    this.decided = decided;
    this.scheduler = scheduler;
    this.store = store;
    this.exchange = exchange;
    this.messages = messages;
    this.slotClock = slotClock;
    this.tracker = tracker;
    this.clock = slotClock.clock();
    this.exits = new VoluntaryExitDuty(view, messages, this::verifyAndAccept);
    this.registrations = new BuilderRegistrationDuty(view, messages, slotClock, this::verifyAndAccept);
    this.preparations = new ProposerPreparations(view, beaconNode);
    this.sync = new SyncCommitteeDuties(view, beaconNode, decided, scheduler, store, messages, slotClock, tracker,
        this::verifyAndAccept);
  }

  private Duration deadline() {
    return slotClock.slotDuration().multipliedBy(2);
  }

  @Override
  public CompletableFuture<AttesterDuty.Epoch> attesterDuties(long epoch, List<Long> validatorIndices) {
    // The beacon node's dependent root passes through, so a client refetches after a reorg as it would.
    return beaconNode.attesterDuties(epoch, validatorIndices).thenApply(duties -> new AttesterDuty.Epoch(
        duties.dependentRoot(), duties.duties().stream()
            .map(d -> view.byGroupKey(d.pubkey())
                .map(v -> d.withPubkey(view.ownPublicShare(v).toBytes()))
                .orElse(d))
            .toList()));
  }

  @Override
  public CompletableFuture<AttestationData> attestationData(long slot, long committeeIndex) {
    return scheduler.triggerAttestation(slot)
        .thenApply(AttestationData.SSZ::deserialize)
        .exceptionallyCompose(error -> CompletableFuture.failedFuture(
            ApiException.unavailable("the cluster has not agreed on attestation data for slot " + slot + ": "
                + DecidedDuties.rootMessage(error))))
        .thenApply(data -> servable(slot, data));
  }

  /**
   * Defence in depth before a validator client gets data to sign: this node's own copy of the
   * slashing-protection history must hold the decided data for at least one of the slot's
   * attesters and conflict with none of them. (The state machine checked it when it decided; a
   * node whose copy disagrees serves nothing.)
   */
  private AttestationData servable(long slot, AttestationData data) {
    Bytes root = messages.attestationDataRoot(data);
    boolean recorded = false;
    for (Bytes attester : scheduler.attesters(slot)) {
      Verdict verdict = protection.checkAttestation(attester, data.source().epoch(), data.target().epoch(), root);
      if (verdict instanceof Verdict.Refused refused) {
        throw ApiException.unavailable("slashing protection: the attestation data decided for slot " + slot
            + " conflicts with this node's history of validator " + attester + " (" + refused + ")");
      }
      recorded |= verdict instanceof Verdict.AlreadySigned;
    }
    if (!recorded) {
      throw ApiException.unavailable("slashing protection: the attestation data decided for slot " + slot
          + " is not in this node's slashing-protection history for any of the slot's validators");
    }
    return data;
  }

  @Override
  public CompletableFuture<Void> submitAttestations(List<SingleAttestation> attestations) {
    return guarded(() -> {
      List<Submitted> submitted = new ArrayList<>();
      // A request holds a slot's attestations of many validators: decode each decided value once.
      Map<DutyKey, Optional<AttestationData>> decidedData = new HashMap<>();
      for (int i = 0; i < attestations.size(); i++) {
        SingleAttestation a = attestations.get(i);
        int index = i;
        DutyKey key = new DutyKey(a.data().slot(), DutyType.ATTESTER);
        DistributedValidator v = validatorAt(index, a.attesterIndex());
        Optional<AttestationData> agreed = decidedData.computeIfAbsent(key,
            k -> decided.decidedNow(k).map(AttestationData.SSZ::deserialize));
        if (agreed.isEmpty() || !agreed.get().equals(a.data())) {
          throw refused(index, "attestation of validator " + a.attesterIndex() + " for slot "
              + a.data().slot() + " is not over the attestation data the cluster decided");
        }
        Bytes root = messages.attestationRoot(a);
        if (!protection.attestationRecorded(v.groupPublicKey().toBytes(), a.data().source().epoch(),
            a.data().target().epoch(), root)) {
          throw refused(index, "attestation of validator " + a.attesterIndex() + " for slot "
              + a.data().slot() + " is not in the cluster's slashing-protection history for this validator"
              + (protection.importPending(v.groupPublicKey().toBytes())
                  ? " (its imported history is not in the cluster yet)" : " (it was not among the decided signers)"));
        }
        submitted.add(new Submitted(key, v, Bytes.of(SingleAttestation.SSZ.serialize(a)), root,
            a.signature(), "attestation of validator " + a.attesterIndex()));
      }
      return verifyAndAccept(submitted).thenApply(partials -> null);
    });
  }

  @Override
  public CompletableFuture<List<BeaconCommitteeSelection>> beaconCommitteeSelections(
      List<BeaconCommitteeSelection> partials) {
    return guarded(() -> {
      List<Submitted> submitted = new ArrayList<>();
      for (BeaconCommitteeSelection s : partials) {
        DistributedValidator v = validator(s.validatorIndex());
        submitted.add(new Submitted(new DutyKey(s.slot(), DutyType.SELECTION_PROOF), v,
            Bytes.of(BeaconCommitteeSelection.SSZ.serialize(s)), messages.selectionRoot(s.slot()), s.selectionProof(),
            "selection proof of validator " + s.validatorIndex()));
      }
      // Proofs for later slots (clients that send an epoch's partials at its start) combine when the
      // peers' partials arrive, which peers whose clients go slot by slot send only in that slot: the
      // answer holds every proof of this slot, the next (a client's timer may fire a hair before the
      // slot starts) or earlier combined by the deadline and those of later slots combined within half
      // a slot, and the client asks again for the rest in their slots.
      long wait = deadline().toMillis();
      long laterWait = slotClock.slotDuration().dividedBy(2).toMillis();
      long currentSlot = slotClock.currentSlot();
      return verifyAndAccept(submitted).thenCompose(accepted -> {
        List<CompletableFuture<BeaconCommitteeSelection>> results = submitted.stream()
            .map(sub -> store.awaitAggregated(sub.key(), sub.validator().groupPublicKey().toBytes()).copy()
                .thenApply(aggregated -> BeaconCommitteeSelection.SSZ.deserialize(aggregated.signedMessage()))
                .exceptionally(error -> null)
                .completeOnTimeout(null, sub.key().slot() > currentSlot + 1 ? laterWait : wait,
                    java.util.concurrent.TimeUnit.MILLISECONDS))
            .toList();
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
          List<BeaconCommitteeSelection> combined =
              results.stream().map(CompletableFuture::join).filter(java.util.Objects::nonNull).toList();
          if (combined.isEmpty() && !submitted.isEmpty()) {
            throw ApiException.unavailable("too few peers' selection proofs arrived in time to combine");
          }
          return combined;
        });
      });
    });
  }

  @Override
  public CompletableFuture<Attestation> aggregateAttestation(long slot, Bytes attestationDataRoot, long committeeIndex) {
    return scheduler.triggerAggregation(slot, committeeIndex).exceptionallyCompose(error ->
        CompletableFuture.failedFuture(ApiException.unavailable("the cluster has not agreed on the aggregates of slot "
            + slot + ": " + DecidedDuties.rootMessage(error)))).thenApply(value -> {
      for (Attestation a : DutyScheduler.aggregates(value)) {
        if (a.committeeBits().get((int) committeeIndex)
            && AttestationData.SSZ.hashTreeRoot(a.data()).equals(attestationDataRoot)) {
          return a;
        }
      }
      throw ApiException.notFound("no aggregate attestation for slot " + slot + ", committee " + committeeIndex
          + " and data root " + attestationDataRoot);
    });
  }

  @Override
  public CompletableFuture<Void> submitAggregateAndProofs(List<SignedAggregateAndProof> aggregates) {
    return guarded(() -> {
      List<Submitted> submitted = new ArrayList<>();
      Map<DutyKey, List<Attestation>> decidedAggregates = new HashMap<>();
      for (int i = 0; i < aggregates.size(); i++) {
        SignedAggregateAndProof signed = aggregates.get(i);
        long slot = signed.message().aggregate().data().slot();
        DutyKey key = new DutyKey(slot, DutyType.AGGREGATOR);
        DistributedValidator v = validatorAt(i, signed.message().aggregatorIndex());
        List<Attestation> agreed = decidedAggregates.computeIfAbsent(key,
            k -> decided.decidedNow(k).map(DutyScheduler::aggregates).orElse(List.of()));
        if (!agreed.contains(signed.message().aggregate())) {
          throw refused(i, "aggregate of validator " + signed.message().aggregatorIndex()
              + " for slot " + slot + " is not the aggregate the cluster decided");
        }
        submitted.add(new Submitted(key, v, Bytes.of(SignedAggregateAndProof.SSZ.serialize(signed)),
            messages.aggregateAndProofRoot(signed.message()), signed.signature(),
            "aggregate and proof of validator " + signed.message().aggregatorIndex()));
      }
      return verifyAndAccept(submitted).thenApply(partials -> null);
    });
  }

  @Override
  public CompletableFuture<List<ValidatorInfo>> validators(String stateId, List<String> ids) {
    return guarded(() -> {
      List<String> translated = new ArrayList<>();
      for (String id : ids) {
        String groupKey = id;
        if (id.startsWith("0x")) {
          try {
            groupKey = view.byOwnShareKey(Bytes.fromHex(id)).map(v -> v.groupPublicKey().toHex()).orElse(id);
          } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("validator id '" + id + "' is neither an index nor a public key");
          }
        }
        translated.add(groupKey);
      }
      return beaconNode.validators(stateId, translated).thenApply(infos -> infos.stream().map(info ->
          view.byGroupKey(info.pubkey()).map(v -> {
            view.learnIndex(info.pubkey(), info.index());
            return info.withPubkey(view.ownPublicShare(v).toBytes());
          }).orElse(info)).toList());
    });
  }

  @Override
  public CompletableFuture<Void> submitVoluntaryExit(io.phalanx.spec.types.SignedVoluntaryExit partialExit) {
    return guarded(() -> exits.submit(partialExit));
  }

  @Override
  public CompletableFuture<Void> registerValidators(
      List<io.phalanx.spec.types.SignedValidatorRegistrationV1> partialRegistrations) {
    return guarded(() -> registrations.submit(partialRegistrations));
  }

  @Override
  public CompletableFuture<Void> prepareBeaconProposer(List<io.phalanx.spec.api.ProposerPreparation> preparations) {
    return guarded(() -> this.preparations.prepare(preparations));
  }

  /** The validator of the element at {@code position} of a submitted list; a stranger is refused (400). */
  private DistributedValidator validatorAt(int position, long index) {
    return view.byIndex(index).orElseThrow(() -> refused(position,
        "validator " + index + " is not one of this cluster's validators (or its index is not known yet)"));
  }

  @Override
  public CompletableFuture<List<io.phalanx.spec.api.SyncCommitteeDuty>> syncCommitteeDuties(
      long epoch, List<Long> validatorIndices) {
    return sync.duties(epoch, validatorIndices);
  }

  @Override
  public CompletableFuture<Optional<Bytes>> syncCommitteeHeadRoot() {
    return sync.headRoot();
  }

  @Override
  public CompletableFuture<Void> submitSyncCommitteeMessages(List<io.phalanx.spec.types.SyncCommitteeMessage> messages) {
    return guarded(() -> sync.submitMessages(messages));
  }

  @Override
  public CompletableFuture<List<io.phalanx.spec.api.SyncCommitteeSelection>> syncCommitteeSelections(
      List<io.phalanx.spec.api.SyncCommitteeSelection> partials) {
    return guarded(() -> sync.selections(partials));
  }

  @Override
  public CompletableFuture<io.phalanx.spec.types.SyncCommitteeContribution> syncCommitteeContribution(
      long slot, long subcommitteeIndex, Bytes beaconBlockRoot) {
    return sync.contribution(slot, subcommitteeIndex, beaconBlockRoot);
  }

  @Override
  public CompletableFuture<Void> submitContributionAndProofs(
      List<io.phalanx.spec.types.SignedContributionAndProof> contributions) {
    return guarded(() -> sync.submitContributionAndProofs(contributions));
  }

  /** The sync-committee duties this validator API serves. */
  public SyncCommitteeDuties syncCommittee() {
    return sync;
  }

  private DistributedValidator validator(long index) {
    return view.byIndex(index).orElseThrow(() -> ApiException.notFound(
        "validator " + index + " is not one of this cluster's validators (or its index is not known yet)"));
  }

  /** A partial signature a validator client submitted, not yet checked. */
  record Submitted(DutyKey key, DistributedValidator validator, Bytes signedMessage, Bytes signingRoot,
      Bytes signature, String what) {}

  /**
   * Checks the validator client's partial signatures against this node's shares, in one batch and
   * off the caller's (the HTTP server's) thread, then shares them. One that does not verify
   * refuses the whole request with a 400 naming it, and nothing is kept.
   */
  CompletableFuture<List<PartialSignature>> verifyAndAccept(List<Submitted> submitted) {
    return CompletableFuture.supplyAsync(() -> {
      List<PartialSignature> partials = new ArrayList<>();
      List<SignatureCheck> checks = new ArrayList<>();
      for (Submitted sub : submitted) {
        BlsSignature sig;
        try {
          sig = BlsSignature.fromBytes(sub.signature());
        } catch (IllegalArgumentException e) {
          throw refused(partials.size(), sub.what() + ": malformed signature: " + e.getMessage());
        }
        partials.add(new PartialSignature(sub.validator().groupPublicKey().toBytes(), view.shareIndex(),
            sub.signedMessage(), sub.signingRoot(), sig));
        checks.add(new SignatureCheck(view.ownPublicShare(sub.validator()), sub.signingRoot(), sig));
      }
      if (!checks.isEmpty() && !Bls.batchVerify(checks)) {
        for (int i = 0; i < checks.size(); i++) {
          SignatureCheck c = checks.get(i);
          if (!c.signature().verify(c.publicKey(), c.message())) {
            throw refused(i, submitted.get(i).what() + ": partial signature does not verify against"
                + " this node's share " + c.publicKey().toHex());
          }
        }
      }
      Map<DutyKey, List<PartialSignature>> byKey = new LinkedHashMap<>();
      for (int i = 0; i < partials.size(); i++) {
        byKey.computeIfAbsent(submitted.get(i).key(), k -> new ArrayList<>()).add(partials.get(i));
      }
      byKey.forEach(this::accept);
      return partials;
    }, verifier);
  }

  private void accept(DutyKey key, List<PartialSignature> partials) {
    tracker.vcSubmitted(key, partials.stream().map(PartialSignature::groupPublicKey).toList());
    Instant now = clock.instant();
    for (PartialSignature p : partials) {
      store.awaitAggregated(key, p.groupPublicKey()).thenAccept(a ->
          tracker.aggregationLatency(key, Duration.between(now, clock.instant())));
    }
    store.addOwn(key, partials);
    exchange.broadcast(key, partials);
  }

  /**
   * A 400 for the element at {@code index} of a submitted list, which the answer names in its
   * failures (the beacon API's IndexedErrorMessage).
   */
  private static ApiException refused(int index, String message) {
    return new ApiException(400, message, new io.phalanx.api.json.InvalidElementsException(
        List.of(new io.phalanx.api.json.ErrorBody.Failure(index, message))));
  }

  /** Runs {@code body}, turning a refusal it throws into a failed future, as the server expects. */
  private static <T> CompletableFuture<T> guarded(java.util.function.Supplier<CompletableFuture<T>> body) {
    try {
      return body.get();
    } catch (ApiException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private volatile ProposalDuty proposals;

  /** Serves block proposals through {@code duty}. */
  public ClusterValidatorApi withProposals(ProposalDuty duty) {
    this.proposals = duty;
    return this;
  }

  private ProposalDuty proposals() {
    ProposalDuty p = proposals;
    if (p == null) {
      throw new ApiException(501, "block proposals are not wired on this node");
    }
    return p;
  }

  @Override
  public CompletableFuture<io.phalanx.spec.api.ProposerDuty.Epoch> proposerDuties(long epoch) {
    return guarded(() -> proposals().proposerDuties(epoch));
  }

  @Override
  public CompletableFuture<io.phalanx.spec.api.ProducedBlock> produceBlock(long slot, Bytes randaoReveal,
      Optional<Bytes> graffiti, java.util.OptionalLong builderBoostFactor) {
    return guarded(() -> proposals().produceBlock(slot, randaoReveal, graffiti, builderBoostFactor));
  }

  @Override
  public CompletableFuture<Void> submitBlock(io.phalanx.spec.types.ConsensusVersion version,
      io.phalanx.spec.types.SignedBlockContents block) {
    return guarded(() -> proposals().submitBlock(version, block));
  }

  @Override
  public CompletableFuture<Void> submitBlindedBlock(io.phalanx.spec.types.ConsensusVersion version,
      io.phalanx.spec.types.SignedBlindedBeaconBlock block) {
    return guarded(() -> proposals().submitBlindedBlock(version, block));
  }
}
