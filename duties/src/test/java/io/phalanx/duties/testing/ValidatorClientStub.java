package io.phalanx.duties.testing;

import io.phalanx.duties.ClusterValidatorApi;
import io.phalanx.duties.SignedMessages;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.types.AggregateAndProof;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One node's validator client in distributed mode, cut down to the attester and aggregator
 * duties: it holds the node's shares, asks the node's {@link ClusterValidatorApi} for its duties
 * and the data, and signs with the share the duty names, as a real client would over HTTP. It
 * never blocks: each duty is a chain of futures that completes when the cluster answered. Every
 * attester aggregates: the {@link StubBeaconNode}'s committees have one member.
 */
public final class ValidatorClientStub {
  private final ClusterValidatorApi api;
  private final Map<Bytes, BlsSecretKey> sharesByPublicKey;
  private final SignedMessages messages;
  private final List<Long> validatorIndices;

  /**
   * @param shares the node's share of each validator
   * @param validatorIndices the validators' indices on chain, to ask for their duties
   */
  public ValidatorClientStub(ClusterValidatorApi api, List<BlsSecretKey> shares, SignedMessages messages,
      List<Long> validatorIndices) {
    this.api = api;
    this.sharesByPublicKey = shares.stream().collect(Collectors.toUnmodifiableMap(s -> s.publicKey().toBytes(),
        Function.identity()));
    this.messages = messages;
    this.validatorIndices = List.copyOf(validatorIndices);
  }

  /** Signs and submits the attestations of {@code slot}; completes with the partial attestations submitted. */
  public CompletableFuture<List<SingleAttestation>> attest(long slot) {
    return duties(slot).thenCompose(duties -> {
      if (duties.isEmpty()) {
        return CompletableFuture.completedFuture(List.of());
      }
      return api.attestationData(slot, duties.getFirst().committeeIndex()).thenCompose(data -> {
        List<SingleAttestation> signed = duties.stream().map(duty -> {
          SingleAttestation unsigned = new SingleAttestation(duty.committeeIndex(), duty.validatorIndex(), data,
              Bytes.zero(96));
          return unsigned.withSignature(share(duty).sign(messages.attestationRoot(unsigned)).toBytes());
        }).toList();
        return api.submitAttestations(signed).thenApply(ok -> signed);
      });
    });
  }

  /**
   * Sends the partial selection proofs of {@code slot}'s attesters, and with the combined proofs
   * signs and submits each one's aggregate; completes with the partial aggregates submitted.
   */
  public CompletableFuture<List<SignedAggregateAndProof>> aggregate(long slot) {
    return duties(slot).thenCompose(duties -> {
      if (duties.isEmpty()) {
        return CompletableFuture.completedFuture(List.of());
      }
      List<BeaconCommitteeSelection> partials = duties.stream().map(duty -> new BeaconCommitteeSelection(
          duty.validatorIndex(), slot, share(duty).sign(messages.selectionRoot(slot)).toBytes())).toList();
      return api.beaconCommitteeSelections(partials).thenCompose(combined ->
          api.attestationData(slot, duties.getFirst().committeeIndex()).thenCompose(data -> {
            Bytes dataRoot = AttestationData.SSZ.hashTreeRoot(data);
            List<CompletableFuture<SignedAggregateAndProof>> signed = new ArrayList<>();
            for (BeaconCommitteeSelection selection : combined) {
              AttesterDuty duty = duties.stream().filter(d -> d.validatorIndex() == selection.validatorIndex())
                  .findFirst().orElseThrow();
              signed.add(api.aggregateAttestation(slot, dataRoot, duty.committeeIndex()).thenApply(aggregate -> {
                AggregateAndProof message = new AggregateAndProof(duty.validatorIndex(), aggregate,
                    selection.selectionProof());
                return new SignedAggregateAndProof(message,
                    share(duty).sign(messages.aggregateAndProofRoot(message)).toBytes());
              }));
            }
            return CompletableFuture.allOf(signed.toArray(CompletableFuture[]::new)).thenCompose(done -> {
              List<SignedAggregateAndProof> all = signed.stream().map(CompletableFuture::join).toList();
              return api.submitAggregateAndProofs(all).thenApply(ok -> all);
            });
          }));
    });
  }

  private CompletableFuture<List<AttesterDuty>> duties(long slot) {
    long epoch = slot / messages.slotsPerEpoch();
    return api.attesterDuties(epoch, validatorIndices)
        .thenApply(epochDuties -> epochDuties.duties().stream().filter(d -> d.slot() == slot).toList());
  }

  private BlsSecretKey share(AttesterDuty duty) {
    BlsSecretKey share = sharesByPublicKey.get(duty.pubkey());
    if (share == null) {
      throw new IllegalStateException("the duty of validator " + duty.validatorIndex() + " names "
          + duty.pubkey() + ", no share this client holds");
    }
    return share;
  }
}
