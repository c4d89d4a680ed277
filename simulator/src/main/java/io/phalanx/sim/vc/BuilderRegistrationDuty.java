package io.phalanx.sim.vc;

import io.phalanx.api.BeaconNode;
import io.phalanx.spec.api.ProposerPreparation;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.SignedValidatorRegistrationV1;
import io.phalanx.spec.types.ValidatorRegistrationV1;
import io.phalanx.spec.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Each epoch (and at start): a partial builder registration per validator, signed with the share
 * over the registration of the validator's group key in the builder domain, with the epoch's start
 * time as timestamp, so that every client of the cluster signs the same message; then
 * prepare_beacon_proposer with the validators' indices and fee recipients. Registrations go as SSZ
 * when the call pattern says so (the beacon API allows it for this endpoint).
 */
final class BuilderRegistrationDuty {
  private static final long VALIDATOR_REGISTRY_LIMIT = 1L << 40;

  private final DutyContext context;
  private final Payouts payouts;
  private final Bytes genesisForkVersion;
  private final SlotClock slotClock;
  private final boolean sszBodies;

  BuilderRegistrationDuty(DutyContext context, Payouts payouts, Bytes genesisForkVersion, SlotClock slotClock,
      boolean sszBodies) {
    this.context = context;
    this.payouts = payouts;
    this.genesisForkVersion = genesisForkVersion;
    this.slotClock = slotClock;
    this.sszBodies = sszBodies;
  }

  /** The registrations and preparations of {@code epoch}; completes with how many validators each covered. */
  CompletableFuture<List<Outcome>> run(long epoch) {
    Map<Long, BlsSecretKey> shares = context.keys().sharesByIndex();
    if (payouts.none() || shares.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    long timestamp = slotClock.slotStart(slotClock.firstSlotOf(epoch)).getEpochSecond();
    List<SignedValidatorRegistrationV1> registrations = new ArrayList<>();
    List<ProposerPreparation> preparations = new ArrayList<>();
    shares.forEach((index, share) -> {
      Bytes shareKey = share.publicKey().toBytes();
      Bytes groupKey = payouts.groupKeyByShare().get(shareKey);
      Bytes feeRecipient = payouts.feeRecipientByShare().get(shareKey);
      if (groupKey == null || feeRecipient == null) {
        return;
      }
      ValidatorRegistrationV1 message =
          new ValidatorRegistrationV1(feeRecipient, payouts.gasLimit(), timestamp, groupKey);
      Bytes root = SigningRoots.validatorRegistrationSigningRoot(message, genesisForkVersion);
      registrations.add(new SignedValidatorRegistrationV1(message, share.sign(root).toBytes()));
      preparations.add(new ProposerPreparation(index, feeRecipient));
    });
    BeaconNode node = context.node();
    CompletableFuture<Void> registered = context.calls().call("register_validator", () -> sszBodies
        ? node.proxy(new BeaconNode.ProxyRequest("POST", "/eth/v1/validator/register_validator",
            Map.of("Content-Type", List.of("application/octet-stream")),
            Ssz.list(SignedValidatorRegistrationV1.SSZ, VALIDATOR_REGISTRY_LIMIT).serialize(registrations)))
            .thenAccept(answer -> {
              if (answer.status() / 100 != 2) {
                throw new NodeCalls.StepFailure("register_validator answered " + answer.status() + ": "
                    + new String(answer.body(), StandardCharsets.UTF_8));
              }
            })
        : node.registerValidators(registrations));
    CompletableFuture<Void> prepared = context.calls().call("prepare_beacon_proposer",
        () -> node.prepareBeaconProposer(preparations));
    return Outcome.all(List.of(Outcome.of(registered, registrations.size()),
        Outcome.of(prepared, preparations.size())));
  }
}
