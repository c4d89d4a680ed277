package io.phalanx.sim;

import io.phalanx.sim.chain.Faults;
import java.util.OptionalLong;

/**
 * A fault an experimenter schedules on one simulated beacon node: beacon node {@code bn} of
 * Phalanx node {@code node} goes into {@code fault} at the start of {@code from} and out of it at
 * the end of {@code to} (never, if absent). Written {@code <node>:<bn>:<kind>@<slot>[-<slot>]}.
 */
public record BeaconNodeFault(int node, int bn, Faults.Fault fault, long from, OptionalLong to) {
  private static final String FORM = "<node>:<bn>:<kind>@<slot>[-<slot>], e.g. 0:0:down@10-17 or 1:0:slow=800@8";

  /**
   * Parses {@code <node>:<bn>:<kind>@<slot>[-<slot>]}.
   *
   * @throws IllegalArgumentException naming what is malformed
   */
  public static BeaconNodeFault parse(String text, String option) {
    String[] parts = text.split(":", 3);
    int at = parts.length == 3 ? parts[2].lastIndexOf('@') : -1;
    if (at <= 0) {
      throw new IllegalArgumentException(option + " takes " + FORM + ", got '" + text + "'");
    }
    Faults.Fault fault = Faults.Fault.parse(parts[2].substring(0, at));
    try {
      int node = Integer.parseInt(parts[0].trim());
      int bn = Integer.parseInt(parts[1].trim());
      String slots = parts[2].substring(at + 1).trim();
      int dash = slots.indexOf('-');
      long from = Long.parseLong(dash < 0 ? slots : slots.substring(0, dash));
      OptionalLong to = dash < 0 ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(slots.substring(dash + 1)));
      if (node < 0 || bn < 0 || from < 0 || to.isPresent() && to.getAsLong() < from) {
        throw new NumberFormatException();
      }
      return new BeaconNodeFault(node, bn, fault, from, to);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes " + FORM + " (indices from 0, slots from genesis, the end"
          + " slot not before the start), got '" + text + "'");
    }
  }

  @Override
  public String toString() {
    return node + ":" + bn + ":" + fault + "@" + from + (to.isPresent() ? "-" + to.getAsLong() : "");
  }
}
