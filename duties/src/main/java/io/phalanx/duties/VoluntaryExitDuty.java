package io.phalanx.duties;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.spec.duty.DutyKey;
import io.phalanx.spec.duty.DutyType;
import io.phalanx.spec.types.SignedVoluntaryExit;
import io.phalanx.spec.types.VoluntaryExit;
import io.phalanx.spec.util.Bytes;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A voluntary exit, signed by each node's validator client (or {@code phalanx exit}) with its share:
 * checked against this node's share, shared with the peers, combined once T partials over the same
 * exit are in, checked against the group key and published.
 *
 * <p>The exit's duty key is the first slot of the epoch the exit names ({@code epoch x
 * SLOTS_PER_EPOCH}, {@link DutyType#VOLUNTARY_EXIT}): every node derives it from the exit itself,
 * without a clock, so partials signed on different machines at different times meet under one key,
 * and two exits of one validator for different epochs do not mix. Exits often name an epoch long
 * past (any epoch since the validator became active is valid), so the partial-signature store
 * keeps exits for a few epochs after their first partial arrived, not by their key's slot.
 */
final class VoluntaryExitDuty implements Publisher {
  private static final Logger LOG = LoggerFactory.getLogger(VoluntaryExitDuty.class);

  private final ClusterView view;
  private final SignedMessages messages;
  private final PartialSignatureIntake intake;
  private final BeaconNode beaconNode;

  VoluntaryExitDuty(ClusterView view, SignedMessages messages, PartialSignatureIntake intake, BeaconNode beaconNode) {
    this.view = view;
    this.messages = messages;
    this.intake = intake;
    this.beaconNode = beaconNode;
  }

  /** The duty key of {@code exit}: its epoch's first slot. */
  static DutyKey key(VoluntaryExit exit, long slotsPerEpoch) {
    if (Long.compareUnsigned(exit.epoch(), Long.MAX_VALUE / slotsPerEpoch) > 0) {
      throw ApiException.badRequest("voluntary exit of validator " + Long.toUnsignedString(exit.validatorIndex())
          + " names epoch " + Long.toUnsignedString(exit.epoch()) + ", beyond any slot this chain can reach");
    }
    return new DutyKey(exit.epoch() * slotsPerEpoch, DutyType.VOLUNTARY_EXIT);
  }

  CompletableFuture<Void> submit(SignedVoluntaryExit partial) {
    VoluntaryExit exit = partial.message();
    DistributedValidator v = view.byIndex(exit.validatorIndex()).orElse(null);
    if (v == null) {
      String message = "voluntary exit refused: validator " + Long.toUnsignedString(exit.validatorIndex())
          + " is not one of this cluster's validators (or its index is not known to this node yet);"
          + " nothing was signed or shared";
      LOG.warn(message);
      throw ApiException.notFound(message);
    }
    DutyKey key = key(exit, messages.slotsPerEpoch());
    Bytes root = messages.voluntaryExitRoot(exit);
    LOG.info("voluntary exit of validator {} ({}) for epoch {}: partial signature received, sharing it",
        Long.toUnsignedString(exit.validatorIndex()), v.groupPublicKey().toHex(), Long.toUnsignedString(exit.epoch()));
    String what = "voluntary exit of validator " + Long.toUnsignedString(exit.validatorIndex());
    return intake.verifyAndAccept(List.of(new PartialSignatureIntake.Submitted(key, v,
        Bytes.of(SignedVoluntaryExit.SSZ.serialize(partial)), root, partial.signature(), what)))
        .thenApply(accepted -> null);
  }

  /** The beacon API takes one exit per request. */
  @Override
  public CompletableFuture<Void> publish(DutyKey key, List<PartialSignatureStore.Aggregated> batch) {
    return CompletableFuture.allOf(batch.stream()
        .map(a -> beaconNode.publishVoluntaryExit(SignedVoluntaryExit.SSZ.deserialize(a.signedMessage())))
        .toArray(CompletableFuture[]::new));
  }
}
