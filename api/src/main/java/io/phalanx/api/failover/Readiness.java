package io.phalanx.api.failover;

/** The outcome of a beacon node's last readiness check, as the word {@code BeaconNodeHealth} reports. */
public enum Readiness {
  READY("ready"),
  /** Syncing, or its head too far behind the wall clock. */
  SYNCING("syncing"),
  /** Its head is not yet verified by an execution client: attesting to it could follow a wrong chain. */
  OPTIMISTIC("optimistic"),
  EL_OFFLINE("el_offline"),
  /** Its head lags the other beacon nodes' heads by more than the tolerated slots. */
  STALE_HEAD("stale_head"),
  /** It answered, but slower than the slow threshold, or not within the attempt timeout. */
  SLOW("slow"),
  UNREACHABLE("unreachable"),
  /** A 5xx, a malformed answer or wrong data. */
  ERROR("error"),
  UNKNOWN("unknown");

  private final String word;

  Readiness(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  /** Whether reads may be sent here at all (a syncing or optimistic head must not be attested to). */
  boolean readable() {
    return this != SYNCING && this != OPTIMISTIC && this != EL_OFFLINE;
  }
}
