package io.phalanx.duties;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.ValidatorLiveness;
import io.phalanx.spec.time.SlotClock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of an attestation duty: once its epoch is over, did it make it on chain? Asks the
 * beacon node's liveness ({@code POST /eth/v1/validator/liveness/{epoch}}) for the validators whose
 * attestations of the epoch the beacon node took, and hands those it does not see live to the
 * tracker as {@link FailureReason#NOT_INCLUDED}. A beacon node that does not serve liveness (404,
 * 405, 501) fails no duty: that is logged once, at debug, and the check is tried again next epoch,
 * as failover may reach one that serves it. Any other failure to ask fails no duty either.
 */
public final class InclusionCheck {
  private static final Logger LOG = LoggerFactory.getLogger(InclusionCheck.class);

  private final BeaconNode beaconNode;
  private final DutyTracker tracker;
  private final SlotClock clock;
  private final AtomicBoolean notServedLogged = new AtomicBoolean();

  public InclusionCheck(BeaconNode beaconNode, DutyTracker tracker, SlotClock clock) {
    this.beaconNode = beaconNode;
    this.tracker = tracker;
    this.clock = clock;
  }

  /**
   * Checks the attestations of {@code epoch} the beacon node took; completes with the duties that
   * failed as not included (none where liveness is not known), never exceptionally.
   */
  public CompletableFuture<List<DutyTracker.FailedDuty>> check(long epoch) {
    long firstSlot = clock.firstSlotOf(epoch);
    long lastSlot = clock.firstSlotOf(epoch + 1) - 1;
    List<Long> published = tracker.publishedAttesters(firstSlot, lastSlot);
    if (published.isEmpty()) {
      return CompletableFuture.completedFuture(tracker.notIncluded(firstSlot, lastSlot, Set.of()));
    }
    CompletableFuture<List<ValidatorLiveness>> asked;
    try {
      asked = beaconNode.liveness(epoch, published);
    } catch (RuntimeException e) {
      asked = CompletableFuture.failedFuture(e);
    }
    return asked.handle((liveness, error) -> {
      if (error != null) {
        if (notServed(error)) {
          if (notServedLogged.compareAndSet(false, true)) {
            LOG.debug("the beacon node does not serve validator liveness ({}): attestations that do not make it "
                + "on chain are not told apart from included ones", DecidedDuties.rootMessage(error));
          }
        } else {
          LOG.debug("liveness of epoch {} not known, its {} published attestations are not checked: {}", epoch,
              published.size(), DecidedDuties.rootMessage(error));
        }
        return tracker.notIncluded(firstSlot, lastSlot, Set.of());
      }
      Set<Long> askedFor = Set.copyOf(published);
      Set<Long> notLive = liveness.stream().filter(l -> !l.isLive() && askedFor.contains(l.index()))
          .map(ValidatorLiveness::index).collect(Collectors.toUnmodifiableSet());
      LOG.debug("epoch {}: {} of the {} attestations the beacon node took made it on chain", epoch,
          published.size() - notLive.size(), published.size());
      return tracker.notIncluded(firstSlot, lastSlot, notLive);
    }).exceptionally(unexpected -> {
      LOG.error("inclusion check of epoch {} failed", epoch, unexpected);
      return List.of();
    });
  }

  /** 404, 405 or 501: the beacon node (every one behind failover) does not serve the endpoint. */
  static boolean notServed(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ApiException api) {
        int s = api.status();
        return s == 404 || s == 405 || s == 501;
      }
    }
    return false;
  }
}
