package io.phalanx.sim.vc;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which {@link CallPattern} each node's validator clients follow, as {@code simnet --vc-pattern}
 * takes it: one preset for every client ({@code teku}) or presets per node ({@code
 * 0=teku,1=lighthouse}; nodes not named follow the default).
 *
 * @param all the pattern of clients of nodes not named in {@code byNode}
 * @param byNode patterns of particular nodes, by node index
 */
public record CallPatterns(CallPattern all, Map<Integer, CallPattern> byNode) {
  /** Every client calls the plainest way. */
  public static final CallPatterns DEFAULT = new CallPatterns(CallPattern.DEFAULT, Map.of());

  public CallPatterns {
    Objects.requireNonNull(all, "all");
    byNode = Map.copyOf(byNode);
  }

  /** The same pattern for every client. */
  public static CallPatterns everyClient(CallPattern pattern) {
    return new CallPatterns(pattern, Map.of());
  }

  /**
   * Reads {@code NAME} or {@code NODE=NAME[,NODE=NAME...]}.
   *
   * @throws IllegalArgumentException naming the unknown preset or the malformed entry, and the presets
   */
  public static CallPatterns parse(String text) {
    String trimmed = text.trim();
    if (!trimmed.contains("=")) {
      return everyClient(preset(trimmed));
    }
    Map<Integer, CallPattern> byNode = new TreeMap<>();
    for (String entry : trimmed.split(",")) {
      String[] parts = entry.trim().split("=", 2);
      if (parts.length != 2 || !parts[0].trim().matches("[0-9]{1,4}")) {
        throw new IllegalArgumentException("--vc-pattern: expected NAME or NODE=NAME[,NODE=NAME...], got '" + entry
            + "'");
      }
      int node = Integer.parseInt(parts[0].trim());
      if (byNode.put(node, preset(parts[1].trim())) != null) {
        throw new IllegalArgumentException("--vc-pattern: node " + node + " named twice");
      }
    }
    return new CallPatterns(CallPattern.DEFAULT, byNode);
  }

  /** The pattern of node {@code node}'s validator clients. */
  public CallPattern of(int node) {
    return byNode.getOrDefault(node, all);
  }

  /** Checks every named node exists among {@code nodes}. */
  public CallPatterns checkNodes(int nodes) {
    for (int node : byNode.keySet()) {
      if (node >= nodes) {
        throw new IllegalArgumentException("--vc-pattern: no node " + node + " (nodes are 0 to " + (nodes - 1) + ")");
      }
    }
    return this;
  }

  /** "node 0 teku, node 1 lighthouse, ..." for the first {@code nodes} nodes. */
  public String describe(int nodes) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < nodes; i++) {
      s.append(i == 0 ? "" : ", ").append("node ").append(i).append(' ').append(of(i).name());
    }
    return s.toString();
  }

  private static CallPattern preset(String name) {
    return CallPattern.named(name).orElseThrow(() -> new IllegalArgumentException("--vc-pattern: unknown preset '"
        + name + "'; presets: " + Arrays.stream(CallPattern.all()).map(CallPattern::name)
        .collect(Collectors.joining(", "))));
  }
}
