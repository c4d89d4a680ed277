package io.phalanx.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.sim.compare.Comparison;
import io.phalanx.sim.compare.ComparisonResult;
import io.phalanx.sim.fault.FaultSchedule;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code simnet --compare-solo} end to end: a real 4-node cluster (threshold 3) and a solo
 * validator client on identical parallel chains, under a fault schedule. Epoch numbers in the
 * schedules count from the comparison's base epoch, the first whole epoch after the cluster is up.
 */
class CompareSoloTest {
  // 2 s slots: both setups run every duty (blocks, sync committee, registrations) on a shared 2-core machine.
  static final Duration SLOT = Duration.ofMillis(2000);
  static final int SLOTS_PER_EPOCH = 4;
  static final int VALIDATORS = 8;

  @TempDir Path dir;

  Comparison comparison(String faults, long epochs, StringWriter out) {
    return new Comparison(new Comparison.Options(4, 3, VALIDATORS, SLOT, SLOTS_PER_EPOCH, OptionalLong.of(epochs),
        FaultSchedule.load(faults, SLOTS_PER_EPOCH), faults, Optional.of(dir.resolve("result.json")), dir),
        new PrintWriter(out, true), new PrintStream(new ByteArrayOutputStream()), false);
  }

  @Test
  void withANodeDownForAnEpochTheClusterKeepsEveryDutyAndTheSoloValidatorLosesTheEpoch() throws Exception {
    StringWriter out = new StringWriter();
    ComparisonResult result;
    try (Comparison comparison = comparison("crash:1@e0-e1", 2, out)) {
      comparison.start();
      comparison.awaitEnd();
      result = comparison.finish();
    }
    String log = out.toString();
    assertEquals(2, result.dv().epochs().size(), log);
    var dvDown = result.dv().epochs().get(0);
    var soloDown = result.solo().epochs().get(0);
    assertEquals(VALIDATORS, dvDown.attester().expected(), log);
    assertEquals(1.0, dvDown.attesterSuccess(), "DV attester duties with node 1 down\n" + log);
    assertTrue(dvDown.aggregator().succeeded() > soloDown.aggregator().succeeded(), "aggregations\n" + log);
    assertEquals(0, soloDown.attester().succeeded(), "solo attester duties with its machine down\n" + log);
    assertEquals(0.0, soloDown.effectiveness().value(), log);
    assertEquals(1, result.faults().size());
    assertTrue(!result.faults().get(0).ended().isEmpty(), "the crash ended: " + result.faults());

    JsonNode json = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
    assertEquals(result.dv().total().attester().succeeded(), json.at("/setups/dv/total/attester/succeeded").asLong());
    assertHtmlShowsTheJson(json, dir.resolve(Comparison.REPORT_FILE));
    for (String png : new String[] {Comparison.SUCCESS_PNG, Comparison.EFFECTIVENESS_PNG}) {
      BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
      assertTrue(image != null && image.getWidth() > 400 && image.getHeight() > 200, png);
    }
  }

  /**
   * The relays cut and delay for real, and a skewed clock shows: in epoch 0 node 3 is cut off from
   * every other node (it decides nothing while the other three go on and sign every duty); in
   * epoch 2 the round trip between {0,1} and {2,3} grows by 300 ms (the cluster's decision latency
   * rises by about that much) and node 1's clock, and the solo machine's, runs 2.5 s behind (the
   * solo validator's attestations all come late; the cluster does without node 1's).
   */
  @Test
  void relaysPartitionAndDelayForRealAndClockSkewShows() throws Exception {
    StringWriter out = new StringWriter();
    ComparisonResult result;
    long[] before = new long[4];
    long[] after = new long[4];
    long refused = 0;
    try (Comparison comparison = comparison(
        "partition:3@e0-e1; latency:0,1|2,3@e2-e3=300ms; skew:1@e2-e3=-2500ms", 3, out)) {
      comparison.start();
      var clock = comparison.slotClock();
      long first = comparison.baseEpoch() * SLOTS_PER_EPOCH;
      sleepUntil(clock.slotStart(first + 1));
      decisions(comparison, before);
      sleepUntil(clock.slotStart(first + SLOTS_PER_EPOCH).minusMillis(100));
      decisions(comparison, after);
      for (int j = 0; j < 3; j++) {
        refused += comparison.relays().orElseThrow().refusedConnections(3, j)
            + comparison.relays().orElseThrow().refusedConnections(j, 3);
      }
      comparison.awaitEnd();
      result = comparison.finish();
    }
    String log = out.toString();
    assertEquals(0, after[3] - before[3], "node 3 decided while cut off\n" + log);
    for (int i = 0; i < 3; i++) {
      assertTrue(after[i] - before[i] >= SLOTS_PER_EPOCH - 2, "node " + i + " decided " + (after[i] - before[i])
          + " duties while node 3 was cut off\n" + log);
    }
    assertTrue(refused > 0, "the relays refused node 3's connections while it was cut off");
    assertEquals(1.0, result.dv().epochs().get(0).attesterSuccess(), "DV with node 3 cut off\n" + log);

    JsonNode json = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
    double clear = json.at("/setups/dv/epochs/1/decision_latency_ms/p50").asDouble();
    double slow = json.at("/setups/dv/epochs/2/decision_latency_ms/p50").asDouble();
    assertTrue(slow >= 250 && slow > clear + 150, "decision latency p50 " + clear + " ms without, " + slow
        + " ms with 300 ms more round trip between the regions\n" + log);

    // The clock jumps at the epoch's start; timers the client set before still fire on the true time
    // for a slot or so, after that every attestation of the solo client comes late.
    var soloSkewed = result.solo().epochs().get(2);
    log += "\nsolo slots (slot, due, on time, included): " + result.solo().slots() + "\nsolo attester, skewed epoch: "
        + soloSkewed.attester();
    var lastSlots = result.solo().slots().subList(result.solo().slots().size() - 2, result.solo().slots().size());
    for (var slot : lastSlots) {
      assertEquals(0, slot.onTime(), "solo attestations on time in slot " + slot.slot() + " with a clock 2.5 s behind\n"
          + log);
    }
    // Late, but included: the chain takes them up to an epoch later. A loaded machine (CI) once lost
    // one slot's late attestations outright, so one whole slot of the two must show it.
    assertTrue(lastSlots.stream().anyMatch(slot -> slot.included() == slot.expected() && slot.expected() > 0),
        "late, but included, in one of the slots " + lastSlots + "\n" + log);
    assertTrue(soloSkewed.effectiveness().inclusionDelay().orElse(0) > 1.5, "solo inclusion delay\n" + log);
    assertTrue(soloSkewed.effectiveness().value() < 0.5, "solo effectiveness with a skewed clock\n" + log);
    assertTrue(result.dv().epochs().get(2).effectiveness().value() > soloSkewed.effectiveness().value(), log);
  }

  static void decisions(Comparison comparison, long[] counts) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = Optional.ofNullable(comparison.simnet().node(i)).map(n -> n.tracker().decisionLatency().count()).orElse(-1L);
    }
  }

  static void sleepUntil(Instant when) throws InterruptedException {
    long millis = Duration.between(Instant.now(), when).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  /** Every figure the report shows (each names its JSON pointer) is the JSON's, and the key ones are shown. */
  static void assertHtmlShowsTheJson(JsonNode json, Path html) throws Exception {
    String page = Files.readString(html);
    assertTrue(!page.contains("http://") || page.indexOf("http://") == page.indexOf("http://www.w3.org"),
        "the report fetches nothing");
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(false);
    Document doc = factory.newDocumentBuilder().parse(html.toFile());
    int checked = 0;
    Set<String> shown = new HashSet<>();
    for (String tag : new String[] {"td", "span"}) {
      NodeList cells = doc.getElementsByTagName(tag);
      for (int i = 0; i < cells.getLength(); i++) {
        Element cell = (Element) cells.item(i);
        String pointer = cell.getAttribute("data-json");
        if (pointer.isEmpty()) {
          continue;
        }
        JsonNode value = json.at(pointer);
        assertTrue(!value.isMissingNode(), "the report shows " + pointer + ", which the JSON lacks");
        String expected = value.isNull() ? "n/a" : value.asText();
        assertEquals(expected, cell.getTextContent(), "the report's " + pointer);
        shown.add(pointer);
        checked++;
      }
    }
    assertTrue(checked > 50, "only " + checked + " figures in the report");
    for (String setup : new String[] {"dv", "solo"}) {
      for (String key : new String[] {"attester/succeeded", "aggregator/succeeded", "missed", "inclusion_delay",
          "effectiveness"}) {
        assertTrue(shown.contains("/setups/" + setup + "/total/" + key), setup + " " + key + " shown");
        assertTrue(shown.contains("/setups/" + setup + "/epochs/0/" + key), setup + " epoch 0 " + key + " shown");
      }
    }
    assertEquals(2, doc.getElementsByTagName("svg").getLength(), "two inline charts");
  }
}
