package io.phalanx.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.duties.LatencyRecorder;
import io.phalanx.node.runtime.PhalanxNode;
import io.phalanx.sim.Simnet.EpochReport;
import io.phalanx.sim.chain.DutyTally;
import io.phalanx.sim.chain.SimulatedChain;
import io.phalanx.sim.chain.Summary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * What simnet tells of a run: the epoch table (its header, then one line per epoch as it ends), the
 * totals at the end, and the whole run in the shape {@code --json} writes. Not thread-safe: {@link
 * Simnet} calls it under its own lock.
 */
final class RunReport {
  private final PrintWriter out;
  private final SimnetOptions options;
  private final List<EpochReport> reports = new ArrayList<>();
  /** The chain's summary of each reported epoch, with the exits and registrations. */
  private final Map<Long, Summary> chainSummaries = new TreeMap<>();

  RunReport(PrintWriter out, SimnetOptions options) {
    this.out = out;
    this.options = options;
  }

  /** The header of the epoch table. */
  void printTableHeader() {
    out.println("epoch  attester ok/expected (failed)  aggregator ok/expected (failed)  decision p50/p99 ms  leader"
        + "  proposer ok/expected (failed)  sync msg ok/expected (failed)  sync contrib ok/expected (failed)"
        + "  exits  registrations");
    out.flush();
  }

  /**
   * Keeps and prints {@code epoch}'s line: the chain's {@code summary} of it, the consensus
   * decisions' latencies since the last line and the leader then.
   */
  void epoch(long epoch, Summary summary, List<Double> latencies, OptionalInt leader) {
    EpochReport r = new EpochReport(epoch, summary.attester(), summary.aggregator(),
        LatencyRecorder.percentile(latencies, 50), LatencyRecorder.percentile(latencies, 99), leader,
        summary.proposer(), summary.syncMessage(), summary.syncContribution());
    reports.add(r);
    chainSummaries.put(epoch, summary);
    out.printf(Locale.ROOT, "%5d  %28s  %30s  %19s  %-6s  %29s  %28s  %32s  %5s  %13s%n", epoch,
        tally(r.attester()), tally(r.aggregator()),
        String.format(Locale.ROOT, "%.1f/%.1f", r.decisionP50(), r.decisionP99()),
        leader.isPresent() ? "node" + leader.getAsInt() : "none", tally(r.proposer()), tally(r.syncMessage()),
        tally(r.syncContribution()), tally(summary.voluntaryExit()), tally(summary.builderRegistration()));
    out.flush();
  }

  private static String tally(DutyTally t) {
    return t.succeeded() + "/" + t.expected() + " (" + t.failedCount() + ")";
  }

  /** The epochs reported so far, oldest first. */
  List<EpochReport> reports() {
    return List.copyOf(reports);
  }

  /**
   * The whole run so far: the epochs' tallies, the chain's block counts, and the latencies and
   * failures of the running {@code nodes} (null entries are stopped nodes).
   */
  ObjectNode summaryJson(SimulatedChain chain, List<PhalanxNode> nodes, List<Double> failover) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.put("nodes", options.nodes());
    root.put("threshold", options.threshold());
    root.put("validators", options.validators());
    long epochs = reports.size();
    root.put("slots", epochs * options.slotsPerEpoch());
    DutyTally attester = DutyTally.EMPTY;
    DutyTally aggregator = DutyTally.EMPTY;
    DutyTally proposer = DutyTally.EMPTY;
    DutyTally syncMessage = DutyTally.EMPTY;
    DutyTally syncContribution = DutyTally.EMPTY;
    for (EpochReport r : reports) {
      attester = attester.plus(r.attester());
      aggregator = aggregator.plus(r.aggregator());
      proposer = proposer.plus(r.proposer());
      syncMessage = syncMessage.plus(r.syncMessage());
      syncContribution = syncContribution.plus(r.syncContribution());
    }
    ObjectNode duties = root.putObject("duties");
    putTally(duties.putObject("attester"), attester);
    putTally(duties.putObject("aggregator"), aggregator);
    ObjectNode proposals = duties.putObject("proposer");
    putTally(proposals, proposer);
    proposals.put("double_proposals", chain.doubleProposals());
    chain.blockForms().forEach((form, n) -> proposals.put(form + "_blocks", n));
    DutyTally exits = DutyTally.EMPTY;
    DutyTally registrations = DutyTally.EMPTY;
    for (Summary s : chainSummaries.values()) {
      exits = exits.plus(s.voluntaryExit());
      registrations = registrations.plus(s.builderRegistration());
    }
    putTally(duties.putObject("voluntary_exit"), exits);
    putTally(duties.putObject("builder_registration"), registrations);
    putTally(duties.putObject("sync_message"), syncMessage);
    putTally(duties.putObject("sync_contribution"), syncContribution);
    List<Double> latencies = new ArrayList<>();
    Map<String, Long> failures = new TreeMap<>();
    attester.failed().forEach((k, v) -> failures.merge("attester: " + k, v, Long::sum));
    aggregator.failed().forEach((k, v) -> failures.merge("aggregator: " + k, v, Long::sum));
    proposer.failed().forEach((k, v) -> failures.merge("proposer: " + k, v, Long::sum));
    exits.failed().forEach((k, v) -> failures.merge("voluntary exit: " + k, v, Long::sum));
    registrations.failed().forEach((k, v) -> failures.merge("builder registration: " + k, v, Long::sum));
    syncMessage.failed().forEach((k, v) -> failures.merge("sync_message: " + k, v, Long::sum));
    syncContribution.failed().forEach((k, v) -> failures.merge("sync_contribution: " + k, v, Long::sum));
    for (PhalanxNode node : nodes) {
      if (node != null) {
        latencies.addAll(node.tracker().decisionLatency().samplesMillis());
        node.tracker().failures().forEach((k, v) -> failures.merge("node: " + k, v, Long::sum));
      }
    }
    ObjectNode latency = root.putObject("decision_latency_ms");
    latency.put("p50", LatencyRecorder.percentile(latencies, 50));
    latency.put("p99", LatencyRecorder.percentile(latencies, 99));
    List<Double> aggregation = new ArrayList<>();
    for (PhalanxNode node : nodes) {
      if (node != null) {
        aggregation.addAll(node.tracker().submitToAggregateLatency().samplesMillis());
      }
    }
    // From a validator client's partial signature to the whole signature, ready to publish.
    ObjectNode submitted = root.putObject("submit_to_aggregate_ms");
    submitted.put("p50", LatencyRecorder.percentile(aggregation, 50));
    submitted.put("p99", LatencyRecorder.percentile(aggregation, 99));
    ObjectNode switched = root.putObject("bn_fault_to_switch_ms");
    switched.put("count", failover.size());
    switched.put("p50", LatencyRecorder.percentile(failover, 50));
    switched.put("p99", LatencyRecorder.percentile(failover, 99));
    ObjectNode f = root.putObject("failures");
    failures.forEach(f::put);
    return root;
  }

  private static void putTally(ObjectNode node, DutyTally t) {
    node.put("expected", t.expected());
    node.put("succeeded", t.succeeded());
    node.put("failed", t.failedCount());
  }

  /** The totals line of {@code summary}, a {@link #summaryJson}. */
  void printTotals(ObjectNode summary) {
    out.println("total: attester " + summary.at("/duties/attester/succeeded") + "/" + summary.at("/duties/attester/expected")
        + ", aggregator " + summary.at("/duties/aggregator/succeeded") + "/" + summary.at("/duties/aggregator/expected")
        + ", proposer " + summary.at("/duties/proposer/succeeded") + "/" + summary.at("/duties/proposer/expected")
        + ", voluntary exits " + summary.at("/duties/voluntary_exit/succeeded") + "/"
        + summary.at("/duties/voluntary_exit/expected") + ", builder registrations "
        + summary.at("/duties/builder_registration/succeeded") + "/"
        + summary.at("/duties/builder_registration/expected")
        + ", sync msg " + summary.at("/duties/sync_message/succeeded") + "/" + summary.at("/duties/sync_message/expected")
        + ", sync contrib " + summary.at("/duties/sync_contribution/succeeded") + "/"
        + summary.at("/duties/sync_contribution/expected")
        + ", decision latency p50 " + fmt(summary.at("/decision_latency_ms/p50").asDouble()) + " ms, p99 "
        + fmt(summary.at("/decision_latency_ms/p99").asDouble()) + " ms; partial signature to aggregate p50 "
        + fmt(summary.at("/submit_to_aggregate_ms/p50").asDouble()) + " ms, p99 "
        + fmt(summary.at("/submit_to_aggregate_ms/p99").asDouble()) + " ms");
    out.flush();
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }
}
