package io.phalanx.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode.ProxyRequest;
import io.phalanx.api.BeaconNode.ProxyResponse;
import io.phalanx.api.json.ApiJson;
import io.phalanx.api.json.Envelope;
import io.phalanx.api.json.ErrorBody;
import io.phalanx.api.json.ProxyHeaders;
import io.phalanx.api.json.SszBodies;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The HTTP side of one beacon node: builds each request under the node's base URL with its
 * credentials, sends it, and turns the answer into a value or a failure that names the request by
 * method, scheme, host, port and path only (an {@link ApiException} for a non-2xx or unreadable
 * answer, an {@link IOException} when the node cannot be reached).
 */
final class BeaconNodeHttp implements AutoCloseable {
  private final HttpBeaconNode.Config config;
  private final HttpClient http;
  /** Scheme, host and port: user information goes into the Authorization header instead. */
  private final String origin;
  private final String basePath;
  private final Optional<String> authorization;

  BeaconNodeHttp(HttpBeaconNode.Config config) {
    this.config = config;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1) // beacon nodes speak HTTP/1.1; h2c upgrades confuse some
        .connectTimeout(config.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    URI base = config.baseUrl();
    this.origin = base.getScheme() + "://" + base.getRawAuthority().replaceFirst("^.*@", "");
    String path = Optional.ofNullable(base.getRawPath()).orElse("");
    this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.authorization = Optional.ofNullable(base.getRawUserInfo())
        .map(u -> "Basic " + Base64.getEncoder().encodeToString(
            URLDecoder.decode(u, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)));
  }

  /** Scheme, host and port of the beacon node. */
  String origin() {
    return origin;
  }

  <T> CompletableFuture<T> get(String pathAndQuery, Function<Envelope, T> read) {
    return call("GET", pathAndQuery, null, Map.of(), read);
  }

  /** A GET whose answer is a whole document rather than an envelope's {@code data}. */
  <T> CompletableFuture<T> getDocument(String pathAndQuery, Function<JsonNode, T> read) {
    return call("GET", pathAndQuery, null, "application/json", Map.of(), read);
  }

  /** @param read how to read the answer's envelope, or null where a 2xx answer carries nothing */
  <T> CompletableFuture<T> post(String path, JsonNode body, Map<String, String> headers,
      Function<Envelope, T> read) {
    return call("POST", path, body, headers, read);
  }

  /** Posts an SSZ body; a 2xx answer carries nothing. */
  CompletableFuture<Void> postSsz(String path, byte[] body, Map<String, String> headers) {
    return call("POST", path, body, SszBodies.OCTET_STREAM, headers, null);
  }

  private <T> CompletableFuture<T> call(
      String method, String pathAndQuery, JsonNode body, Map<String, String> headers, Function<Envelope, T> read) {
    return call(method, pathAndQuery, body == null ? null : ApiJson.write(body), "application/json", headers,
        read == null ? null : json -> read.apply(Envelope.fromJson(json)));
  }

  private <T> CompletableFuture<T> call(String method, String pathAndQuery, byte[] body, String contentType,
      Map<String, String> headers, Function<JsonNode, T> read) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(origin + basePath + pathAndQuery))
        .timeout(config.requestTimeout())
        .header("Accept", "application/json");
    if (body == null) {
      builder.GET();
    } else {
      builder.header("Content-Type", contentType)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }
    headers.forEach(builder::header);
    authorization.ifPresent(a -> builder.header("Authorization", a));
    String path = pathOnly(pathAndQuery);
    return send(builder.build(), method, path, response -> {
      if (response.statusCode() / 100 != 2) {
        throw new ApiException(response.statusCode(), ErrorBody.parse(response.body(), response.statusCode())
            .map(ErrorBody::message)
            .orElse(describe(method, path) + " answered " + response.statusCode()));
      }
      if (read == null) {
        return null;
      }
      try {
        return read.apply(ApiJson.parse(response.body()));
      } catch (IllegalArgumentException e) {
        throw new ApiException(502, describe(method, path) + ": unreadable answer: " + e.getMessage(), e);
      }
    });
  }

  /** Opens the event stream; see {@link HttpBeaconNode#events}. */
  CompletableFuture<EventStream> events(String topicsQuery, Consumer<byte[]> onEvent, Consumer<Throwable> onEnd) {
    String path = "/eth/v1/events";
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(origin + basePath + path + "?" + topicsQuery))
        .header("Accept", "text/event-stream")
        .GET();
    authorization.ifPresent(a -> builder.header("Authorization", a));
    CompletableFuture<EventStream> opened = new CompletableFuture<>();
    EventStream stream = new EventStream(onEvent, onEnd);
    http.sendAsync(builder.build(), info -> {
      if (info.statusCode() == 200) {
        opened.complete(stream);
        return HttpResponse.BodySubscribers.fromSubscriber(stream, s -> null);
      }
      return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(), body -> {
        int status = info.statusCode();
        opened.completeExceptionally(new ApiException(status, ErrorBody.parse(body, status).map(ErrorBody::message)
            .orElse(describe("GET", path) + " answered " + status)));
        return null;
      });
    }).whenComplete((response, failure) -> {
      if (failure != null && !opened.completeExceptionally(ioFailure("GET", path, failure))) {
        stream.end(failure);
      }
    });
    return opened;
  }

  CompletableFuture<ProxyResponse> proxy(ProxyRequest request) {
    HttpRequest httpRequest;
    try {
      httpRequest = proxyRequest(request);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(ApiException.badRequest("request not passed on: " + e.getMessage()));
    }
    return send(httpRequest, request.method(), pathOnly(request.pathAndQuery()),
        r -> new ProxyResponse(r.statusCode(), ProxyHeaders.forwardable(r.headers().map()), r.body()));
  }

  /**
   * The request to send on: only to this beacon node (a target must be a path), with its own
   * credentials where its URL has them.
   *
   * @throws IllegalArgumentException if the target, method or a header cannot be sent
   */
  private HttpRequest proxyRequest(ProxyRequest request) {
    String target = request.pathAndQuery();
    if (!target.startsWith("/") || target.startsWith("//")) {
      throw new IllegalArgumentException("request target must be a path");
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(origin + basePath + target))
        .timeout(config.requestTimeout())
        .method(request.method(), request.body().length == 0
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    ProxyHeaders.forwardable(request.headers()).forEach((name, values) -> {
      if (authorization.isEmpty() || !name.equalsIgnoreCase("authorization")) {
        values.forEach(v -> builder.header(name, v));
      }
    });
    authorization.ifPresent(a -> builder.setHeader("Authorization", a));
    return builder.build();
  }

  @Override
  public void close() {
    http.shutdownNow();
  }

  /**
   * Sends {@code request} and completes the returned future directly (not wrapped in a
   * CompletionException) with what {@code onResponse} makes of the answer or throws.
   */
  private <T> CompletableFuture<T> send(HttpRequest request, String method, String path,
      Function<HttpResponse<byte[]>, T> onResponse) {
    CompletableFuture<T> result = new CompletableFuture<>();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
      if (failure != null) {
        result.completeExceptionally(ioFailure(method, path, failure));
        return;
      }
      try {
        result.complete(onResponse.apply(response));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  private Throwable ioFailure(String method, String path, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (!(cause instanceof IOException)) {
      return cause;
    }
    String what = describe(method, path);
    IOException named;
    if (cause instanceof HttpConnectTimeoutException) {
      named = new HttpConnectTimeoutException(what + ": no connection within " + config.connectTimeout());
    } else if (cause instanceof HttpTimeoutException) {
      named = new HttpTimeoutException(what + ": no answer within " + config.requestTimeout());
    } else {
      String detail = cause.getMessage() == null ? "" : ": " + cause.getMessage();
      named = new IOException(what + ": " + cause.getClass().getSimpleName() + detail);
    }
    named.initCause(cause);
    return named;
  }

  private String describe(String method, String path) {
    return method + " " + origin + path;
  }

  private static String pathOnly(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
  }
}
