package io.phalanx.node.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.api.BeaconNodeHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Whether a node can do its duties now, as {@code /readyz} answers: a beacon node is synced, at
 * least T-1 peers are connected, the Raft group has a leader, and the validator client called in
 * the last epoch. Each check says why it fails.
 */
public final class Readiness {
  /** The names of the checks, as {@code /readyz} and the {@code check} label show them. */
  public static final String BEACON_NODE = "beacon_node_synced";
  public static final String PEERS = "peers_connected";
  public static final String RAFT_LEADER = "raft_leader";
  public static final String VALIDATOR_CLIENT = "validator_client_seen";

  /** One check's outcome. */
  public record Check(boolean ok, String detail) {}

  /** All checks; ready when every one passes. */
  public record Result(boolean ready, Map<String, Check> checks) {
    /** The {@code /readyz} body. */
    public String toJson() {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode root = mapper.createObjectNode();
      root.put("ready", ready);
      var failing = root.putArray("failing");
      ObjectNode all = root.putObject("checks");
      checks.forEach((name, c) -> {
        if (!c.ok()) {
          failing.add(name);
        }
        all.putObject(name).put("ok", c.ok()).put("detail", c.detail());
      });
      return root.toString();
    }
  }

  private final BeaconNodeHealth beaconNodes;
  private final IntSupplier connectedPeers;
  private final int peersNeeded;
  private final Supplier<OptionalInt> leader;
  private final Clock clock;
  private final Duration epoch;
  private final Instant started;
  private volatile Instant lastValidatorClientCall;

  /**
   * @param peersNeeded T-1: with this node, the threshold
   * @param epoch how recent the validator client's last call must be
   */
  public Readiness(BeaconNodeHealth beaconNodes, IntSupplier connectedPeers, int peersNeeded,
      Supplier<OptionalInt> leader, Clock clock, Duration epoch) {
    this.beaconNodes = beaconNodes;
    this.connectedPeers = connectedPeers;
    this.peersNeeded = peersNeeded;
    this.leader = leader;
    this.clock = clock;
    this.epoch = epoch;
    this.started = clock.instant();
  }

  /** The validator client called the validator API now. */
  public void validatorClientCalled() {
    lastValidatorClientCall = clock.instant();
  }

  public Result evaluate() {
    Map<String, Check> checks = new LinkedHashMap<>();
    var endpoints = beaconNodes.endpoints();
    checks.put(BEACON_NODE, beaconNodes.anyReady()
        ? new Check(true, "ready: " + endpoints.stream().filter(BeaconNodeHealth.EndpointStatus::ready)
            .map(BeaconNodeHealth.EndpointStatus::url).collect(Collectors.joining(", ")))
        : new Check(false, "no beacon node is ready: " + endpoints.stream().map(e -> e.url() + " " + e.state())
            .collect(Collectors.joining(", "))));
    int connected = connectedPeers.getAsInt();
    checks.put(PEERS, new Check(connected >= peersNeeded,
        connected + " peers connected, " + peersNeeded + " needed (threshold - 1)"));
    OptionalInt l = leader.get();
    checks.put(RAFT_LEADER, l.isPresent() ? new Check(true, "node " + l.getAsInt() + " leads")
        : new Check(false, "the Raft group has no leader"));
    Instant last = lastValidatorClientCall;
    Instant now = clock.instant();
    if (last != null && Duration.between(last, now).compareTo(epoch) <= 0) {
      checks.put(VALIDATOR_CLIENT, new Check(true, "last call " + Duration.between(last, now).toMillis() + " ms ago"));
    } else {
      checks.put(VALIDATOR_CLIENT, new Check(false, last == null
          ? "the validator client has not called since the node started "
              + Duration.between(started, now).toSeconds() + " s ago"
          : "the validator client last called " + Duration.between(last, now).toSeconds()
              + " s ago, more than an epoch (" + epoch.toSeconds() + " s)"));
    }
    return new Result(checks.values().stream().allMatch(Check::ok), checks);
  }
}
