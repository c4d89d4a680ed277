package io.phalanx.api.capture;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request and the answer a beacon-API server gave to it, as they went over the wire.
 *
 * @param server which server answered, e.g. "validator API of node 0" or a beacon node's URL
 * @param method the HTTP method
 * @param path the decoded path, without the query
 * @param query the decoded query parameters, each with every value it was given
 * @param requestHeaders the request's headers (names as sent)
 * @param requestBody the request's body, empty if none
 * @param status the answer's HTTP status
 * @param responseHeaders the answer's headers, Content-Type included where one was sent
 * @param responseBody the answer's body, empty if none
 */
public record CapturedExchange(
    String server,
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, List<String>> requestHeaders,
    byte[] requestBody,
    int status,
    Map<String, List<String>> responseHeaders,
    byte[] responseBody) {
  public CapturedExchange {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    query = Map.copyOf(query);
    requestHeaders = Map.copyOf(requestHeaders);
    requestBody = requestBody.clone();
    responseHeaders = Map.copyOf(responseHeaders);
    responseBody = responseBody.clone();
  }

  /** The first value of a request header, by case-insensitive name. */
  public Optional<String> requestHeader(String name) {
    return first(requestHeaders, name);
  }

  /** The first value of a response header, by case-insensitive name. */
  public Optional<String> responseHeader(String name) {
    return first(responseHeaders, name);
  }

  @Override
  public byte[] requestBody() {
    return requestBody.clone();
  }

  @Override
  public byte[] responseBody() {
    return responseBody.clone();
  }

  /** The same exchange with another answer: what the conformance suite's own tests break. */
  public CapturedExchange withResponse(int otherStatus, Map<String, List<String>> headers, byte[] body) {
    return new CapturedExchange(server, method, path, query, requestHeaders, requestBody, otherStatus, headers, body);
  }

  /** The same exchange with another request body and headers. */
  public CapturedExchange withRequest(Map<String, List<String>> headers, byte[] body) {
    return new CapturedExchange(server, method, path, query, headers, body, status, responseHeaders, responseBody);
  }

  /** "POST /eth/v2/beacon/pool/attestations -> 200 (validator API of node 0)", for reports. */
  @Override
  public String toString() {
    return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " -> " + status + " (" + server + ")";
  }

  /** The request body as text, at most {@code max} characters; SSZ bodies are named, not shown. */
  public String requestText(int max) {
    return text(requestHeader("Content-Type"), requestBody, max);
  }

  /** The response body as text, at most {@code max} characters. */
  public String responseText(int max) {
    return text(responseHeader("Content-Type"), responseBody, max);
  }

  private static String text(Optional<String> contentType, byte[] body, int max) {
    if (contentType.filter(t -> t.startsWith("application/octet-stream")).isPresent()) {
      return "(" + body.length + " bytes of SSZ)";
    }
    String s = new String(body, StandardCharsets.UTF_8);
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  private static Optional<String> first(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
        .map(e -> e.getValue().getFirst())
        .findFirst();
  }
}
