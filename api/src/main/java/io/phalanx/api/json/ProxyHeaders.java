package io.phalanx.api.json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which headers a passed-through request or answer keeps (RFC 9110 section 7.6.1): hop-by-hop
 * headers and those a Connection header names belong to one connection, and Host, Content-Length
 * and Expect are set anew by whoever sends the message on. Both the server and the client use it,
 * so a header is dropped by the same rule on either side.
 */
public final class ProxyHeaders {
  private static final Set<String> DROPPED = Set.of(
      "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te",
      "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect", "http2-settings");

  private ProxyHeaders() {}

  /** The headers of {@code headers} that are passed on, names and value order kept. */
  public static Map<String, List<String>> forwardable(Map<String, List<String>> headers) {
    Set<String> named = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> {
      if (name.equalsIgnoreCase("connection")) {
        values.forEach(v -> {
          for (String token : v.split(",")) {
            named.add(token.trim());
          }
        });
      }
    });
    Map<String, List<String>> kept = new LinkedHashMap<>();
    headers.forEach((name, values) -> {
      if (!name.startsWith(":") && !DROPPED.contains(name.toLowerCase(Locale.ROOT)) && !named.contains(name)) {
        kept.put(name, List.copyOf(values));
      }
    });
    return kept;
  }
}
