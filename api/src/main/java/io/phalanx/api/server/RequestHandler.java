package io.phalanx.api.server;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.phalanx.api.ApiException;
import io.phalanx.api.json.ErrorBody;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each request of one connection to the router and writes the answer when its future
 * completes, on whatever thread that is; Netty moves the write onto the event loop. Requests on a
 * connection are answered one at a time, in order: further requests wait in a queue and reading
 * pauses until the answer is written, so pipelined requests cannot be answered out of order.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  /** Logged under the server's name, with the rest of what it logs. */
  private static final Logger LOG = LoggerFactory.getLogger(ValidatorApiServer.class);

  private final Router<RouteHandler> router;
  /** Answers requests no route serves. */
  private final RouteHandler fallback;
  /** Null where no event source is configured: the router's route answers instead. */
  private final EventStreamHandler events;
  private final RequestObserver observer;
  /** Null when exchanges are not captured: then capturing costs nothing. */
  private final BiConsumer<Request, Response> capture;
  private final Queue<Pending> queued = new ArrayDeque<>();
  private boolean busy;
  private boolean streaming;

  /** A request waiting for the answers before it on its connection. */
  private record Pending(Request request, boolean keepAlive) {}

  RequestHandler(Router<RouteHandler> router, RouteHandler fallback, EventStreamHandler events,
      RequestObserver observer) {
    this(router, fallback, events, observer, null);
  }

  /** @param capture told of each routed request and its answer just before it is written; null for none */
  RequestHandler(Router<RouteHandler> router, RouteHandler fallback, EventStreamHandler events,
      RequestObserver observer, BiConsumer<Request, Response> capture) {
    this.router = router;
    this.fallback = fallback;
    this.events = events;
    this.observer = observer;
    this.capture = capture;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest message) {
    if (streaming) {
      return; // an event stream holds this connection: nothing else is answered on it
    }
    if (!message.decoderResult().isSuccess()) {
      Response refusal = switch (message.decoderResult().cause()) {
        case TooLongHttpLineException e -> Response.error(414, "request line longer than "
            + ValidatorApiServer.MAX_REQUEST_LINE + " bytes");
        case TooLongHttpHeaderException e -> Response.error(431, "request headers larger than "
            + ValidatorApiServer.MAX_HEADERS + " bytes");
        default -> Response.error(400, "malformed HTTP request");
      };
      long start = System.nanoTime();
      write(ctx, refusal, false, message.method().name() + " " + message.uri(), start);
      observe(message.method().name(), "malformed", refusal.status(), start);
      return;
    }
    queued.add(new Pending(copy(message), HttpUtil.isKeepAlive(message)));
    ctx.channel().config().setAutoRead(false);
    if (!busy) {
      next(ctx);
    }
  }

  private void next(ChannelHandlerContext ctx) {
    if (streaming) {
      queued.clear();
      return;
    }
    Pending pending = queued.poll();
    if (pending == null) {
      busy = false;
      ctx.channel().config().setAutoRead(true);
      return;
    }
    busy = true;
    long start = System.nanoTime();
    Request request = pending.request();
    if (events != null && EventStreamHandler.matches(request)) {
      var refusal = events.stream(ctx, request);
      if (refusal.isEmpty()) {
        streaming = true;
        queued.clear();
        observe(request.method(), EventStreamHandler.PATH, 200, start);
        return;
      }
      write(ctx, refusal.get(), false, request.method() + " " + request.target(), start);
      observe(request.method(), EventStreamHandler.PATH, refusal.get().status(), start);
      return;
    }
    CompletableFuture<Response> answer = dispatch(request);
    answer.whenComplete((response, failure) -> {
      Response r = failure == null ? response : errorResponse(request, failure);
      ctx.executor().execute(() -> {
        // Captured before it is written: a client that has read its answer knows the capture saw
        // it, and an exchange answered before capturing began is never captured.
        if (capture != null) {
          capturing(request, r);
        }
        write(ctx, r, pending.keepAlive(), request.method() + " " + request.target(), start);
        observe(request.method(), routeOf(request), r.status(), start);
        if (pending.keepAlive() && ctx.channel().isActive()) {
          next(ctx);
        }
      });
    });
  }

  /** Runs the matching route's handler, or the fallback; a handler that throws yields a failed future. */
  private CompletableFuture<Response> dispatch(Request request) {
    try {
      Optional<Router.Match<RouteHandler>> match = router.match(request.method(), request.path());
      if (match.isPresent()) {
        return Objects.requireNonNull(match.get().handler().handle(request.withPathParameters(
            match.get().pathParameters())), match.get().route().template() + " answered no future");
      }
      return Objects.requireNonNull(fallback.handle(request), "the fallback answered no future");
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The template of the route that serves {@code request}, or {@link RequestObserver#PROXIED}. */
  private String routeOf(Request request) {
    return router.match(request.method(), request.path()).map(m -> m.route().template())
        .orElse(RequestObserver.PROXIED);
  }

  private void observe(String method, String route, int status, long startNanos) {
    try {
      observer.answered(method, route, status, Duration.ofNanos(System.nanoTime() - startNanos));
    } catch (RuntimeException e) {
      LOG.warn("a request observer failed", e);
    }
  }

  private void capturing(Request request, Response response) {
    try {
      capture.accept(request, response);
    } catch (RuntimeException e) {
      LOG.warn("an exchange capture failed", e);
    }
  }

  private static void write(
      ChannelHandlerContext ctx, Response response, boolean keepAlive, String what, long start) {
    FullHttpResponse http;
    try {
      http = toHttp(response, keepAlive);
    } catch (IllegalArgumentException e) {
      // A passed-through answer with a header Netty will not write: say so rather than hang.
      LOG.warn("{}: answer could not be written: {}", what, e.getMessage());
      http = toHttp(Response.error(502, "beacon node answer could not be passed on"), keepAlive);
    }
    var written = ctx.writeAndFlush(http);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
    LOG.debug("{} -> {} in {} ms", what, response.status(), (System.nanoTime() - start) / 1_000_000);
  }

  private static FullHttpResponse toHttp(Response response, boolean keepAlive) {
    FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
    response.headers().forEach((name, values) -> http.headers().add(name, values));
    HttpUtil.setContentLength(http, response.body().length);
    HttpUtil.setKeepAlive(http, keepAlive);
    return http;
  }

  /**
   * What a failure becomes: an ApiException its own status and message, an unreachable beacon node
   * 502, anything else 500 with a fixed message: the cause is logged here, not shown to clients.
   */
  private static Response errorResponse(Request request, Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ApiException e && e.status() >= 400 && e.status() <= 599) {
      return Response.error(ErrorBody.of(e));
    }
    if (cause instanceof IOException) {
      LOG.warn("beacon node unreachable for {} {}: {}", request.method(), request.path(), cause.getMessage());
      return Response.error(502, "beacon node unreachable");
    }
    LOG.warn("internal error answering {} {}", request.method(), request.path(), cause);
    return Response.error(500, "internal error");
  }

  private static Request copy(FullHttpRequest message) {
    QueryStringDecoder decoder = new QueryStringDecoder(message.uri());
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : message.headers().names()) {
      headers.put(name, List.copyOf(message.headers().getAll(name)));
    }
    return new Request(message.method().name(), message.uri(), decoder.path(), Map.copyOf(decoder.parameters()),
        headers, ByteBufUtil.getBytes(message.content()), Map.of());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("closing connection from {}: {}", ctx.channel().remoteAddress(), String.valueOf(cause));
    ctx.close();
  }
}
