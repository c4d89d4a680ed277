package io.phalanx.sim.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The comparison report as one self-contained HTML page (inline CSS and SVG, nothing fetched).
 * Every figure is read from the result's JSON and its cell names the JSON pointer it came from
 * ({@code data-json}), so the page and the JSON agree by construction and a test can check it.
 * The page is well-formed XML, so any XML parser reads it.
 */
final class Html {
  private static final String CSS = """
      body { font-family: sans-serif; margin: 24px; color: #222; max-width: 1100px; }
      h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
      table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
      th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: right; }
      th { background: #f2f2f2; } td.l, th.l { text-align: left; }
      .dv { color: #1f5fa8; } .solo { color: #c8641b; } .note { color: #555; font-size: 13px; }
      """;

  private Html() {}

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  static String page(ObjectNode result, List<Chart> charts, List<String> pngNames) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>");
    h.append("<title>Phalanx: DV cluster vs solo validator</title><style>").append(CSS).append("</style></head><body>");
    h.append("<h1>DV cluster vs solo validator").append(result.path("scenario").asText().isEmpty() ? ""
        : ": " + escape(result.path("scenario").asText())).append("</h1>");
    h.append("<p class=\"note\">").append(cell(result, "/nodes", "span")).append(" Phalanx nodes, threshold ")
        .append(cell(result, "/threshold", "span")).append(", ").append(cell(result, "/validators", "span"))
        .append(" validators per setup, slots of ").append(cell(result, "/slot_ms", "span")).append(" ms, ")
        .append(cell(result, "/slots_per_epoch", "span")).append(" slots per epoch; genesis ")
        .append(escape(result.path("genesis").asText())).append("; compared from epoch ")
        .append(cell(result, "/first_epoch", "span")).append(" (the first whole epoch after the cluster attested on time ")
        .append("for two slots; the schedule counts from its first slot, the tables show the chain's slots) for ")
        .append(cell(result, "/epochs", "span")).append(" epochs. Solo setup: one validator client with whole keys and ")
        .append("its own beacon node, no Phalanx, on an ").append(escape(result.path("solo_chain").asText()))
        .append(".</p>");

    h.append("<h2>Totals</h2><table><tr><th class=\"l\">duty</th><th class=\"dv\">DV cluster</th>")
        .append("<th class=\"solo\">solo</th></tr>");
    String[][] rows = {
        {"attester duties expected", "/attester/expected"},
        {"attester duties succeeded (on time)", "/attester/succeeded"},
        {"attester success", "/attester_success"},
        {"aggregator duties expected", "/aggregator/expected"},
        {"aggregator duties succeeded", "/aggregator/succeeded"},
        {"aggregator success", "/aggregator_success"},
        {"missed duties (both kinds)", "/missed"},
        {"attestations included (on time or late)", "/attestations_included"},
        {"participation", "/participation"},
        {"correctness", "/correctness"},
        {"mean inclusion delay (slots)", "/inclusion_delay"},
        {"effectiveness", "/effectiveness"}};
    for (String[] row : rows) {
      h.append("<tr><td class=\"l\">").append(escape(row[0])).append("</td>")
          .append(cell(result, "/setups/dv/total" + row[1], "td"))
          .append(cell(result, "/setups/solo/total" + row[1], "td")).append("</tr>");
    }
    h.append("</table><p class=\"note\">").append(escape(result.path("effectiveness_definition").asText()))
        .append("</p>");

    h.append("<h2>Faults</h2>");
    JsonNode faults = result.path("faults");
    if (faults.isEmpty()) {
      h.append("<p>None.</p>");
    } else {
      h.append("<table><tr><th class=\"l\">fault</th><th class=\"l\">kind</th><th>nodes</th><th>from slot</th>")
          .append("<th>until slot</th><th class=\"l\">began</th><th class=\"l\">ended</th><th>solo too</th></tr>");
      for (int i = 0; i < faults.size(); i++) {
        String p = "/faults/" + i;
        h.append("<tr>").append(cell(result, p + "/fault", "td", "l")).append(cell(result, p + "/kind", "td", "l"))
            .append("<td>").append(escape(faults.get(i).path("nodes").toString())).append("</td>")
            .append(cell(result, p + "/from_slot", "td")).append(cell(result, p + "/until_slot", "td"))
            .append(cell(result, p + "/began", "td", "l")).append(cell(result, p + "/ended", "td", "l"))
            .append(cell(result, p + "/solo_too", "td")).append("</tr>");
      }
      h.append("</table>");
    }

    h.append("<h2>Over time</h2>");
    for (int i = 0; i < charts.size(); i++) {
      h.append("<div>").append(charts.get(i).svg()).append("</div><p class=\"note\">Also as ")
          .append(escape(pngNames.get(i))).append(".</p>");
    }

    h.append("<h2>Per epoch</h2><table><tr><th rowspan=\"2\">epoch</th><th colspan=\"5\" class=\"dv\">DV cluster</th>")
        .append("<th colspan=\"5\" class=\"solo\">solo</th></tr><tr>");
    for (int s = 0; s < 2; s++) {
      h.append("<th>attester ok</th><th>aggregator ok</th><th>missed</th><th>inclusion delay</th>")
          .append("<th>effectiveness</th>");
    }
    h.append("</tr>");
    JsonNode epochs = result.at("/setups/dv/epochs");
    for (int i = 0; i < epochs.size(); i++) {
      h.append("<tr>").append(cell(result, "/setups/dv/epochs/" + i + "/epoch", "td"));
      for (String setup : List.of("dv", "solo")) {
        String p = "/setups/" + setup + "/epochs/" + i;
        h.append("<td>").append(cell(result, p + "/attester/succeeded", "span")).append("/")
            .append(cell(result, p + "/attester/expected", "span")).append("</td><td>")
            .append(cell(result, p + "/aggregator/succeeded", "span")).append("/")
            .append(cell(result, p + "/aggregator/expected", "span")).append("</td>")
            .append(cell(result, p + "/missed", "td")).append(cell(result, p + "/inclusion_delay", "td"))
            .append(cell(result, p + "/effectiveness", "td"));
      }
      h.append("</tr>");
    }
    h.append("</table><p class=\"note\">A duty succeeds when the chain receives its valid message before the next ")
        .append("slot starts; an attestation received later is included with a longer delay and counts in ")
        .append("participation but not as a success.</p></body></html>\n");
    return h.toString();
  }

  /** An element showing the value at {@code pointer}, naming the pointer. */
  private static String cell(ObjectNode result, String pointer, String tag, String... classes) {
    JsonNode value = result.at(pointer);
    if (value.isMissingNode()) {
      throw new IllegalArgumentException("no " + pointer + " in the result");
    }
    String text = value.isNull() ? "n/a" : value.asText();
    return "<" + tag + (classes.length > 0 ? " class=\"" + classes[0] + "\"" : "") + " data-json=\"" + escape(pointer)
        + "\">" + escape(text) + "</" + tag + ">";
  }
}
