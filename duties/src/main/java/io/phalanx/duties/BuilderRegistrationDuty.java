package io.phalanx.duties;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.time.SlotClock;
import io.phalanx.spec.types.SignedValidatorRegistrationV1;
import io.phalanx.spec.types.ValidatorRegistrationV1;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.ExecutionAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builder (validator) registrations, signed by the validator clients with their shares.
 *
 * <p>A registration is combined over the validator's group public key: a partial whose message
 * names this node's share key (what a client knows) is taken as the same registration with the
 * group key, and its partial signature must verify over that. Its fee recipient must be the
 * cluster lock's for that validator: otherwise the whole request is refused (400) and nothing of it
 * is shared.
 *
 * <p>How the cluster settles on one registration per validator and epoch: registrations are not
 * slashable and a relay keeps the newest, so there is no Raft round. The duty key is the first slot
 * of the epoch the registration's timestamp falls in (derived from the message, not from a clock,
 * so every node files a peer's partial under the same key); within it the partials are grouped by
 * signing root, and the first registration that T shares signed identically is combined and sent,
 * later ones for that validator and epoch are not. Validator clients therefore agree when they sign
 * the same gas limit and timestamp; Phalanx's simulated client signs the epoch's start time.
 */
final class BuilderRegistrationDuty implements Publisher {
  private static final Logger LOG = LoggerFactory.getLogger(BuilderRegistrationDuty.class);

  private static final long LATEST_TIMESTAMP = 900_000_000_000L;

  private final ClusterView view;
  private final SignedMessages messages;
  private final SlotClock slotClock;
  private final PartialSignatureIntake intake;
  private final BeaconNode beaconNode;

  BuilderRegistrationDuty(ClusterView view, SignedMessages messages, SlotClock slotClock,
      PartialSignatureIntake intake, BeaconNode beaconNode) {
    this.view = view;
    this.messages = messages;
    this.slotClock = slotClock;
    this.intake = intake;
    this.beaconNode = beaconNode;
  }

  /** The duty key of a registration: the first slot of the epoch its timestamp falls in. */
  static DutyKey key(ValidatorRegistrationV1 registration, SlotClock slotClock) {
    // uint64 seconds; beyond the year 30,000 (or negative as a Java long) they all count as that year.
    long seconds = registration.timestamp() < 0
        ? LATEST_TIMESTAMP : Math.min(registration.timestamp(), LATEST_TIMESTAMP);
    Instant at = Instant.ofEpochSecond(seconds);
    long slot = at.isBefore(slotClock.genesis()) ? 0 : slotClock.slotAt(at);
    return new DutyKey(slotClock.firstSlotOf(slotClock.epochOf(slot)), DutyType.BUILDER_REGISTRATION);
  }

  CompletableFuture<Void> submit(List<SignedValidatorRegistrationV1> partials) {
    List<PartialSignatureIntake.Submitted> submitted = new ArrayList<>();
    for (int i = 0; i < partials.size(); i++) {
      ValidatorRegistrationV1 m = partials.get(i).message();
      DistributedValidator v = view.byGroupKey(m.pubkey()).or(() -> view.byOwnShareKey(m.pubkey())).orElse(null);
      if (v == null) {
        throw refused("builder registration [" + i + "] refused: public key " + m.pubkey()
            + " is neither a validator of this cluster nor this node's share of one; nothing was signed or shared");
      }
      if (!m.feeRecipient().equals(v.feeRecipient())) {
        throw refused("builder registration [" + i + "] refused for validator " + v.groupPublicKey().toHex()
            + ": fee recipient " + ExecutionAddress.checksummed(m.feeRecipient()) + " sent, the cluster lock says "
            + ExecutionAddress.checksummed(v.feeRecipient()) + "; set the validator client's fee recipient to the"
            + " lock's. Nothing of this request was shared");
      }
      ValidatorRegistrationV1 whole = new ValidatorRegistrationV1(m.feeRecipient(), m.gasLimit(), m.timestamp(),
          v.groupPublicKey().toBytes());
      SignedValidatorRegistrationV1 partial = new SignedValidatorRegistrationV1(whole, partials.get(i).signature());
      submitted.add(new PartialSignatureIntake.Submitted(key(whole, slotClock), v,
          Bytes.of(SignedValidatorRegistrationV1.SSZ.serialize(partial)), messages.registrationRoot(whole),
          partial.signature(), "builder registration of validator " + v.groupPublicKey().toHex()
              + " (signed over the registration with the validator's group public key)"));
    }
    return intake.verifyAndAccept(submitted).thenApply(accepted -> null);
  }

  private static ApiException refused(String message) {
    LOG.warn(message);
    return ApiException.badRequest(message);
  }

  @Override
  public CompletableFuture<Void> publish(DutyKey key, List<PartialSignatureStore.Aggregated> batch) {
    return beaconNode.registerValidators(batch.stream()
        .map(a -> SignedValidatorRegistrationV1.SSZ.deserialize(a.signedMessage())).toList());
  }
}
