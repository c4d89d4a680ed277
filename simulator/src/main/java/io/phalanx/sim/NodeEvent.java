package io.phalanx.sim;

/**
 * A fault an experimenter schedules: stop or start node {@code node} at the start of {@code slot},
 * written {@code <node>@<slot>} on the command line.
 */
public record NodeEvent(int node, long slot) {
  /**
   * Parses {@code <node>@<slot>}.
   *
   * @throws IllegalArgumentException naming the malformed text
   */
  public static NodeEvent parse(String text, String option) {
    int at = text.indexOf('@');
    try {
      if (at <= 0 || at == text.length() - 1) {
        throw new NumberFormatException();
      }
      int node = Integer.parseInt(text.substring(0, at).trim());
      long slot = Long.parseLong(text.substring(at + 1).trim());
      if (node < 0 || slot < 0) {
        throw new NumberFormatException();
      }
      return new NodeEvent(node, slot);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " takes <node>@<slot>, e.g. 1@12 (node index from 0, slot from genesis), got '" + text + "'");
    }
  }
}
