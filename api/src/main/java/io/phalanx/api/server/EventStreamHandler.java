package io.phalanx.api.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.phalanx.api.BeaconEventSource;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /eth/v1/events}: a streaming answer (chunked, {@code text/event-stream}) that passes
 * every event of the beacon-node side on as it comes, for as long as the client stays connected.
 * The connection serves nothing else afterwards.
 */
final class EventStreamHandler {
  /** Logged under the server's name, with the rest of what it logs. */
  private static final Logger LOG = LoggerFactory.getLogger(ValidatorApiServer.class);
  static final String PATH = "/eth/v1/events";

  private final BeaconEventSource source;

  EventStreamHandler(BeaconEventSource source) {
    this.source = source;
  }

  static boolean matches(Request request) {
    return "GET".equals(request.method()) && PATH.equals(request.path());
  }

  /**
   * Starts the stream, or answers why not.
   *
   * @return the refusal to write instead, if the request names no topic
   */
  Optional<Response> stream(ChannelHandlerContext ctx, Request request) {
    List<String> topics = request.query().getOrDefault("topics", List.of());
    if (topics.stream().allMatch(t -> t.isBlank())) {
      return Optional.of(Response.error(400, "name at least one topic, e.g. ?topics=head,chain_reorg"));
    }
    int q = request.target().indexOf('?');
    String query = request.target().substring(q + 1);
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
    head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    HttpUtil.setTransferEncodingChunked(head, true);
    ctx.writeAndFlush(head);
    BeaconEventSource.Subscription subscription = source.subscribe(query, event -> {
      if (ctx.channel().isActive()) {
        ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(event)));
      }
    });
    ctx.channel().closeFuture().addListener(f -> subscription.close());
    // Reading on lets the event loop notice when the client goes away.
    ctx.channel().config().setAutoRead(true);
    LOG.debug("event stream ({}) to {}", query, ctx.channel().remoteAddress());
    return Optional.empty();
  }
}
