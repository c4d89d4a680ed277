package io.phalanx.consensus.tls;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Puts the caller's node index, taken from its pinned TLS certificate, into the call's context,
 * and closes calls from anyone else (the handshake should already have refused them) and from this
 * node itself. The gRPC services between operators (partial-signature exchange, DKG) share it.
 */
public final class PinnedPeerInterceptor implements ServerInterceptor {
  private final PinnedPeers pinned;
  private final int self;
  private final Context.Key<Integer> peer;
  private final Consumer<SocketAddress> onRefused;

  /**
   * @param peer the context key the caller's node index is put under
   * @param onRefused told the remote address of each refused call, e.g. to log it
   */
  public PinnedPeerInterceptor(PinnedPeers pinned, int self, Context.Key<Integer> peer,
      Consumer<SocketAddress> onRefused) {
    this.pinned = pinned;
    this.self = self;
    this.peer = peer;
    this.onRefused = onRefused;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Optional<Integer> index = pinned.nodeIndexOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
    if (index.isEmpty() || index.get() == self) {
      onRefused.accept(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
      call.close(Status.PERMISSION_DENIED.withDescription("not a pinned peer"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(Context.current().withValue(peer, index.get()), call, headers, next);
  }
}
