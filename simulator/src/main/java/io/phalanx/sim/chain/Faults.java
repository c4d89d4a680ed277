package io.phalanx.sim.chain;

import io.phalanx.api.ApiException;
import io.phalanx.api.SyncStatus;
import java.util.Locale;
import java.util.Optional;

/**
 * The faults a simulated beacon node can be switched into, for experiments on how a cluster copes
 * with its beacon node failing. Every request consults {@link #refusal()} and {@link #delayMillis()}
 * before it is served; the other faults change what is served where they apply. Switches may be
 * flipped from any thread while requests are served, and several may be on at once.
 */
public final class Faults {
  /** How far behind a syncing beacon node says it is. */
  public static final long SYNCING_DISTANCE = 40;

  private volatile boolean down;
  private volatile boolean syncing;
  private volatile boolean optimistic;
  private volatile long slowMillis;
  private volatile long staleHeadSlot = -1;
  private volatile boolean errors;
  private volatile boolean wrongData;
  private volatile boolean malformed;

  /** What can go wrong, as the command line names it. */
  public enum Kind {
    /** Every request answered 503, the event stream closed. */
    DOWN("down"),
    /** Reports is_syncing with a sync distance of {@link #SYNCING_DISTANCE} slots. */
    SYNCING("syncing"),
    /** Reports is_optimistic. */
    OPTIMISTIC("optimistic"),
    /** Every answer delayed by a number of milliseconds. */
    SLOW("slow"),
    /** The head stops where it was when the fault began: syncing reports it, head events stop. */
    STALE_HEAD("stale-head"),
    /** Every request answered 500. */
    ERRORS("errors"),
    /** Attestation data and aggregates of another slot than asked. */
    WRONG_DATA("wrong-data"),
    /** Answers that are not JSON. */
    MALFORMED("malformed");

    private final String word;

    Kind(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  /** One fault: its kind and, for {@link Kind#SLOW}, the delay. */
  public record Fault(Kind kind, long slowMillis) {
    /**
     * Parses {@code down}, {@code syncing}, {@code optimistic}, {@code slow=<ms>}, {@code stale-head},
     * {@code errors}, {@code wrong-data} or {@code malformed}.
     *
     * @throws IllegalArgumentException naming the kinds there are
     */
    public static Fault parse(String text) {
      String t = text.trim().toLowerCase(Locale.ROOT);
      if (t.startsWith("slow=")) {
        try {
          long ms = Long.parseLong(t.substring(5));
          if (ms < 1) {
            throw new NumberFormatException();
          }
          return new Fault(Kind.SLOW, ms);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("the beacon-node fault slow=<ms> needs a positive number of milliseconds, got '" + text + "'");
        }
      }
      for (Kind k : Kind.values()) {
        if (k != Kind.SLOW && k.word().equals(t)) {
          return new Fault(k, 0);
        }
      }
      throw new IllegalArgumentException("unknown beacon-node fault '" + text + "': use down, syncing, optimistic,"
          + " slow=<ms>, stale-head, errors, wrong-data or malformed");
    }

    @Override
    public String toString() {
      return kind == Kind.SLOW ? "slow=" + slowMillis : kind.word();
    }
  }

  /** While down, every request is answered 503, as a beacon node that lost its database or peers. */
  public void setDown(boolean down) {
    this.down = down;
  }

  public boolean isDown() {
    return down;
  }

  /**
   * Switches {@code fault} on or off.
   *
   * @param currentSlot the chain's slot now: where a stale head stops
   */
  public void set(Fault fault, boolean on, long currentSlot) {
    switch (fault.kind()) {
      case DOWN -> down = on;
      case SYNCING -> syncing = on;
      case OPTIMISTIC -> optimistic = on;
      case SLOW -> slowMillis = on ? fault.slowMillis() : 0;
      case STALE_HEAD -> staleHeadSlot = on ? currentSlot : -1;
      case ERRORS -> errors = on;
      case WRONG_DATA -> wrongData = on;
      case MALFORMED -> malformed = on;
    }
  }

  /** The error every request gets while a fault is on, if one is. */
  Optional<ApiException> refusal() {
    if (down) {
      return Optional.of(ApiException.unavailable("beacon node is down (simulated fault)"));
    }
    if (errors) {
      return Optional.of(new ApiException(500, "internal error (simulated fault)"));
    }
    return Optional.empty();
  }

  /** How long every answer waits. */
  long delayMillis() {
    return slowMillis;
  }

  boolean wrongData() {
    return wrongData;
  }

  boolean malformed() {
    return malformed;
  }

  /** Whether the event stream must end now. */
  boolean endsStreams() {
    return down || errors || malformed;
  }

  /** The head slot while the head is stale, or -1. */
  long staleHeadSlot() {
    return staleHeadSlot;
  }

  /** What the syncing endpoint reports, given the chain's true status. */
  SyncStatus syncStatus(SyncStatus truth) {
    long head = truth.headSlot();
    long distance = truth.syncDistance();
    long stale = staleHeadSlot;
    if (stale >= 0) {
      head = stale;
    }
    if (syncing) {
      head = Math.max(0, truth.headSlot() - SYNCING_DISTANCE);
      distance = SYNCING_DISTANCE;
    }
    return new SyncStatus(head, distance, syncing, optimistic || truth.isOptimistic(), truth.elOffline());
  }
}
