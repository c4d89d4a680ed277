package io.phalanx.cli;

import io.phalanx.cluster.lock.Operator;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** {@code host:port} options, and the peer list of commands that talk to every operator. */
final class HostPorts {
  private HostPorts() {}

  static InetSocketAddress parse(String text, String what) {
    int colon = text.lastIndexOf(':');
    try {
      if (colon <= 0) {
        throw new NumberFormatException();
      }
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(text.substring(0, colon), port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be host:port with a port from 1 to 65535, got '" + text + "'");
    }
  }

  /** Where the operators' addresses come from, in a command's own words. */
  enum Source {
    LOCK("the cluster lock", "the cluster", "node", "node order"),
    DEFINITION("the definition", "the definition", "operator", "definition order");

    private final String file;
    private final String whole;
    private final String member;
    private final String order;

    Source(String file, String whole, String member, String order) {
      this.file = file;
      this.whole = whole;
      this.member = member;
      this.order = order;
    }
  }

  /**
   * Every operator's p2p address in order: {@code --peers} when given, else the addresses the
   * operators carry in {@code source}.
   */
  static List<InetSocketAddress> peers(List<String> given, List<Operator> operators, Source source) {
    List<InetSocketAddress> out = new ArrayList<>();
    if (given != null && !given.isEmpty()) {
      if (given.size() != operators.size()) {
        throw new IllegalArgumentException("--peers names " + given.size() + " addresses but " + source.whole
            + " has " + operators.size() + " " + source.member + "s: give every " + source.member
            + "'s p2p address in " + source.order + ", this node's own included");
      }
      for (String p : given) {
        out.add(parse(p.trim(), "--peers"));
      }
      return out;
    }
    for (Operator operator : operators) {
      String a = operator.address().orElseThrow(() -> new IllegalArgumentException(source.file
          + " has no p2p address for every " + source.member + "; give them with --peers host:port,... in "
          + source.order));
      out.add(parse(a, "the address of a " + source.member + " in " + source.file));
    }
    return out;
  }
}
