package io.phalanx.consensus.parsigex;

/**
 * What this node knows of its link to one peer, from the pings of the partial-signature exchange.
 *
 * @param connected true when the last ping was answered within a few ping intervals
 * @param roundTripMillis the last ping's round trip, NaN before any answer
 * @param clockOffsetMillis the peer's wall clock minus this node's, from the last answered ping
 *     (NTP's estimate, good to about half the round trip), NaN before any answer
 * @param pingsAnswered pings the peer answered since start
 * @param pingsFailed pings that failed or went unanswered
 */
public record PeerLink(
    boolean connected, double roundTripMillis, double clockOffsetMillis, long pingsAnswered, long pingsFailed) {
  static final PeerLink UNKNOWN = new PeerLink(false, Double.NaN, Double.NaN, 0, 0);
}
