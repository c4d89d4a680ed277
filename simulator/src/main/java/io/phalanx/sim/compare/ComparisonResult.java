package io.phalanx.sim.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.sim.chain.DutyTally;
import io.phalanx.sim.fault.FaultDriver;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * A comparison run's result: the setup, the faults with when they began and ended, and how the DV
 * cluster and the solo validator did. {@link #toJson()} is what {@code --json} writes and what the
 * HTML report shows; ratios are rounded to 4 decimals in both, so the two agree digit for digit.
 */
public record ComparisonResult(String scenario, int nodes, int threshold, int validators, long slotMillis,
    long slotsPerEpoch, String genesis, List<FaultWindow> faults, SetupResult dv, SetupResult solo,
    Map<Long, DecisionLatency> dvDecisionLatency) {
  /** The DV cluster's Raft decision latency in one epoch, over the nodes that ran. */
  public record DecisionLatency(double p50Millis, double p99Millis) {}

  /** The solo chain, as the README says. */
  public static final String SOLO_CHAIN = "identical parallel chain: same genesis, slot and epoch length, genesis "
      + "validators root and fork as the DV cluster's chain, with its own validators (as many), so no key ever signs "
      + "on two setups";

  /**
   * A fault as it happened.
   *
   * @param endSlot -1 while it lasts to the end of the run
   * @param began ISO-8601 on the true clock
   * @param ended ISO-8601, empty when it lasted to the end
   */
  public record FaultWindow(String fault, String kind, List<Integer> nodes, long fromSlot, long endSlot, String began,
      String ended, boolean soloToo) {
    static FaultWindow of(FaultDriver.Window w) {
      return new FaultWindow(w.fault().text(), w.fault().kind().text(), List.copyOf(w.fault().nodes()),
          w.fault().fromSlot(), w.fault().untilSlot().orElse(-1), w.began().toString(),
          w.ended().map(Object::toString).orElse(""), w.fault().kind().machineLevel());
    }
  }

  /** A ratio as the JSON and the report show it. */
  public static double round(double value) {
    return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_EVEN).doubleValue();
  }

  public ObjectNode toJson() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("scenario", scenario);
    root.put("nodes", nodes);
    root.put("threshold", threshold);
    root.put("validators", validators);
    root.put("slot_ms", slotMillis);
    root.put("slots_per_epoch", slotsPerEpoch);
    root.put("genesis", genesis);
    root.put("first_epoch", dv.epochs().isEmpty() ? 0 : dv.epochs().get(0).epoch());
    root.put("epochs", dv.epochs().size());
    root.put("solo_chain", SOLO_CHAIN);
    root.put("effectiveness_definition", Effectiveness.DEFINITION);
    ArrayNode f = root.putArray("faults");
    for (FaultWindow w : faults) {
      ObjectNode o = f.addObject();
      o.put("fault", w.fault());
      o.put("kind", w.kind());
      ArrayNode n = o.putArray("nodes");
      w.nodes().forEach(n::add);
      o.put("from_slot", w.fromSlot());
      if (w.endSlot() >= 0) {
        o.put("until_slot", w.endSlot());
      } else {
        o.putNull("until_slot");
      }
      o.put("began", w.began());
      o.put("ended", w.ended());
      o.put("solo_too", w.soloToo());
    }
    ObjectNode setups = root.putObject("setups");
    ObjectNode dvJson = setupJson(mapper, dv);
    for (JsonNode epoch : dvJson.get("epochs")) {
      DecisionLatency latency = dvDecisionLatency.get(epoch.path("epoch").asLong());
      if (latency != null && !Double.isNaN(latency.p50Millis())) {
        ((ObjectNode) epoch).putObject("decision_latency_ms").put("p50", round(latency.p50Millis()))
            .put("p99", round(latency.p99Millis()));
      }
    }
    setups.set("dv", dvJson);
    setups.set("solo", setupJson(mapper, solo));
    return root;
  }

  private static ObjectNode setupJson(ObjectMapper mapper, SetupResult setup) {
    ObjectNode o = mapper.createObjectNode();
    o.set("total", epochJson(mapper, setup.total()));
    ArrayNode epochs = o.putArray("epochs");
    setup.epochs().forEach(e -> epochs.add(epochJson(mapper, e)));
    ArrayNode slots = o.putArray("slots");
    for (SetupResult.SlotPoint p : setup.slots()) {
      slots.addObject().put("slot", p.slot()).put("expected", p.expected()).put("on_time", p.onTime())
          .put("included", p.included());
    }
    return o;
  }

  private static ObjectNode epochJson(ObjectMapper mapper, SetupResult.EpochResult e) {
    ObjectNode o = mapper.createObjectNode();
    if (e.epoch() >= 0) {
      o.put("epoch", e.epoch());
    }
    o.set("attester", tallyJson(mapper, e.attester()));
    o.set("aggregator", tallyJson(mapper, e.aggregator()));
    o.put("missed", e.missed());
    o.put("attester_success", round(e.attesterSuccess()));
    o.put("aggregator_success", round(e.aggregatorSuccess()));
    Effectiveness x = e.effectiveness();
    o.put("attestations_included", x.included());
    o.put("participation", round(x.participation()));
    o.put("correctness", round(x.correctness()));
    if (x.inclusionDelay().isPresent()) {
      o.put("inclusion_delay", round(x.inclusionDelay().getAsDouble()));
    } else {
      o.putNull("inclusion_delay");
    }
    o.put("effectiveness", round(x.value()));
    return o;
  }

  private static ObjectNode tallyJson(ObjectMapper mapper, DutyTally t) {
    ObjectNode o = mapper.createObjectNode();
    o.put("expected", t.expected());
    o.put("succeeded", t.succeeded());
    o.put("failed", t.failedCount());
    ObjectNode reasons = o.putObject("failed_by_reason");
    t.failed().forEach(reasons::put);
    return o;
  }

  public String toJsonText() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson()) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
