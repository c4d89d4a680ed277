package io.phalanx.sim.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * One scheduled fault: what, on which nodes, from the start of slot {@code fromSlot} until the
 * start of slot {@code untilSlot} (to the end of the run when absent).
 *
 * @param groups for {@link FaultKind#PARTITION} and {@link FaultKind#LATENCY}, the sides whose
 *     links are hit (a single group: that group against all other nodes); for the other kinds one
 *     group, the nodes it befalls
 * @param amount the delay, added round-trip time or clock offset; zero for kinds without one
 * @param text as written in the schedule
 */
public record Fault(FaultKind kind, List<Set<Integer>> groups, long fromSlot, OptionalLong untilSlot, Duration amount,
    String text) {
  public Fault {
    groups = groups.stream().map(g -> Set.copyOf(new TreeSet<>(g))).toList();
    if (untilSlot.isPresent() && untilSlot.getAsLong() <= fromSlot) {
      throw new IllegalArgumentException("fault '" + text + "' ends (slot " + untilSlot.getAsLong()
          + ") before it begins (slot " + fromSlot + "): write kind:target@from-until with until after from");
    }
  }

  /** The nodes it befalls (for link faults, every node named on either side). */
  public Set<Integer> nodes() {
    Set<Integer> all = new TreeSet<>();
    groups.forEach(all::addAll);
    return all;
  }

  /** Whether it is on during {@code slot}. */
  public boolean activeIn(long slot) {
    return slot >= fromSlot && (untilSlot.isEmpty() || slot < untilSlot.getAsLong());
  }

  /**
   * The directed links ({@code [from, to]}) between different sides, given {@code nodes} in all:
   * a single group is set against every other node.
   */
  public List<int[]> links(int nodes) {
    List<Set<Integer>> sides = new ArrayList<>(groups);
    if (sides.size() == 1) {
      Set<Integer> rest = new TreeSet<>();
      for (int i = 0; i < nodes; i++) {
        if (!sides.get(0).contains(i)) {
          rest.add(i);
        }
      }
      sides.add(rest);
    }
    List<int[]> links = new ArrayList<>();
    for (int a = 0; a < sides.size(); a++) {
      for (int b = 0; b < sides.size(); b++) {
        if (a != b) {
          for (int i : sides.get(a)) {
            for (int j : sides.get(b)) {
              links.add(new int[] {i, j});
            }
          }
        }
      }
    }
    return links;
  }
}
